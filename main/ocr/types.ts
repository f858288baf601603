/**
 * What OCR produces, in our own types (CONVENTIONS §8: tesseract.js stays inside engine.ts). Boxes are
 * in the pixels of the picture as stored in the case (the image, or the video frame at display size),
 * whatever scaling the recogniser worked at.
 */
import type { PixelBox } from '../../shared/indicator-types.js';

export interface OcrWord {
  readonly text: string;
  /** UTF-16 offsets into `OcrResult.text`, half-open: `text.slice(start, end) === word.text`. */
  readonly start: number;
  readonly end: number;
  readonly box: PixelBox;
  /** Tesseract's word confidence, 0–100. */
  readonly confidence: number;
}

export interface OcrResult {
  /** Lines end with '\n'; blocks of text are separated by an empty line. */
  readonly text: string;
  readonly words: readonly OcrWord[];
}

/** One picture read: a still image (`frameTimeS` null) or one frame of a video. */
export interface OcrPicture extends OcrResult {
  readonly frameTimeS: number | null;
  readonly width: number;
  readonly height: number;
  /** Mean word confidence (0–100); 0 when no word was read. */
  readonly confidence: number;
}
