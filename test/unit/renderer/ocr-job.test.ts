/**
 * The OCR panel's model: the job state built from `ocrProgress` events, the step and summary lines,
 * frame labels, and the settings' frame interval check.
 */
import { describe, expect, it } from 'vitest';
import type { OcrProgress } from '../../../shared/ocr.js';
import {
  applyOcrProgress,
  formatFrameLabel,
  ocrStepText,
  ocrSummary,
  parseFrameInterval,
  type OcrJobState,
} from '../../../renderer/src/views/evidence/ocr-job.js';

function event(patch: Partial<OcrProgress>): OcrProgress {
  return {
    jobId: 'job-1',
    exhibitIndex: 0,
    exhibitCount: 2,
    exhibit: 'E-0002',
    stage: 'reading',
    frameIndex: 0,
    frameCount: 0,
    ...patch,
  };
}

function run(events: readonly OcrProgress[], from: OcrJobState | null = null): OcrJobState | null {
  return events.reduce<OcrJobState | null>((state, next) => applyOcrProgress(state, next), from);
}

describe('applyOcrProgress', () => {
  it('follows an exhibit through its stages and frames, then the job to its end', () => {
    const reading = run([
      event({ stage: 'preparing' }),
      event({ stage: 'sampling' }),
      event({ stage: 'reading', frameIndex: 0, frameCount: 5 }),
      event({ stage: 'reading', frameIndex: 3, frameCount: 5 }),
    ]);
    expect(reading).toMatchObject({
      jobId: 'job-1',
      exhibitCount: 2,
      exhibitsDone: 0,
      current: { exhibit: 'E-0002', stage: 'reading', frameIndex: 3, frameCount: 5 },
      done: null,
    });
    const first = run(
      [
        event({
          stage: 'storing',
          outcome: { exhibit: 'E-0002', status: 'read', pictures: 3, words: 40, occurrences: 5 },
        }),
      ],
      reading,
    );
    expect(first).toMatchObject({ exhibitsDone: 1, current: null });
    expect(first?.outcomes).toHaveLength(1);
    const second = run(
      [
        event({ exhibitIndex: 1, exhibit: 'E-0004', stage: 'preparing', frameCount: 1 }),
        event({
          exhibitIndex: 1,
          exhibit: 'E-0004',
          stage: 'storing',
          outcome: { exhibit: 'E-0004', status: 'failed', reason: 'The picture could not be decoded' },
        }),
        event({
          exhibitIndex: 2,
          exhibit: '',
          stage: 'storing',
          done: { read: 1, failed: 1, cancelled: 0, occurrences: 5 },
        }),
      ],
      first,
    );
    expect(second).toMatchObject({ exhibitsDone: 2, exhibitCount: 2, current: null });
    expect(second?.done).toEqual({ read: 1, failed: 1, cancelled: 0, occurrences: 5 });
    expect(second?.outcomes.map((outcome) => outcome.status)).toEqual(['read', 'failed']);
  });

  it('counts an exhibit skipped without events (read meanwhile) once a later one starts', () => {
    const state = run([event({ exhibitIndex: 2, exhibitCount: 3, exhibit: 'E-0009', stage: 'preparing' })]);
    expect(state?.exhibitsDone).toBe(2);
  });

  it('takes more exhibits joining the running job', () => {
    const state = run([event({ exhibitCount: 1 }), event({ exhibitCount: 4 })]);
    expect(state?.exhibitCount).toBe(4);
  });

  it('starts over for another job, dropping the last one’s outcomes and cancelling flag', () => {
    const old = run([
      event({ outcome: { exhibit: 'E-0002', status: 'cancelled' } }),
      event({ done: { read: 0, failed: 0, cancelled: 1, occurrences: 0 } }),
    ]);
    const next = applyOcrProgress(old && { ...old, cancelling: true }, event({ jobId: 'job-2', stage: 'preparing' }));
    expect(next).toMatchObject({ jobId: 'job-2', outcomes: [], done: null, cancelling: false });
  });
});

describe('ocrStepText', () => {
  const current = { exhibit: 'E-0002', frameIndex: 2, frameCount: 12 } as const;
  it('says what is being done, frames counted from 1', () => {
    expect(ocrStepText({ ...current, stage: 'preparing' }, true)).toBe('preparing');
    expect(ocrStepText({ ...current, stage: 'sampling', frameCount: 0 }, true)).toBe('finding frames');
    expect(ocrStepText({ ...current, stage: 'reading' }, true)).toBe('frame 3 of 12');
    expect(ocrStepText({ ...current, stage: 'reading', frameIndex: 0, frameCount: 1 }, false)).toBe(
      'reading the picture',
    );
    expect(ocrStepText({ ...current, stage: 'storing' }, true)).toBe('storing the text');
  });
});

describe('ocrSummary', () => {
  const base = applyOcrProgress(null, event({ done: { read: 0, failed: 0, cancelled: 0, occurrences: 0 } }));
  it('is empty while the job runs', () => {
    expect(ocrSummary(applyOcrProgress(null, event({})))).toBe('');
  });
  it('counts exhibits, pictures with text and occurrences, then failures and cancellations', () => {
    const state = {
      ...base,
      outcomes: [
        { exhibit: 'E-0002', status: 'read', pictures: 3, words: 40, occurrences: 11 },
        { exhibit: 'E-0003', status: 'read', pictures: 1, words: 9, occurrences: 1 },
        { exhibit: 'E-0004', status: 'failed', reason: 'unreadable' },
      ],
      done: { read: 2, failed: 1, cancelled: 0, occurrences: 12 },
    } satisfies OcrJobState;
    expect(ocrSummary(state)).toBe(
      'OCR read 2 exhibits (4 pictures with text); 12 indicator occurrences found. 1 failed.',
    );
    expect(
      ocrSummary({
        ...state,
        outcomes: [{ exhibit: 'E-0002', status: 'read', pictures: 1, words: 2, occurrences: 1 }],
        done: { read: 1, failed: 0, cancelled: 2, occurrences: 1 },
      }),
    ).toBe('OCR read 1 exhibit (1 picture with text); 1 indicator occurrence found. 2 cancelled.');
    expect(ocrSummary({ ...state, outcomes: [], done: { read: 0, failed: 0, cancelled: 1, occurrences: 0 } })).toBe(
      'OCR read no exhibits; 0 indicator occurrences found. 1 cancelled.',
    );
  });
});

describe('formatFrameLabel', () => {
  it('writes the frame time to the millisecond, as main labels frames', () => {
    expect(formatFrameLabel(10.3)).toBe('frame 00:10.300');
    expect(formatFrameLabel(5.9333)).toBe('frame 00:05.933');
    expect(formatFrameLabel(3723.5)).toBe('frame 1:02:03.500');
    expect(formatFrameLabel(-1)).toBe('frame 00:00.000');
  });
});

describe('parseFrameInterval', () => {
  it('takes 0.5 to 60 seconds, a decimal comma too', () => {
    expect(parseFrameInterval('0.5')).toEqual({ value: 0.5 });
    expect(parseFrameInterval(' 60 ')).toEqual({ value: 60 });
    expect(parseFrameInterval('1,5')).toEqual({ value: 1.5 });
  });
  it('says why anything else is refused', () => {
    expect(parseFrameInterval('')).toEqual({ problem: 'Enter the frame interval in seconds (0.5–60).' });
    expect(parseFrameInterval('two')).toEqual({ problem: 'Enter the frame interval in seconds (0.5–60).' });
    expect(parseFrameInterval('0.4')).toEqual({
      problem: 'The frame interval must be between 0.5 and 60 seconds; 0.4 is out of range.',
    });
    expect(parseFrameInterval('61')).toEqual({
      problem: 'The frame interval must be between 0.5 and 60 seconds; 61 is out of range.',
    });
  });
});
