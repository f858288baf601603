/**
 * Prepare a picture for the recogniser: decode it with ffmpeg (main/media/ffmpeg.ts, hardened against
 * hostile files, with a time limit), enlarge small pictures, turn it grey, make the text dark on a
 * light ground, and thicken strokes vertically by one pixel. Measured on the reference frames (screen
 * recordings of terminals, 1600×900): ×2 enlargement and the vertical thickening took indicator recall
 * from 18 to 21 of 25 and keep underscores and thin punctuation (`:` `.` `_`) that LSTM otherwise
 * drops; ×3 was slower and no better.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileUrl, inputArgs, runFfmpeg } from '../media/ffmpeg.js';
import type { GreyImage } from './layout.js';

/** Small pictures are enlarged until their longer side reaches this (at most ×4): Tesseract reads best
 * with capital letters 20–40 pixels high, and screen text is 8–16. A 1600×900 frame is read at ×2, an
 * 800×450 re-encode at ×4. */
const TARGET_SIDE = 3200;
const MAX_ENLARGEMENT = 4;
/** Pictures longer than this are reduced to it (a photo's text is large; the rest only costs time). */
const MAX_SIDE = 4000;
/** Decoding one picture: a few hundred milliseconds normally; a stuck decoder is stopped. */
export const DECODE_TIMEOUT_MS = 30_000;

export interface PreparedPicture {
  /** The picture as stored (display size). */
  readonly width: number;
  readonly height: number;
  /** The recogniser's picture is this many times larger than the stored one. */
  readonly scale: number;
  readonly grey: GreyImage;
  /** The same pixels as a binary PGM, which Tesseract's image reader (Leptonica) takes directly. */
  readonly pgm: Buffer;
}

/**
 * Decode `path` (an image, or a frame written by sampleFrames) into a PreparedPicture. `workDir` is a
 * private temporary folder; the intermediate file is removed before returning. `signal` stops ffmpeg.
 */
export async function preparePicture(
  path: string,
  workDir: string,
  name = 'ocr-input',
  signal?: AbortSignal,
): Promise<PreparedPicture> {
  const out = join(workDir, `${name}.pgm`);
  let source: { width: number; height: number } | undefined;
  const side = 'max(iw\\,ih)';
  const factor =
    `if(gt(${side}\\,${String(TARGET_SIDE)})\\,min(1\\,${String(MAX_SIDE)}/${side})` +
    `\\,min(${String(MAX_ENLARGEMENT)}\\,${String(TARGET_SIDE)}/${side}))`;
  try {
    await runFfmpeg(
      [
        ...(await inputArgs(path)),
        '-map',
        '0:V:0',
        '-frames:v',
        '1',
        '-vf',
        // showinfo before scaling reports the stored size; lanczos would ring around glyph edges.
        `showinfo,scale=w='max(1\\,trunc(iw*${factor}))':h='max(1\\,trunc(ih*${factor}))':flags=bicubic,format=gray`,
        '-c:v',
        'pgm',
        '-f',
        'image2',
        '-update',
        '1',
        '-y',
        fileUrl(out),
      ],
      {
        timeoutMs: DECODE_TIMEOUT_MS,
        signal,
        onLine: (line) => {
          if (source || !line.startsWith('[Parsed_showinfo_')) return;
          const size = /\bs:(\d+)x(\d+)/.exec(line);
          if (size) source = { width: Number(size[1]), height: Number(size[2]) };
        },
      },
    );
    const pgm = readFileSync(out);
    const grey = parsePgm(pgm);
    const width = source?.width ?? grey.width;
    const height = source?.height ?? grey.height;
    normalise(grey);
    return { width, height, scale: grey.width / width, grey, pgm };
  } finally {
    rmSync(out, { force: true });
  }
}

/** Read a binary 8-bit PGM (P5) header; the pixels are a view into the same buffer. */
export function parsePgm(buffer: Buffer): GreyImage {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buffer.subarray(0, 64).toString('latin1'));
  if (header?.[3] !== '255') throw new Error('ffmpeg did not write an 8-bit PGM picture');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const offset = header[0].length;
  if (buffer.length < offset + width * height) throw new Error('the PGM picture is truncated');
  // A Uint8Array view, not a Buffer: Buffer#slice does not copy, Uint8Array#slice does (normalise relies on it).
  return { width, height, pixels: new Uint8Array(buffer.buffer, buffer.byteOffset + offset, width * height) };
}

/**
 * In place: invert a mostly dark picture (terminal, dark theme) so text is dark on light, which is
 * what Tesseract is trained on, then thicken dark strokes by one pixel up and down (a vertical
 * minimum filter): an underscore or a colon two pixels high survives the recogniser's rescaling.
 */
export function normalise(grey: GreyImage): void {
  const { pixels, width, height } = grey;
  let sum = 0;
  for (const value of pixels) sum += value;
  if (pixels.length > 0 && sum / pixels.length < 128) {
    for (let i = 0; i < pixels.length; i++) pixels[i] = 255 - (pixels[i] ?? 0);
  }
  if (height < 3) return;
  let above = pixels.slice(0, width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const current = pixels.slice(row, row + width);
    const below = y + 1 < height ? pixels.subarray(row + width, row + 2 * width) : current;
    for (let x = 0; x < width; x++) {
      pixels[row + x] = Math.min(above[x] ?? 255, current[x] ?? 255, below[x] ?? 255);
    }
    above = current;
  }
}
