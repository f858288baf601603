/**
 * What a file's name says about it, in the analyst's words: an extension that promises other content
 * than the file holds, characters that make the name display as something it is not (a right-to-left
 * override turning "…fdp.exe" into "…exe.pdf"), and names near the file systems' 255-byte limit.
 * Pure functions of the name (and the kind found by content); parsers/index.ts adds them as warnings.
 */
import { escapeDisplayName } from '../detect.js';
import type { DetectedKind } from '../types.js';

/** What an extension promises, for the warning (the kinds it allows are detect.ts's EXTENSION_KINDS). */
const EXTENSION_PROMISES: Readonly<Record<string, string>> = {
  pdf: 'a PDF',
  png: 'a PNG image',
  jpg: 'a JPEG image',
  jpeg: 'a JPEG image',
  gif: 'a GIF image',
  webp: 'a WebP image',
  tif: 'a TIFF image',
  tiff: 'a TIFF image',
  heic: 'a HEIC image',
  mp4: 'an MP4 video',
  m4v: 'an MP4 video',
  mov: 'a QuickTime video',
  webm: 'a WebM video',
  mkv: 'a Matroska video',
  avi: 'an AVI video',
  mp3: 'MP3 audio',
  m4a: 'MP4 audio',
  wav: 'WAV audio',
  ogg: 'Ogg audio or video',
  flac: 'FLAC audio',
  zip: 'a ZIP archive',
  tar: 'a TAR archive',
  gz: 'a GZIP archive',
  tgz: 'a GZIP-compressed TAR archive',
  eml: 'an e-mail',
  mbox: 'a mailbox',
  mht: 'a saved web page (MHTML)',
  mhtml: 'a saved web page (MHTML)',
  html: 'a web page',
  htm: 'a web page',
  txt: 'text',
  log: 'a log',
  md: 'Markdown text',
  json: 'JSON',
  csv: 'CSV',
  tsv: 'TSV',
  exe: 'a Windows program',
  dll: 'a Windows library',
};

/** The content as found, for the warning. */
const KIND_NAMES: Readonly<Record<DetectedKind, string>> = {
  text: 'plain text',
  markdown: 'Markdown text',
  json: 'JSON',
  csv: 'CSV/TSV text',
  html: 'an HTML page',
  mhtml: 'a saved web page (MHTML)',
  pdf: 'a PDF',
  email: 'an e-mail',
  mbox: 'a mailbox',
  image: 'an image',
  video: 'a video',
  audio: 'audio',
  archive: 'an archive',
  binary: 'unrecognised binary data',
};

/** The extension after the last dot, lower-cased, if any. */
export function extensionOf(name: string): string | undefined {
  return /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase();
}

/**
 * "Not a PNG image despite its name (.png): the content is plain text, and it was read as such." —
 * for a name whose extension promises other content (the caller decided that it does).
 */
export function mismatchWarning(name: string, kind: DetectedKind): string {
  const extension = extensionOf(name);
  const promised = extension === undefined ? undefined : EXTENSION_PROMISES[extension];
  const found = KIND_NAMES[kind];
  const how = kind === 'binary' ? 'it was kept as bytes' : 'it was read as such';
  if (extension === undefined || promised === undefined) {
    return `The name suggests another type of file: the content is ${found}, and ${how}.`;
  }
  return `Not ${promised} despite its name (.${extension}): the content is ${found}, and ${how}.`;
}

/** Names of the characters escapeDisplayName shows as \u{…}. */
const CHARACTER_NAMES: Readonly<Record<number, string>> = {
  0x061c: 'an Arabic letter mark',
  0x200b: 'a zero-width space',
  0x200c: 'a zero-width non-joiner',
  0x200d: 'a zero-width joiner',
  0x200e: 'a left-to-right mark',
  0x200f: 'a right-to-left mark',
  0x2028: 'a line separator',
  0x2029: 'a paragraph separator',
  0x202a: 'a left-to-right embedding',
  0x202b: 'a right-to-left embedding',
  0x202c: 'a pop directional formatting',
  0x202d: 'a left-to-right override',
  0x202e: 'a right-to-left override',
  0x2060: 'a word joiner',
  0x2066: 'a left-to-right isolate',
  0x2067: 'a right-to-left isolate',
  0x2068: 'a first-strong isolate',
  0x2069: 'a pop directional isolate',
  0xfeff: 'a zero-width no-break space',
};

function characterName(codePoint: number): string {
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  const name =
    CHARACTER_NAMES[codePoint] ??
    (codePoint >= 0x2061 && codePoint <= 0x2064 ? 'an invisible operator' : 'a control character');
  return `${name} (U+${hex})`;
}

const RLO = '\u202e';
const PDF = '\u202c';
/** Bidirectional controls other than RLO and PDF, and right-to-left letters: the display is not the simple case. */
const COMPLEX_BIDI = /[\u202a-\u202b\u202d\u2066-\u2069\u200e\u200f\u061c\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]/u;

/**
 * How a left-to-right name with right-to-left overrides displays: each run from U+202E to U+202C (or
 * the end) is shown reversed. Null when the name holds other direction controls or right-to-left
 * letters (then the display depends on more of the bidi algorithm than is worth imitating here).
 */
export function displayedAs(name: string): string | null {
  if (!name.includes(RLO) || COMPLEX_BIDI.test(name)) return null;
  let shown = '';
  let rest = name;
  for (let at = rest.indexOf(RLO); at !== -1; at = rest.indexOf(RLO)) {
    shown += rest.slice(0, at);
    const after = rest.slice(at + 1);
    const end = after.indexOf(PDF);
    const run = end === -1 ? after : after.slice(0, end);
    shown += [...run].reverse().join('');
    rest = end === -1 ? '' : after.slice(end + 1);
  }
  shown += rest;
  return shown.replaceAll(PDF, '');
}

/** Most file systems (ext4, APFS, NTFS in UTF-16 units) stop at 255 bytes or characters per name. */
const NAME_LIMIT_BYTES = 255;
/** A name this long is flagged: copies of it (a suffix added on export, another file system) may not fit. */
export const LONG_NAME_BYTES = 200;

/** Warnings about the name itself: direction-changing or invisible characters, and its length. */
export function nameWarnings(name: string): string[] {
  const warnings: string[] = [];
  const shown = escapeDisplayName(name);
  if (shown !== name) {
    const found = [...new Set([...name].filter((char) => escapeDisplayName(char) !== char))].map((char) =>
      characterName(char.codePointAt(0) ?? 0),
    );
    const display = displayedAs(name);
    const extension = extensionOf(name);
    const disguise =
      display !== null && display !== name
        ? `: it displays as "${escapeDisplayName(display)}"${extension === undefined ? '' : `, but its real extension is .${extension}`}`
        : '';
    warnings.push(`The name contains ${found.join(', ')}${disguise}. It is shown escaped: "${shown}".`);
  }
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes >= LONG_NAME_BYTES) {
    warnings.push(
      `The name is ${String(bytes)} bytes long, close to the ${String(NAME_LIMIT_BYTES)}-byte limit of most file systems: it is kept whole in the case and never used as a file name (derived files get generated names).`,
    );
  }
  return warnings;
}
