/**
 * The OCR step of `locard import`: after the files are in, the images and videos they added (e-mail
 * attachments and archive members included) are read by OCR, one exhibit at a time, progress on
 * stderr. `--no-ocr` skips it; those exhibits stay pending for the app's "Read text (OCR)".
 */
import type { ConfigStore } from '../config/settings.js';
import { ocrExhibits, ocrSettings, type OcrReport } from '../core/ocr-jobs.js';
import type { OpenCase } from '../locker/case-file.js';
import { ocrCandidates } from '../locker/ocr.js';

export interface ImportOcrOptions {
  readonly analyst: string;
  readonly config: ConfigStore;
  /** Exhibits numbered above this were added by the import. */
  readonly aboveNumber: number;
  /** Quiet on stderr (the --json report carries the outcome). */
  readonly quiet: boolean;
  readonly signal?: AbortSignal;
}

export async function ocrAfterImport(open: OpenCase, options: ImportOcrOptions): Promise<OcrReport | null> {
  const candidates = ocrCandidates(open.db, { aboveNumber: options.aboveNumber });
  if (candidates.length === 0) return null;
  const settings = ocrSettings(options.config.settings());
  const err = (line: string) => process.stderr.write(line);
  const live = !options.quiet && process.stderr.isTTY;
  // Whether a live progress line is on screen (to be ended before the next full line).
  const screen = { pending: false };
  const report = await ocrExhibits(open.db, candidates, {
    analyst: options.analyst,
    ...settings,
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (event) => {
      if (options.quiet) return;
      const where = `OCR ${event.exhibit} (${String(event.exhibitIndex + 1)} of ${String(event.exhibitCount)})`;
      if (event.outcome) {
        const o = event.outcome;
        const line =
          o.status === 'read'
            ? `${where}: ${String(o.pictures)} picture${o.pictures === 1 ? '' : 's'} with text, ${String(o.words)} words, ${String(o.occurrences)} indicator occurrences`
            : o.status === 'failed'
              ? `${where}: not read — ${o.reason}`
              : `${where}: cancelled`;
        err(`${screen.pending ? '\r\u001b[K' : ''}${line}\n`);
        screen.pending = false;
        return;
      }
      if (!live) return;
      const detail =
        event.stage === 'sampling'
          ? 'finding frames'
          : event.frameCount > 1
            ? `frame ${String(Math.min(event.frameIndex + 1, event.frameCount))} of ${String(event.frameCount)}`
            : event.stage;
      err(`\r\u001b[K${where}: ${detail}`);
      screen.pending = true;
    },
  });
  if (screen.pending) err('\n');
  return report;
}
