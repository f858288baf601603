/**
 * Plain text, Markdown, logs, JSON and CSV/TSV: decoded text (BOM, strict UTF-8, Latin-1 fallback),
 * plus shape metadata for JSON (top-level type and keys) and delimited files (header, row and
 * column counts).
 */
import type { DetectedKind, ParseResult } from '../types.js';
import { type ParserInput, readTextBounded, result } from './common.js';

export async function parseText(input: ParserInput, kind: DetectedKind = 'text'): Promise<ParseResult> {
  const decoded = await readTextBounded(input);
  const lines = countLines(decoded.text);
  const longest = longestLine(decoded.text);
  const metadata: Record<string, unknown> = {
    encoding: decoded.encoding,
    bom: decoded.bom,
    lines,
    longestLine: longest,
    truncated: decoded.truncated,
  };
  const warnings = [...decoded.warnings];
  if (longest >= LONG_LINE_CHARS) {
    const count = longest.toLocaleString('en');
    warnings.push(
      lines === 1
        ? `The text is one line of ${count} characters (no line break); the text view shows it in pages.`
        : `A line is ${count} characters long; the text view shows it in pages.`,
    );
  }
  return result(kind, {
    text: decoded.text,
    segments: decoded.text === '' ? [] : [{ start: 0, end: decoded.text.length, kind: 'body', label: kind }],
    metadata,
    warnings,
  });
}

/** A line this long (a log or export without line breaks, minified data, a regex trap) is flagged: an
 * editor or a naive viewer laying it out as one line hangs. */
export const LONG_LINE_CHARS = 1_000_000;

/** Characters in the longest line (\n-separated; a \r before the \n counts). */
function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
    longest = Math.max(longest, i - start);
    start = i + 1;
  }
  return Math.max(longest, text.length - start);
}

export function parseMarkdown(input: ParserInput): Promise<ParseResult> {
  return parseText(input, 'markdown');
}

export async function parseJson(input: ParserInput): Promise<ParseResult> {
  const base = await parseText(input, 'json');
  const warnings = [...base.warnings];
  const metadata: Record<string, unknown> = { ...base.metadata };
  if (!(metadata.truncated as boolean)) {
    try {
      const value: unknown = JSON.parse(base.text.replace(/^\uFEFF/, ''));
      if (Array.isArray(value)) {
        metadata.topLevel = 'array';
        metadata.length = value.length;
      } else if (value !== null && typeof value === 'object') {
        metadata.topLevel = 'object';
        metadata.keys = Object.keys(value).slice(0, 200);
      } else {
        metadata.topLevel = value === null ? 'null' : typeof value;
      }
    } catch (error) {
      warnings.push(`Not valid JSON (${error instanceof Error ? error.message : String(error)}); kept as text.`);
    }
  }
  return { ...base, metadata, warnings };
}

export async function parseDelimited(input: ParserInput): Promise<ParseResult> {
  const base = await parseText(input, 'csv');
  const text = base.text.replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter =
    /\.tsv$/i.test(input.name) || firstLine.split('\t').length > firstLine.split(',').length ? '\t' : ',';
  const records = parseDelimitedRecords(text, delimiter);
  const header = records[0] ?? [];
  const rows = records.slice(1);
  const warnings = [...base.warnings];
  const ragged = rows.filter((row) => row.length !== header.length).length;
  if (ragged > 0)
    warnings.push(
      `${String(ragged)} row(s) have a different number of fields than the header (${String(header.length)}).`,
    );
  return {
    ...base,
    metadata: {
      ...base.metadata,
      delimiter: delimiter === '\t' ? 'tab' : 'comma',
      header,
      columns: header.length,
      rows: rows.length,
    },
    warnings,
  };
}

/** RFC 4180 records: quoted fields may hold the delimiter, doubled quotes and line breaks. */
export function parseDelimitedRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const char = text.charAt(i);
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += char;
      }
      i++;
      continue;
    }
    if (char === '"' && field === '') {
      quoted = true;
    } else if (char === delimiter) {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += char;
    }
    i++;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function countLines(text: string): number {
  if (text === '') return 0;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.endsWith('\n') ? lines - 1 : lines;
}
