/** A small RFC 4180 reader for the platform rows: quoted cells, doubled quotes, CRLF; each row with its offset. */
export interface CsvRow {
  readonly cells: readonly string[];
  /** UTF-16 offset of the row's first character in the text. */
  readonly start: number;
  readonly end: number;
}

export function readCsv(text: string, delimiter = ','): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let rowStart = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? '';
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else quoted = false;
      } else cell += c;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      cells.push(cell);
      if (cells.length > 1 || cells[0] !== '') rows.push({ cells, start: rowStart, end: i });
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      cells = [];
      cell = '';
      rowStart = i + 1;
    } else cell += c;
  }
  cells.push(cell);
  if (cells.length > 1 || cells[0] !== '') rows.push({ cells, start: rowStart, end: text.length });
  return rows;
}
