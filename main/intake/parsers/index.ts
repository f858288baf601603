/**
 * The parser registry: one function per detected kind, and `parseEvidence`, which detects the kind
 * by content when the caller does not know it. Runs inside the parse worker (see ../worker.ts).
 */
import { detectFile, escapeDisplayName, extensionMismatch, kindFromExtension } from '../detect.js';
import { ParseFailure } from '../types.js';
import type { DetectedKind, ParseResult } from '../types.js';
import { parseBinary } from './binary.js';
import { type ParserInput, entropy, readHead } from './common.js';
import { mismatchWarning, nameWarnings } from './names.js';

export type { ParserInput } from './common.js';

/**
 * Each parser's module (and its libraries: pdf.js, mailparser, htmlparser2, exifr…) is loaded the first
 * time a file of its kind comes: a worker that only meets binaries or text starts in a fraction of the
 * time (loading them all took ~250 ms of a core, beside the importer's first file).
 */
export async function parseKind(kind: DetectedKind, input: ParserInput): Promise<ParseResult> {
  switch (kind) {
    case 'text':
      return (await import('./text.js')).parseText(input);
    case 'markdown':
      return (await import('./text.js')).parseMarkdown(input);
    case 'json':
      return (await import('./text.js')).parseJson(input);
    case 'csv':
      return (await import('./text.js')).parseDelimited(input);
    case 'html':
      return (await import('./html.js')).parseHtml(input);
    case 'mhtml':
      return (await import('./email.js')).parseMhtml(input);
    case 'pdf':
      return (await import('./pdf.js')).parsePdf(input);
    case 'email':
      return (await import('./email.js')).parseEmail(input);
    case 'mbox':
      return (await import('./mbox.js')).parseMbox(input);
    case 'image':
      return (await import('./image.js')).parseImage(input);
    case 'video':
      return (await import('./media.js')).parseMedia(input, 'video');
    case 'audio':
      return (await import('./media.js')).parseMedia(input, 'audio');
    case 'archive':
      return (await import('./archive.js')).parseArchive(input);
    case 'binary':
      return parseBinary(input);
  }
}

/**
 * Detects the kind by content (unless given) and parses. The result's metadata also carries the
 * detected MIME type, whether the name's extension contradicts the content, and the name as it is
 * safe to display.
 */
export async function parseEvidence(input: ParserInput, kind?: DetectedKind): Promise<ParseResult> {
  const detection = kind === undefined ? await detectFile(input.path) : undefined;
  const detected = kind ?? detection?.kind ?? 'binary';
  // An empty file has no content to judge (detection says 'text'): its extension picks the parser,
  // which refuses it clearly ("the e-mail is empty (0 bytes)"). Same when the caller passes the kind.
  const chosen = input.size === 0 && detected === 'text' ? (kindFromExtension(input.name) ?? detected) : detected;
  if (chosen === 'binary') await refuseMislabelled(input);
  const parsed = chosen === 'binary' ? await parseBinary(input, detection?.mime) : await parseKind(chosen, input);
  const mismatch = extensionMismatch(input.name, parsed.kind);
  const displayName = escapeDisplayName(input.name);
  const warnings = [...parsed.warnings];
  if (mismatch) warnings.push(mismatchWarning(input.name, parsed.kind));
  warnings.push(...nameWarnings(input.name));
  return {
    ...parsed,
    metadata: {
      ...parsed.metadata,
      detectedMime: detection?.mime ?? null,
      extensionMismatch: mismatch,
      displayName,
    },
    warnings,
  };
}

/** Extensions whose promise is specific enough that unrecognisable content is refused, not stored as 'binary'. */
const STRUCTURED_EXTENSIONS: Readonly<Record<string, string>> = {
  pdf: 'PDF',
  png: 'PNG image',
  jpg: 'JPEG image',
  jpeg: 'JPEG image',
  gif: 'GIF image',
  webp: 'WebP image',
  mp4: 'MP4 video',
  mov: 'QuickTime video',
  zip: 'ZIP archive',
  gz: 'GZIP archive',
  eml: 'e-mail',
};

/** Above this many bits per byte the content is random or encrypted data. */
const RANDOM_ENTROPY = 7.5;

/** A ".pdf" (".png", ".zip"…) whose bytes match no known format is refused with the reason. */
async function refuseMislabelled(input: ParserInput): Promise<void> {
  const extension = /\.([a-z0-9]+)$/i.exec(input.name)?.[1]?.toLowerCase();
  const promised = extension === undefined ? undefined : STRUCTURED_EXTENSIONS[extension];
  if (promised === undefined) return;
  const head = await readHead(input.path, Math.min(input.size, 64 * 1024));
  const what = entropy(head) > RANDOM_ENTROPY ? 'content is random bytes' : `no ${promised} signature was found`;
  throw new ParseFailure(`not a ${promised}: ${what}`);
}
