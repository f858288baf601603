/**
 * The one module that imports tesseract.js (CONVENTIONS §8). It turns Tesseract's page into our
 * OcrResult (layout.ts) and never lets the library reach the network or write a cache:
 * - the trained data is read from the @tesseract.js-data packages shipped with Locard (`langPath` is a
 *   local folder, so the worker reads the file instead of fetching; tesseract.js would otherwise fetch
 *   from a CDN), `cacheMethod: 'none'` (no copy written beside the process's working folder);
 * - the LSTM-only "best_int" models (4.0.0_best_int): the engine runs LSTM only (OEM 1), which is
 *   what these files hold, at a quarter of the size of the combined 4.0.0 files;
 * - the WebAssembly core comes from the installed tesseract.js-core (tesseract.js's Node worker
 *   requires it itself; `corePath` is only used in browsers).
 * Paths are resolved from this module, so they hold from the sources, from out/main bundles and
 * packaged, where these packages are unpacked beside app.asar (electron-builder.yml asarUnpack: a
 * worker thread reads its script and data with plain fs).
 */
import { copyFileSync, existsSync, linkSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { createWorker, type Page, type Worker } from 'tesseract.js';
import type { OcrLanguage } from '../../shared/domain.js';
import { layoutPage, type RawLine, type RawPage } from './layout.js';
import type { PreparedPicture } from './picture.js';
import type { OcrResult } from './types.js';

/** Tesseract's OEM 1: the LSTM recogniser only (the shipped best_int data has no legacy model). */
const LSTM_ONLY = 1;
/** PSM 3: find the text blocks on the page. Screens hold title bars, columns and prompts; the
 * library's default (one uniform block) lost window titles on the reference frames. */
const AUTO_SEGMENTATION = '3';
/** The data folder inside each @tesseract.js-data package. */
export const TRAINED_DATA_VARIANT = '4.0.0_best_int';

const require = createRequire(import.meta.url);

/** app.asar/… → app.asar.unpacked/… (a no-op outside a packaged app). */
function unpacked(path: string): string {
  return path.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
}

/** The folder holding `<lang>.traineddata.gz` for a shipped language. */
export function languageDataPath(language: OcrLanguage): string {
  const folder = unpacked(
    join(dirname(require.resolve(`@tesseract.js-data/${language}/package.json`)), TRAINED_DATA_VARIANT),
  );
  if (!existsSync(join(folder, `${language}.traineddata.gz`))) {
    throw new Error(`The OCR language data for "${language}" is missing from ${folder}.`);
  }
  return folder;
}

/** tesseract.js's Node worker script (run in a worker thread by createWorker). */
export function tesseractWorkerPath(): string {
  return unpacked(
    join(dirname(require.resolve('tesseract.js/package.json')), 'src', 'worker-script', 'node', 'index.js'),
  );
}

/** "tesseract.js 7.0.0, eng+fas (4.0.0_best_int)": recorded with every OCR result. */
export function engineDescription(languages: readonly OcrLanguage[]): string {
  const { version } = require('tesseract.js/package.json') as { version: string };
  return `tesseract.js ${version}, ${languages.join('+')} (${TRAINED_DATA_VARIANT})`;
}

export interface OcrEngine {
  /** Read one prepared picture. `onProgress` gets the fraction (0–1) of this picture done. */
  read(picture: PreparedPicture, onProgress?: (fraction: number) => void): Promise<OcrResult & { confidence: number }>;
  close(): Promise<void>;
}

/**
 * Start a recogniser for `languages`. Languages load from local files only, so any of them failing
 * to load is a broken installation, reported as such. `workDir` is a private temporary folder (used
 * only when several languages are combined).
 */
export async function createOcrEngine(languages: readonly OcrLanguage[], workDir: string): Promise<OcrEngine> {
  if (languages.length === 0) throw new Error('OCR needs at least one language.');
  let progress: ((fraction: number) => void) | undefined;
  const worker: Worker = await createWorker([...languages], LSTM_ONLY, {
    langPath: languageFolder(languages, workDir),
    cacheMethod: 'none',
    gzip: true,
    workerPath: tesseractWorkerPath(),
    logger: (message) => {
      if (message.status === 'recognizing text') progress?.(Math.min(1, Math.max(0, message.progress)));
    },
    // Without a handler tesseract.js rethrows a failed job inside its message listener, where
    // nothing can catch it; the job's own promise still rejects with the reason.
    errorHandler: () => undefined,
  });
  try {
    await worker.setParameters({ tessedit_pageseg_mode: AUTO_SEGMENTATION as never });
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return {
    async read(picture, onProgress) {
      progress = onProgress;
      try {
        const { data } = await worker.recognize(picture.pgm, {}, { text: false, blocks: true });
        const result = layoutPage(rawPage(data), picture.scale, picture.grey);
        const confidence =
          result.words.length === 0 ? 0 : result.words.reduce((sum, w) => sum + w.confidence, 0) / result.words.length;
        return { ...result, confidence: Math.round(confidence * 10) / 10 };
      } finally {
        progress = undefined;
      }
    },
    async close() {
      await worker.terminate();
    },
  };
}

/**
 * tesseract.js takes one `langPath` for all languages and reads `<langPath>/<lang>.traineddata.gz`,
 * but each language package keeps its data in a folder of its own. One language is read where it is;
 * for several, the files are linked (or copied, across devices) into one folder in `workDir`.
 */
function languageFolder(languages: readonly OcrLanguage[], workDir: string): string {
  const [only] = languages;
  if (languages.length === 1 && only !== undefined) return languageDataPath(only);
  const folder = join(workDir, 'tessdata');
  mkdirSync(folder, { recursive: true });
  for (const language of languages) {
    const file = `${language}.traineddata.gz`;
    const source = join(languageDataPath(language), file);
    const target = join(folder, file);
    if (existsSync(target)) continue;
    try {
      linkSync(source, target);
    } catch {
      copyFileSync(source, target);
    }
  }
  return folder;
}

function rawPage(page: Page): RawPage {
  return (page.blocks ?? []).map((block) =>
    block.paragraphs.flatMap((paragraph) =>
      paragraph.lines.map((line): RawLine => ({
        bbox: line.bbox,
        baseline: line.baseline,
        // tesseract.js reports row metrics only where Tesseract computed them.
        ...(Number.isFinite(line.rowAttributes.rowHeight) ? { rowHeight: line.rowAttributes.rowHeight } : {}),
        ...(Number.isFinite(line.rowAttributes.ascenders) ? { ascenders: line.rowAttributes.ascenders } : {}),
        ...(Number.isFinite(line.rowAttributes.descenders) ? { descenders: line.rowAttributes.descenders } : {}),
        leftToRight: paragraph.is_ltr,
        words: line.words.map((word) => ({
          text: word.text,
          bbox: word.bbox,
          confidence: word.confidence,
          symbols: word.symbols.map((symbol) => ({ x0: symbol.bbox.x0, x1: symbol.bbox.x1 })),
        })),
      })),
    ),
  );
}
