/**
 * The OCR job this window follows, as built from `ocrProgress` events (pure: the OCR panel and the
 * exhibit's OCR tab read it; useOcrJob.tsx holds it). Main runs one OCR job at a time and starts
 * them by itself after every import, so the renderer follows whatever job reports, not only the
 * ones it asked for.
 */
import { OCR_FRAME_INTERVAL_RANGE_S } from '../../../../shared/domain.js';
import type { OcrExhibitOutcome, OcrProgress } from '../../../../shared/ocr.js';

export interface OcrCurrent {
  readonly exhibit: string;
  readonly stage: OcrProgress['stage'];
  /** 0-based picture being read, of `frameCount` (0 while a video is sampled). */
  readonly frameIndex: number;
  readonly frameCount: number;
}

export interface OcrJobState {
  readonly jobId: string;
  readonly exhibitCount: number;
  /** Exhibits finished with (read, failed, cancelled, or found read by someone else meanwhile). */
  readonly exhibitsDone: number;
  readonly current: OcrCurrent | null;
  readonly outcomes: readonly OcrExhibitOutcome[];
  readonly done: NonNullable<OcrProgress['done']> | null;
  readonly cancelling: boolean;
  readonly error: string | null;
}

export function newOcrJob(jobId: string): OcrJobState {
  return {
    jobId,
    exhibitCount: 0,
    exhibitsDone: 0,
    current: null,
    outcomes: [],
    done: null,
    cancelling: false,
    error: null,
  };
}

/** The state after one event. An event of another job starts over: main runs one job at a time. */
export function applyOcrProgress(previous: OcrJobState | null, event: OcrProgress): OcrJobState {
  const state = previous?.jobId === event.jobId ? previous : newOcrJob(event.jobId);
  if (event.done) {
    return {
      ...state,
      exhibitCount: Math.max(state.exhibitCount, event.exhibitCount),
      exhibitsDone: Math.max(state.exhibitCount, event.exhibitCount),
      current: null,
      done: event.done,
      cancelling: false,
    };
  }
  if (event.outcome) {
    return {
      ...state,
      exhibitCount: event.exhibitCount,
      exhibitsDone: Math.max(state.exhibitsDone, event.exhibitIndex + 1),
      current: null,
      outcomes: [...state.outcomes, event.outcome],
    };
  }
  return {
    ...state,
    exhibitCount: event.exhibitCount,
    // Exhibits skipped without an event (read meanwhile) count as done once a later one starts.
    exhibitsDone: Math.max(state.exhibitsDone, event.exhibitIndex),
    current: {
      exhibit: event.exhibit,
      stage: event.stage,
      frameIndex: event.frameIndex,
      frameCount: event.frameCount,
    },
  };
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** What the job is doing with the current exhibit: "frame 3 of 14", "finding frames", … */
export function ocrStepText(current: OcrCurrent, video: boolean): string {
  switch (current.stage) {
    case 'preparing':
      return 'preparing';
    case 'sampling':
      return 'finding frames';
    case 'reading':
      if (current.frameCount <= 0) return 'reading';
      return video || current.frameCount > 1
        ? `frame ${(current.frameIndex + 1).toLocaleString('en')} of ${current.frameCount.toLocaleString('en')}`
        : 'reading the picture';
    case 'storing':
      return 'storing the text';
  }
}

/**
 * The finished job in one sentence: "OCR read 2 exhibits (5 pictures with text); 12 indicator
 * occurrences found. 1 failed." Pictures are video frames kept (text differing from the frame
 * before) or still images.
 */
export function ocrSummary(state: OcrJobState): string {
  const done = state.done;
  if (!done) return '';
  const pictures = state.outcomes.reduce((sum, outcome) => sum + (outcome.status === 'read' ? outcome.pictures : 0), 0);
  const read =
    done.read === 0
      ? 'OCR read no exhibits'
      : `OCR read ${plural(done.read, 'exhibit', 'exhibits')} (${plural(pictures, 'picture', 'pictures')} with text)`;
  const found = `${plural(done.occurrences, 'indicator occurrence', 'indicator occurrences')} found`;
  const rest = [
    done.failed > 0 ? `${done.failed.toLocaleString('en')} failed` : '',
    done.cancelled > 0 ? `${done.cancelled.toLocaleString('en')} cancelled` : '',
  ].filter((part) => part !== '');
  return `${read}; ${found}.${rest.length > 0 ? ` ${rest.join(', ')}.` : ''}`;
}

/** "frame 00:10.300" (past an hour "frame 1:02:03.000"), as main labels OCR'd frames. */
export function formatFrameLabel(timeS: number): string {
  const ms = Math.max(0, Math.round((Number.isFinite(timeS) ? timeS : 0) * 1000));
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const hours = Math.floor(ms / 3_600_000);
  const clock = `${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
  return `frame ${hours > 0 ? `${String(hours)}:` : ''}${clock}`;
}

/** The OCR frame interval (settings) as typed, in seconds, or why it cannot be used. */
export function parseFrameInterval(text: string): { readonly value: number } | { readonly problem: string } {
  const { min, max } = OCR_FRAME_INTERVAL_RANGE_S;
  const trimmed = text.trim().replace(',', '.');
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value))
    return { problem: `Enter the frame interval in seconds (${min}–${max}).` };
  if (value < min || value > max) {
    return { problem: `The frame interval must be between ${min} and ${max} seconds; ${trimmed} is out of range.` };
  }
  return { value };
}
