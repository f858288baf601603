/**
 * From the recogniser's lines and words to one searchable text with a box per word, and back from a
 * stretch of that text to a box on the picture (`boxForRange`). Pure: no Tesseract, no files.
 *
 * The text is built here rather than taken from Tesseract, so every word's offsets are exact by
 * construction and the separator between two words can be corrected from the pixels: Tesseract's
 * LSTM models read an underscore between two words (`fl_voters_2020.csv` on a terminal) as a space
 * more often than not, which splits exactly the file names and paths an analyst is after. An
 * underscore is a horizontal stroke under the baseline with nothing above it, between two words that
 * sit one character cell apart; `separatorBetween` looks for that in the picture.
 */
import type { PixelBox } from '../../shared/indicator-types.js';
import type { OcrResult, OcrWord } from './types.js';

/** A corner-to-corner rectangle in the recogniser's pixels (x1/y1 exclusive). */
export interface Rect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export interface RawWord {
  readonly text: string;
  readonly bbox: Rect;
  readonly confidence: number;
  /** Left and right edge of each character, in reading order. */
  readonly symbols: readonly { readonly x0: number; readonly x1: number }[];
}

export interface RawLine {
  readonly words: readonly RawWord[];
  readonly bbox: Rect;
  /** Two points on the baseline. */
  readonly baseline: Rect;
  /** Tesseract's row metrics, when it has them. */
  readonly rowHeight?: number;
  readonly ascenders?: number;
  readonly descenders?: number;
  readonly leftToRight: boolean;
}

/** Lines grouped by the recogniser's text blocks. */
export type RawPage = readonly (readonly RawLine[])[];

/** The picture the recogniser read: 8-bit grey, dark text on a light ground (see picture.ts). */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/** Characters that are never part of OCR text (controls other than the line breaks we add). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Build the text and word list of a page. `scale` is how much larger the recogniser's picture was
 * than the stored one: boxes are divided by it.
 */
export function layoutPage(page: RawPage, scale: number, grey?: GreyImage): OcrResult {
  let text = '';
  const words: OcrWord[] = [];
  let firstBlock = true;
  for (const block of page) {
    const lines = block
      .map((line) => ({ ...line, words: line.words.filter((w) => w.text.replace(CONTROL, '').trim() !== '') }))
      .filter((line) => line.words.length > 0);
    if (lines.length === 0) continue;
    if (!firstBlock) text += '\n';
    firstBlock = false;
    for (const line of lines) {
      const cell = medianSymbolWidth(line);
      for (const [index, word] of line.words.entries()) {
        if (index > 0) {
          const previous = line.words[index - 1];
          if (previous) text += grey ? separatorBetween(line, previous, word, cell, grey) : ' ';
        }
        const clean = word.text.replace(CONTROL, '').trim();
        const start = text.length;
        text += clean;
        const next = line.words[index + 1];
        words.push({
          text: clean,
          start,
          end: text.length,
          box: toBox(clipToNext(word, next, cell), scale),
          confidence: Math.round(word.confidence * 10) / 10,
        });
      }
      text += '\n';
    }
  }
  return { text, words };
}

/**
 * The box around text[start, end): the union of the boxes of the words it overlaps, or null when it
 * covers no word (only separators). A range that covers part of a word (an IP inside
 * `operator@203.0.113.77:/srv/drop/`) gets the matching share of that word's width, characters taken
 * as equally wide: exact for the monospaced text of terminals, close for proportional text.
 */
export function boxForRange(result: OcrResult, start: number, end: number): PixelBox | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const word of result.words) {
    if (word.end <= start || word.start >= end) continue;
    const length = Math.max(1, word.end - word.start);
    const from = (Math.max(start, word.start) - word.start) / length;
    const to = (Math.min(end, word.end) - word.start) / length;
    x0 = Math.min(x0, word.box.x + word.box.width * from);
    x1 = Math.max(x1, word.box.x + word.box.width * to);
    y0 = Math.min(y0, word.box.y);
    y1 = Math.max(y1, word.box.y + word.box.height);
  }
  if (x0 === Infinity) return null;
  const left = Math.floor(x0);
  return { x: left, y: y0, width: Math.max(1, Math.ceil(x1) - left), height: y1 - y0 };
}

function toBox(rect: Rect, scale: number): PixelBox {
  const x = Math.floor(rect.x0 / scale);
  const y = Math.floor(rect.y0 / scale);
  return {
    x,
    y,
    width: Math.max(1, Math.ceil(rect.x1 / scale) - x),
    height: Math.max(1, Math.ceil(rect.y1 / scale) - y),
  };
}

/** The median character width on a line: one character cell in monospaced terminal text. */
function medianSymbolWidth(line: RawLine): number {
  const widths = line.words
    .flatMap((w) => w.symbols.map((s) => s.x1 - s.x0))
    .filter((w) => w > 0)
    .sort((a, b) => a - b);
  if (widths.length === 0) return Math.max(1, (line.bbox.y1 - line.bbox.y0) / 2);
  return widths[Math.floor(widths.length / 2)] ?? 1;
}

/**
 * Where a word really ends. Tesseract sometimes stretches the last character of a word over the
 * words after it (seen on the underscore that it dropped); a character more than twice as wide as
 * the line's median is taken to be one cell wide.
 */
function wordRight(word: RawWord, cell: number): number {
  const last = word.symbols.at(-1);
  if (last && last.x1 - last.x0 > 2 * cell) return Math.min(word.bbox.x1, last.x0 + cell);
  return word.bbox.x1;
}

function wordLeft(word: RawWord, cell: number): number {
  const first = word.symbols[0];
  if (first && first.x1 - first.x0 > 2 * cell) return Math.max(word.bbox.x0, first.x1 - cell);
  return word.bbox.x0;
}

/** A word's box, no wider than the start of the next word on its line. */
function clipToNext(word: RawWord, next: RawWord | undefined, cell: number): Rect {
  let x1 = wordRight(word, cell);
  if (next && next.bbox.x0 > word.bbox.x0 && x1 > next.bbox.x0) x1 = next.bbox.x0;
  return { ...word.bbox, x1: Math.max(word.bbox.x0 + 1, x1) };
}

/**
 * ' ', '_' or '' between two words of a line, judged from the picture:
 * - '' when one of them already carries an underscore at the touching end and the two nearly touch
 *   (`voters _2020.csv`: the underscore was read, the space is spurious);
 * - '_' when the gap is about one character cell and holds a horizontal stroke under the baseline
 *   with nothing in the x-height zone above it, and the stroke does not run on under the letters
 *   either side (that would be an underline, as under a link);
 * - ' ' otherwise. Right-to-left lines are left alone.
 */
export function separatorBetween(line: RawLine, a: RawWord, b: RawWord, cell: number, grey: GreyImage): string {
  if (!line.leftToRight) return ' ';
  const left = wordRight(a, cell);
  const right = wordLeft(b, cell);
  const gap = right - left;
  const stroke = gap >= cell * 0.4 && gap <= cell * 2.5 && underscoreIn(line, left, right, cell, grey);
  // One side already reads an underscore: the gap is its own glyph's overhang, never a second one.
  if (a.text.endsWith('_') || b.text.startsWith('_')) return gap < cell * 0.5 || stroke ? '' : ' ';
  return stroke ? '_' : ' ';
}

/** Whether the gap between x = left and x = right on `line` holds an underscore (see separatorBetween). */
function underscoreIn(line: RawLine, left: number, right: number, cell: number, grey: GreyImage): boolean {
  const x0 = Math.round(left) + 1;
  const x1 = Math.round(right) - 1;
  if (x1 - x0 < 2) return false;
  const baseline = baselineAt(line, (x0 + x1) / 2);
  const xHeight = lineXHeight(line, baseline);
  const descent = Math.max(line.descenders ?? 0, xHeight * 0.35, 3);
  const below = { y0: Math.round(baseline) + 1, y1: Math.round(baseline + descent) + 2 };
  const above = { y0: Math.round(baseline - xHeight), y1: Math.round(baseline - xHeight * 0.15) };
  const range = greyRange(grey, line.bbox);
  if (range === null) return false;
  // Letters are judged at half contrast. The stroke below is judged at a third of the contrast: in a
  // compressed, enlarged video frame an underscore is a faint two-pixel line that blurs into the ground.
  const threshold = range.min + (range.max - range.min) * 0.5;
  const faint = range.min + (range.max - range.min) * 0.7;
  if (inkFraction(grey, x0, x1, below, faint) < 0.6) return false;
  if (inkFraction(grey, x0, x1, above, threshold) > 0.1) return false;
  // An underline continues under the letters on both sides; an underscore stops at its cell.
  const span = Math.max(2, Math.round(cell * 0.6));
  const underLeft = inkFraction(grey, x0 - 1 - span, x0 - 1, below, faint);
  const underRight = inkFraction(grey, x1 + 1, x1 + 1 + span, below, faint);
  return !(underLeft > 0.6 && underRight > 0.6);
}

function baselineAt(line: RawLine, x: number): number {
  const { x0, y0, x1, y1 } = line.baseline;
  if (x1 === x0) return y0;
  return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}

function lineXHeight(line: RawLine, baseline: number): number {
  const { rowHeight, ascenders, descenders } = line;
  if (rowHeight !== undefined && ascenders !== undefined && descenders !== undefined) {
    const xHeight = rowHeight - ascenders - descenders;
    if (xHeight > 2) return xHeight;
  }
  return Math.max(3, (baseline - line.bbox.y0) * 0.6);
}

/** The darkest and lightest grey in the line's box; null on a flat patch (nothing to tell apart). */
function greyRange(grey: GreyImage, rect: Rect): { min: number; max: number } | null {
  let min = 255;
  let max = 0;
  const y0 = Math.max(0, Math.floor(rect.y0));
  const y1 = Math.min(grey.height, Math.ceil(rect.y1));
  const x0 = Math.max(0, Math.floor(rect.x0));
  const x1 = Math.min(grey.width, Math.ceil(rect.x1));
  for (let y = y0; y < y1; y++) {
    const row = y * grey.width;
    for (let x = x0; x < x1; x++) {
      const v = grey.pixels[row + x] ?? 255;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return max - min < 48 ? null : { min, max };
}

/** The fraction of columns x0..x1 (inclusive) with at least one ink pixel in rows y0..y1. */
function inkFraction(
  grey: GreyImage,
  x0: number,
  x1: number,
  rows: { readonly y0: number; readonly y1: number },
  threshold: number,
): number {
  const from = Math.max(0, x0);
  const to = Math.min(grey.width - 1, x1);
  const top = Math.max(0, rows.y0);
  const bottom = Math.min(grey.height - 1, rows.y1);
  if (to < from || bottom < top) return 0;
  let inked = 0;
  for (let x = from; x <= to; x++) {
    for (let y = top; y <= bottom; y++) {
      if ((grey.pixels[y * grey.width + x] ?? 255) < threshold) {
        inked += 1;
        break;
      }
    }
  }
  return inked / (to - from + 1);
}
