/** A page of extracted text as numbered lines, with an optional highlighted range. */

export interface TextLine {
  /** 1-based line number, or null when this piece continues a line from the previous page. */
  readonly number: number | null;
  /** UTF-16 offset of the line's first character in the whole text. */
  readonly start: number;
  readonly text: string;
}

/**
 * Split one window of text into lines. `line` is the number of the line the window starts on;
 * `continues` says the window starts in the middle of that line (the character before it is not a
 * newline), so its first piece carries no number.
 */
export function numberLines(text: string, offset: number, line: number, continues: boolean): TextLine[] {
  const lines: TextLine[] = [];
  let start = 0;
  let number = line;
  for (;;) {
    const end = text.indexOf('\n', start);
    const piece = end === -1 ? text.slice(start) : text.slice(start, end);
    if (end === -1 && piece === '' && lines.length > 0) break;
    lines.push({ number: lines.length === 0 && continues ? null : number, start: offset + start, text: piece });
    if (end === -1) break;
    start = end + 1;
    number += 1;
  }
  return lines;
}

/** A line cut into the part before, inside and after a highlighted [from, to) range (whole-text offsets). */
export function splitHighlight(
  line: TextLine,
  from: number,
  to: number,
): { readonly before: string; readonly marked: string; readonly after: string } | undefined {
  const lineEnd = line.start + line.text.length;
  if (to <= line.start || from >= lineEnd || to <= from) {
    // An empty range on this line still marks its position (a zero-width hit).
    if (to === from && from >= line.start && from <= lineEnd) {
      const at = from - line.start;
      return { before: line.text.slice(0, at), marked: '', after: line.text.slice(at) };
    }
    return undefined;
  }
  const a = Math.max(from, line.start) - line.start;
  const b = Math.min(to, lineEnd) - line.start;
  return { before: line.text.slice(0, a), marked: line.text.slice(a, b), after: line.text.slice(b) };
}

/** Window size of the text view: large enough to read, small enough to render at once. */
export const TEXT_PAGE_CHARS = 100_000;

/** The page (0-based) a text offset falls on. */
export function pageOf(offset: number): number {
  return Math.floor(Math.max(0, offset) / TEXT_PAGE_CHARS);
}
