// The OCR store (schema 50): which exhibits are pending, a picture's words round-trip, OCR text is
// found by the evidence search with where it was read, and the OCR settings a config file may hold.
import { afterEach, describe, expect, it } from 'vitest';
import { ocrSettings } from '../../../main/core/ocr-jobs.js';
import { API_SCHEMAS } from '../../../main/core/validate.js';
import { closeCase, type OpenCase } from '../../../main/locker/case-file.js';
import { insertText, searchText } from '../../../main/locker/exhibits.js';
import {
  frameLabel,
  insertOcrResult,
  lastExhibitNumber,
  ocrCandidates,
  ocrResults,
  ocrTextAt,
  parseOcrWords,
  putOcrRun,
  type OcrRunRow,
} from '../../../main/locker/ocr.js';
import { insertBareExhibit, newCase } from '../../helpers/case.js';

const opened: OpenCase[] = [];
afterEach(() => {
  for (const open of opened.splice(0)) closeCase(open);
});

function caseWith(kinds: readonly string[]): { open: OpenCase; ids: number[] } {
  const { open } = newCase();
  opened.push(open);
  const ids = kinds.map((kind, i) =>
    insertBareExhibit(open.db, {
      name: `file-${String(i)}.${kind === 'video' ? 'mp4' : kind === 'image' ? 'png' : 'txt'}`,
      sha256: `sha-${String(i)}`,
      kind,
      mime: 'application/octet-stream',
    }),
  );
  return { open, ids };
}

function run(exhibitId: number, status: 'done' | 'failed'): OcrRunRow {
  return {
    exhibit_id: exhibitId,
    status,
    reason: status === 'failed' ? 'ffmpeg could not decode it' : '',
    languages: 'eng',
    engine: 'tesseract.js test',
    frame_interval_s: null,
    frames_sampled: 1,
    pictures: 1,
    started_at: 1,
    finished_at: 2,
    analyst: 'test-analyst',
  };
}

describe('OCR store', () => {
  it('lists image and video exhibits OCR has not finished with, failed ones only when retrying', () => {
    const { open, ids } = caseWith(['image', 'text', 'video', 'image', 'image']);
    putOcrRun(open.db, run(ids[3] ?? 0, 'done'));
    putOcrRun(open.db, run(ids[4] ?? 0, 'failed'));
    expect(ocrCandidates(open.db).map((c) => c.number)).toEqual([1, 3]);
    expect(ocrCandidates(open.db, { retryFailed: true }).map((c) => c.number)).toEqual([1, 3, 5]);
    expect(ocrCandidates(open.db, { aboveNumber: 2 }).map((c) => c.number)).toEqual([3]);
    expect(ocrCandidates(open.db, { numbers: [1, 2], retryFailed: true }).map((c) => c.number)).toEqual([1]);
    expect(lastExhibitNumber(open.db)).toBe(5);
    // A retry replaces the failed run.
    putOcrRun(open.db, run(ids[4] ?? 0, 'done'));
    expect(ocrCandidates(open.db, { retryFailed: true }).map((c) => c.number)).toEqual([1, 3]);
  });

  it('keeps each picture with its words, and finds the text an occurrence points into', () => {
    const { open, ids } = caseWith(['video']);
    const id = ids[0] ?? 0;
    const words = [
      { start: 0, end: 3, box: { x: 10, y: 20, width: 30, height: 16 }, confidence: 91.5 },
      { start: 4, end: 16, box: { x: 50, y: 20, width: 120, height: 16 }, confidence: 88 },
    ];
    insertOcrResult(open.db, {
      exhibitId: id,
      frameTimeS: 10.3,
      width: 800,
      height: 450,
      text: 'scp 203.0.113.77\n',
      words,
      confidence: 89.8,
    });
    const [row] = ocrResults(open.db, id);
    expect(row).toMatchObject({ frame_time_s: 10.3, width: 800, height: 450 });
    expect(parseOcrWords(row?.words ?? '')).toEqual(words);
    expect(ocrTextAt(open.db, id, 10.3)).toBe('scp 203.0.113.77\n');
    expect(ocrTextAt(open.db, id, null)).toBeUndefined();
    expect(parseOcrWords('not json')).toEqual([]);
    expect(parseOcrWords('[[1,2,"x"],[0,1,2,3,4,5,6]]')).toHaveLength(1);
    const plan = open.db.raw
      .prepare('EXPLAIN QUERY PLAN SELECT text FROM ocr_results WHERE exhibit_id = ? AND frame_time_s = ?')
      .all(id, 10.3) as { detail: string }[];
    expect(plan.map((step) => step.detail).join(' ')).toMatch(/USING INDEX ocr_results_by_exhibit/);
  });

  it('makes OCR text searchable beside extracted text, one hit per exhibit, saying where it was read', () => {
    const { open, ids } = caseWith(['text', 'image', 'video']);
    insertText(open.db, ids[0] ?? 0, 'the operator copied the voter file', []);
    const picture = { width: 10, height: 10, words: [], confidence: 90 };
    insertOcrResult(open.db, { ...picture, exhibitId: ids[1] ?? 0, frameTimeS: null, text: 'PowerShell operator' });
    insertOcrResult(open.db, { ...picture, exhibitId: ids[2] ?? 0, frameTimeS: 10.3, text: 'LastWriteTime operator' });
    insertOcrResult(open.db, { ...picture, exhibitId: ids[2] ?? 0, frameTimeS: 12, text: 'operator again' });
    const hits = searchText(open.db, 'operator', 10);
    expect(hits.map((h) => h.number).sort()).toEqual([1, 2, 3]);
    expect(searchText(open.db, 'lastwrite', 10)).toEqual([
      { number: 3, original_name: 'file-2.mp4', snippet: '[OCR, frame 00:10.300] \u0002LastWriteTime\u0003 operator' },
    ]);
    expect(searchText(open.db, 'powershell', 10)[0]?.snippet).toBe('[OCR] \u0002PowerShell\u0003 operator');
  });

  it('labels frames by their time', () => {
    expect(frameLabel(10.3)).toBe('frame 00:10.300');
    expect(frameLabel(3723.04)).toBe('frame 1:02:03.040');
  });
});

describe('OCR settings', () => {
  it('fall back to English every 2 s when a config file holds nonsense, and clamp the interval', () => {
    expect(ocrSettings({})).toEqual({ languages: ['eng'], frameIntervalS: 2 });
    expect(ocrSettings({ ocrLanguages: ['klingon', 'fas', 'fas'] as never, ocrFrameIntervalS: 0 })).toEqual({
      languages: ['fas'],
      frameIntervalS: 0.5,
    });
    expect(ocrSettings({ ocrLanguages: ['eng', 'ara'], ocrFrameIntervalS: 600 }).frameIntervalS).toBe(60);
  });

  it('are validated when the renderer changes them', () => {
    const schema = API_SCHEMAS.updateSettings;
    expect(schema.safeParse({ ocrFrameIntervalS: 5, ocrLanguages: ['eng', 'fas'] }).success).toBe(true);
    expect(schema.safeParse({ ocrFrameIntervalS: 0.1 }).success).toBe(false);
    expect(schema.safeParse({ ocrLanguages: [] }).success).toBe(false);
    expect(schema.safeParse({ ocrLanguages: ['eng', 'eng'] }).success).toBe(false);
    expect(schema.safeParse({ ocrLanguages: ['deu'] }).success).toBe(false);
    expect(API_SCHEMAS.startOcr.safeParse({ numbers: [] }).success).toBe(false);
    expect(API_SCHEMAS.cancelOcr.safeParse({ jobId: 'not-a-uuid' }).success).toBe(false);
  });
});
