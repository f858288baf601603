/**
 * The OCR table group (schema 50): which exhibits OCR has finished with, the text and word boxes of
 * every picture read, and full-text search over that text. Written by core/ocr-jobs.ts, one
 * transaction per exhibit.
 */
import type { PixelBox } from '../../shared/indicator-types.js';
import type { ReadDb, WriteDb } from './driver.js';
import { sql } from './sql.js';

export interface OcrRunRow {
  exhibit_id: number;
  status: 'done' | 'failed';
  reason: string;
  languages: string;
  engine: string;
  frame_interval_s: number | null;
  frames_sampled: number;
  pictures: number;
  started_at: number;
  finished_at: number;
  analyst: string;
}

export interface StoredOcrWord {
  readonly start: number;
  readonly end: number;
  readonly box: PixelBox;
  readonly confidence: number;
}

export interface OcrResultRow {
  id: number;
  exhibit_id: number;
  frame_time_s: number | null;
  width: number;
  height: number;
  text: string;
  words: string;
  confidence: number;
}

export interface OcrCandidate {
  id: number;
  number: number;
  kind: string;
  blob_id: number;
  original_name: string;
  metadata: string;
}

/**
 * Image and video exhibits OCR has not finished with: never read, interrupted or cancelled (no run
 * row), and with `retryFailed` those whose last run failed. `numbers` narrows to those exhibits;
 * `aboveNumber` to exhibits added after it (what an import just added).
 */
export function ocrCandidates(
  db: ReadDb,
  filter: { readonly numbers?: readonly number[]; readonly aboveNumber?: number; readonly retryFailed?: boolean } = {},
): OcrCandidate[] {
  const rows = db.all<OcrCandidate & { status: string | null }>(sql`SELECT e.id, e.number, e.kind, e.blob_id,
        e.original_name, e.metadata, r.status
      FROM exhibits AS e LEFT JOIN ocr_runs AS r ON r.exhibit_id = e.id
      WHERE e.kind IN ('image', 'video') AND e.number > ${filter.aboveNumber ?? 0}
      ORDER BY e.number`);
  const wanted = filter.numbers ? new Set(filter.numbers) : undefined;
  return rows
    .filter((row) => row.status === null || (filter.retryFailed === true && row.status === 'failed'))
    .filter((row) => wanted === undefined || wanted.has(row.number))
    .map(({ status: _status, ...candidate }) => candidate);
}

/** The highest exhibit number in the case (0 when empty): what an import adds comes after it. */
export function lastExhibitNumber(db: ReadDb): number {
  return db.get<{ n: number | null }>(sql`SELECT max(number) AS n FROM exhibits`)?.n ?? 0;
}

export function ocrRun(db: ReadDb, exhibitId: number): OcrRunRow | undefined {
  return db.get<OcrRunRow>(sql`SELECT * FROM ocr_runs WHERE exhibit_id = ${exhibitId}`);
}

/** Record how OCR of an exhibit ended (replacing an earlier failed run). */
export function putOcrRun(db: WriteDb, run: OcrRunRow): void {
  db.run(sql`DELETE FROM ocr_runs WHERE exhibit_id = ${run.exhibit_id}`);
  db.run(sql`INSERT INTO ocr_runs (exhibit_id, status, reason, languages, engine, frame_interval_s, frames_sampled,
        pictures, started_at, finished_at, analyst)
      VALUES (${run.exhibit_id}, ${run.status}, ${run.reason}, ${run.languages}, ${run.engine}, ${run.frame_interval_s},
        ${run.frames_sampled}, ${run.pictures}, ${run.started_at}, ${run.finished_at}, ${run.analyst})`);
}

export function insertOcrResult(
  db: WriteDb,
  result: {
    readonly exhibitId: number;
    readonly frameTimeS: number | null;
    readonly width: number;
    readonly height: number;
    readonly text: string;
    readonly words: readonly StoredOcrWord[];
    readonly confidence: number;
  },
): number {
  const words = JSON.stringify(
    result.words.map((w) => [w.start, w.end, w.box.x, w.box.y, w.box.width, w.box.height, w.confidence]),
  );
  return Number(
    db.run(sql`INSERT INTO ocr_results (exhibit_id, frame_time_s, width, height, text, words, confidence)
      VALUES (${result.exhibitId}, ${result.frameTimeS}, ${result.width}, ${result.height}, ${result.text}, ${words},
        ${result.confidence})`).lastInsertRowid,
  );
}

export function ocrResults(db: ReadDb, exhibitId: number): OcrResultRow[] {
  return db.all<OcrResultRow>(sql`SELECT * FROM ocr_results WHERE exhibit_id = ${exhibitId} ORDER BY frame_time_s, id`);
}

/**
 * The OCR text an occurrence's offsets point into: the still image's (frameTimeS null) or the
 * frame's at that time. For the Indicators view's context and the box overlay.
 */
export function ocrTextAt(db: ReadDb, exhibitId: number, frameTimeS: number | null): string | undefined {
  const row =
    frameTimeS === null
      ? db.get<{ text: string }>(
          sql`SELECT text FROM ocr_results WHERE exhibit_id = ${exhibitId} AND frame_time_s IS NULL ORDER BY id LIMIT 1`,
        )
      : db.get<{ text: string }>(
          sql`SELECT text FROM ocr_results WHERE exhibit_id = ${exhibitId} AND frame_time_s = ${frameTimeS} ORDER BY id LIMIT 1`,
        );
  return row?.text;
}

/** Decode a row's words (a damaged JSON array reads as no words rather than failing the view). */
export function parseOcrWords(json: string): StoredOcrWord[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const words: StoredOcrWord[] = [];
  for (const entry of value as unknown[]) {
    if (!Array.isArray(entry) || entry.length < 7 || !entry.every((n) => typeof n === 'number')) continue;
    const [start, end, x, y, width, height, confidence] = entry;
    words.push({
      start: start ?? 0,
      end: end ?? 0,
      box: { x: x ?? 0, y: y ?? 0, width: width ?? 0, height: height ?? 0 },
      confidence: confidence ?? 0,
    });
  }
  return words;
}

/**
 * Full-text search over OCR text, `match` being an FTS5 expression built by exhibits.searchText (never
 * the analyst's raw input). One row per picture; `rank` is FTS5's bm25 (lower is better), comparable
 * with exhibit_fts's.
 */
export function searchOcrText(
  db: ReadDb,
  match: string,
  limit: number,
): { number: number; original_name: string; snippet: string; rank: number; frame_time_s: number | null }[] {
  return db.all(sql`SELECT exhibits.number, exhibits.original_name, ocr_results.frame_time_s, ocr_fts.rank AS rank,
        snippet(ocr_fts, 0, ${'\u0002'}, ${'\u0003'}, ${'…'}, 16) AS snippet
      FROM ocr_fts
      JOIN ocr_results ON ocr_results.id = ocr_fts.rowid
      JOIN exhibits ON exhibits.id = ocr_results.exhibit_id
      WHERE ocr_fts MATCH ${match} ORDER BY rank LIMIT ${limit}`);
}

/** "frame 00:10.300" (or "frame 1:02:03.040" past an hour): an occurrence's location label. */
export function frameLabel(timeS: number): string {
  const ms = Math.max(0, Math.round(timeS * 1000));
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const hours = Math.floor(ms / 3_600_000);
  const clock = `${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
  return `frame ${hours > 0 ? `${String(hours)}:` : ''}${clock}`;
}
