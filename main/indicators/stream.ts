/**
 * Memory-flat extraction over text too large to hold or scan at once: the text is scanned in
 * overlapping windows, offsets stay global, and each occurrence is reported exactly once.
 *
 * How a window is cut: near its end (leaving `MARGIN` characters, more than the longest surface the
 * scanner reports) the cut moves back to white space, then further back to the start of any
 * occurrence that crosses it. Occurrences that start before the cut are reported now; the next window
 * starts `CONTEXT` characters before the cut, so look-behind checks (version words, the header a
 * Message-ID sits in) see the same text they would in a single pass, and occurrences starting before
 * the cut are dropped from it.
 */
import type { Extraction } from '../../shared/indicator-types.js';
import { extractIndicators, MAX_SURFACE_LENGTH, type ExtractOptions } from './extract.js';

/** Longer than any reported surface (MAX_SURFACE_LENGTH) plus the CIDR suffix and look-ahead checks. */
const MARGIN = MAX_SURFACE_LENGTH + 64;
/** Text kept before the cut for look-behind context (header folding, "version …"). */
const CONTEXT = 1024;
/** Default window: big enough to amortise the per-call cost, small enough to keep memory flat. */
export const DEFAULT_WINDOW_SIZE = 1 << 20;
/** The smallest window that still leaves room between the margin and the context. */
export const MIN_WINDOW_SIZE = 2 * (MARGIN + CONTEXT);

export interface StreamOptions extends ExtractOptions {
  /** Characters scanned per window (default 1 MiB of UTF-16 code units, minimum MIN_WINDOW_SIZE). */
  readonly windowSize?: number;
}

export interface IndicatorScanner {
  /** Adds text; returns the occurrences that are now final. */
  push(chunk: string): Extraction[];
  /** Ends the text; returns the remaining occurrences. */
  end(): Extraction[];
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

export function createIndicatorScanner(options?: StreamOptions): IndicatorScanner {
  const windowSize = Math.max(MIN_WINDOW_SIZE, options?.windowSize ?? DEFAULT_WINDOW_SIZE);
  let buffer = '';
  /** Global offset of buffer[0]. */
  let base = 0;
  /** Global offset before which every occurrence has been reported. */
  let reportedUpTo = 0;

  function scanBuffer(final: boolean): Extraction[] {
    const found = extractIndicators(buffer, options);
    let cut = buffer.length;
    if (!final) {
      cut = buffer.length - MARGIN;
      let w = cut;
      while (w > cut - MARGIN && w > 0 && !isBlank(buffer.charCodeAt(w - 1))) w--;
      if (w > 0 && w > cut - MARGIN) cut = w;
      for (let changed = true; changed;) {
        changed = false;
        for (const e of found) {
          if (e.start < cut && e.end > cut && base + e.start >= reportedUpTo) {
            cut = e.start;
            changed = true;
          }
        }
      }
    }
    const out: Extraction[] = [];
    for (const e of found) {
      const start = base + e.start;
      if (start >= reportedUpTo && e.start < cut) out.push({ ...e, start, end: base + e.end });
    }
    reportedUpTo = Math.max(reportedUpTo, base + cut);
    const keepFrom = final ? buffer.length : Math.max(0, cut - CONTEXT);
    buffer = buffer.slice(keepFrom);
    base += keepFrom;
    return out;
  }

  return {
    push(chunk: string): Extraction[] {
      const out: Extraction[] = [];
      for (let i = 0; i < chunk.length;) {
        const take = Math.min(chunk.length - i, windowSize - buffer.length);
        buffer += chunk.slice(i, i + take);
        i += take;
        if (buffer.length >= windowSize) out.push(...scanBuffer(false));
      }
      return out;
    },
    end(): Extraction[] {
      return scanBuffer(true);
    },
  };
}

/** Extractions of one long text, scanned window by window (same results as extractIndicators). */
export function* extractIndicatorsWindowed(
  text: string,
  options?: StreamOptions,
): Generator<Extraction, void, undefined> {
  const scanner = createIndicatorScanner(options);
  const step = Math.max(MIN_WINDOW_SIZE, options?.windowSize ?? DEFAULT_WINDOW_SIZE);
  for (let i = 0; i < text.length; i += step) yield* scanner.push(text.slice(i, i + step));
  yield* scanner.end();
}

/** Extractions of a text arriving as chunks (a decoded file stream), with global offsets. */
export async function* extractIndicatorsFromChunks(
  chunks: AsyncIterable<string> | Iterable<string>,
  options?: StreamOptions,
): AsyncGenerator<Extraction, void, undefined> {
  const scanner = createIndicatorScanner(options);
  for await (const chunk of chunks) yield* scanner.push(chunk);
  yield* scanner.end();
}
