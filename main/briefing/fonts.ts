/**
 * The fonts a briefing embeds, as data: URLs (a briefing loads nothing from outside itself): Noto Sans
 * (Latin, regular and bold), Noto Sans Arabic (Arabic script, regular and bold: Arabic and Persian
 * text in the evidence), Noto Sans Mono (hashes, indicators). Only the Latin and Arabic subsets,
 * each with its unicode-range, so Chromium picks the face per character and shapes Arabic with its
 * own font. Read once from the @fontsource packages installed with Locard.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Basic Latin, Latin-1, punctuation and symbols: what fontsource's "latin" subsets cover. */
const LATIN_RANGE =
  'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';
const ARABIC_RANGE =
  'U+0600-06FF,U+0750-077F,U+0870-088E,U+0890-0891,U+0897-08E1,U+08E3-08FF,U+200C-200E,U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FE74,U+FE76-FEFC';

interface Face {
  readonly family: string;
  readonly weight: 400 | 700;
  readonly file: string;
  readonly range: string;
}

const FACES: readonly Face[] = [
  {
    family: 'Noto Sans',
    weight: 400,
    file: '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2',
    range: LATIN_RANGE,
  },
  {
    family: 'Noto Sans',
    weight: 700,
    file: '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2',
    range: LATIN_RANGE,
  },
  {
    family: 'Noto Sans Arabic',
    weight: 400,
    file: '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2',
    range: ARABIC_RANGE,
  },
  {
    family: 'Noto Sans Arabic',
    weight: 700,
    file: '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff2',
    range: ARABIC_RANGE,
  },
  {
    family: 'Noto Sans Mono',
    weight: 400,
    file: '@fontsource/noto-sans-mono/files/noto-sans-mono-latin-400-normal.woff2',
    range: LATIN_RANGE,
  },
];

export const FONT_STACK = "'Noto Sans', 'Noto Sans Arabic', sans-serif";
export const MONO_STACK = "'Noto Sans Mono', 'Noto Sans Arabic', monospace";

let cached: string | undefined;

/** The @font-face rules with every font inline (about 190 KB of CSS). */
export function fontFaceCss(): string {
  cached ??= FACES.map((face) => {
    const data = readFileSync(require.resolve(face.file)).toString('base64');
    return `@font-face{font-family:'${face.family}';font-style:normal;font-weight:${String(face.weight)};font-display:block;src:url(data:font/woff2;base64,${data}) format('woff2');unicode-range:${face.range};}`;
  }).join('\n');
  return cached;
}
