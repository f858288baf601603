/**
 * OCR as the renderer, the CLI and exports see it (plain, serialisable). Text read from the pixels of
 * image and video exhibits; boxes are in the picture's own pixels (a video frame at display size).
 */
import type { PixelBox } from './indicator-types.js';

/**
 * Where OCR of an exhibit stands: 'pending' (not read yet, or interrupted or cancelled), 'done',
 * 'failed' (with the reason), 'not-applicable' (not an image or a video).
 */
export type OcrStatus = 'pending' | 'done' | 'failed' | 'not-applicable';

export interface OcrWordBox {
  /** UTF-16 offsets into the picture's text: the word is `text.slice(start, end)`. */
  readonly start: number;
  readonly end: number;
  readonly box: PixelBox;
  /** 0–100. */
  readonly confidence: number;
}

/** One picture read: the still image (`frameTimeS` null) or one video frame. */
export interface OcrPictureText {
  readonly frameTimeS: number | null;
  readonly width: number;
  readonly height: number;
  readonly text: string;
  readonly confidence: number;
  readonly words: readonly OcrWordBox[];
}

export interface ExhibitOcr {
  readonly number: number;
  readonly status: OcrStatus;
  /** Why OCR failed; '' otherwise. */
  readonly reason: string;
  /** 'eng', 'eng+fas', …; '' while pending. */
  readonly languages: string;
  /** e.g. "tesseract.js 7.0.0, eng (4.0.0_best_int)"; '' while pending. */
  readonly engine: string;
  readonly finishedAt: number | null;
  /** Video frames sampled (1 for an image); pictures holds those with text that differs from the frame before. */
  readonly framesSampled: number;
  readonly pictures: readonly OcrPictureText[];
}

export type OcrExhibitOutcome =
  | {
      readonly exhibit: string;
      readonly status: 'read';
      /** Pictures kept (frames with text, each differing from the one before). */
      readonly pictures: number;
      readonly words: number;
      /** Indicator occurrences recorded from the text. */
      readonly occurrences: number;
    }
  | { readonly exhibit: string; readonly status: 'failed'; readonly reason: string }
  | { readonly exhibit: string; readonly status: 'cancelled' };

export interface OcrProgress {
  readonly jobId: string;
  /** The exhibit being read (0-based) among the job's `exhibitCount` (which grows when an import adds more). */
  readonly exhibitIndex: number;
  readonly exhibitCount: number;
  /** "E-0003"; '' on the job's last event. */
  readonly exhibit: string;
  /** 'preparing' (copying the stored bytes out), 'sampling' (finding a video's frames), 'reading', 'storing'. */
  readonly stage: 'preparing' | 'sampling' | 'reading' | 'storing';
  /** Pictures of this exhibit read so far and in all (0 while a video is being sampled). */
  readonly frameIndex: number;
  readonly frameCount: number;
  /** Set when this exhibit is finished with. */
  readonly outcome?: OcrExhibitOutcome;
  /** Set on the job's last event. */
  readonly done?: {
    readonly read: number;
    readonly failed: number;
    readonly cancelled: number;
    readonly occurrences: number;
  };
}
