/**
 * `locard extract FILE` (no case: indicators in one file, through the same detection, parse worker
 * and extraction as an import) and `locard indicators CASE` (the case's indicators as a table, JSON
 * or CSV). Output is written as it is found, so a large file's occurrences are never all in memory.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defang } from '../../shared/defang.js';
import type { IndicatorSummary, IndicatorType, OccurrenceLocation } from '../../shared/indicator-types.js';
import { LocardError } from '../errors.js';
import { createIndicatorScanner } from '../indicators/index.js';
import type { IntakeParsers } from '../intake/import.js';
import { MAX_DERIVATION_DEPTH } from '../intake/import.js';
import { locateIndicators } from '../intake/indicators.js';
import { MAX_TEXT_BYTES } from '../intake/parsers/limits.js';
import type { DetectedKind } from '../intake/types.js';
import type { OpenCase } from '../locker/case-file.js';
import { appendCustody } from '../locker/custody.js';
import { indicatorValueKey, listIndicators } from '../locker/indicators.js';
import { readSummary } from '../locker/case-file.js';
import { EXIT, UsageError } from './usage.js';

export interface ExtractOptions {
  readonly json?: boolean;
  readonly defang?: boolean;
  readonly stats?: boolean;
}

/**
 * Kinds whose parser only decodes text: streamed here with the same decoding rules instead, so the
 * offsets are the same and memory stays flat (no whole-file string, no copy out of the worker).
 */
const DECODE_ONLY: ReadonlySet<DetectedKind> = new Set(['text', 'markdown']);
/** Kinds that are read whole as text by the stream when longer than the parser's text limit. */
const STREAMABLE: ReadonlySet<DetectedKind> = new Set(['text', 'markdown', 'json', 'csv']);
const READ_CHUNK = 1024 * 1024;

interface Found {
  readonly type: IndicatorType;
  readonly value: string;
  readonly surface: string;
  readonly start: number;
  readonly end: number;
  readonly flags: readonly string[];
  readonly platform?: string;
  readonly location: OccurrenceLocation;
  /** A derived part (attachment, archive member) the occurrence is in; absent for the file itself. */
  readonly part?: string;
}

/** Where an occurrence is, in words: "page 3", "header Received", "user_screen_name, row 12", "char 1234". */
export function describeLocation(location: OccurrenceLocation): string {
  switch (location.kind) {
    case 'page':
      return `page ${location.label}`;
    case 'header':
      return `header ${location.label}`;
    case 'cell':
      return location.label;
    case 'attachment':
      return 'attachment name';
    case 'ocr':
      return location.frameTimeS == null ? 'image text' : `frame at ${location.frameTimeS.toFixed(2)} s`;
    default:
      return `char ${String(location.start)}`;
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The text encoding the parsers would pick (BOM, strict UTF-8, else Latin-1), found in one streaming pass. */
async function streamEncoding(path: string): Promise<{ encoding: string; skip: number }> {
  const validator = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
      const bytes = chunk as Buffer;
      if (first) {
        first = false;
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
        if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
        if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
      }
      validator.decode(bytes, { stream: true });
    }
    validator.decode();
    return { encoding: 'utf-8', skip: 0 };
  } catch {
    return { encoding: 'latin1', skip: 0 };
  }
}

async function* decodedChunks(path: string, encoding: string, skip: number): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK, start: skip })) {
    yield decoder.decode(chunk as Buffer, { stream: true });
  }
  yield decoder.decode();
}

interface Sink {
  add(found: Found): void;
  /** Wait while the output is behind (a slow reader on a pipe): queued writes would pile up in memory. */
  drain(): Promise<void>;
}

/** How often a synchronous run of occurrences stops to let the output drain. */
const DRAIN_EVERY = 2_000;

async function scanFile(
  parsers: IntakeParsers,
  file: { path: string; name: string; size: number },
  sink: Sink,
  warnings: string[],
): Promise<DetectedKind> {
  const detection = await parsers.detect(file.path, file.name);
  if (DECODE_ONLY.has(detection.kind) || (STREAMABLE.has(detection.kind) && file.size > MAX_TEXT_BYTES)) {
    // A standalone extraction reads the whole file: the parser's cap is about what a case keeps searchable.
    const { encoding, skip } = await streamEncoding(file.path);
    const scanner = createIndicatorScanner();
    const emit = (list: ReturnType<typeof scanner.end>) => {
      for (const e of list) {
        sink.add({ ...e, location: { start: e.start, end: e.end, kind: 'body', label: detection.kind } });
      }
    };
    for await (const text of decodedChunks(file.path, encoding, skip)) {
      emit(scanner.push(text));
      await sink.drain();
    }
    emit(scanner.end());
    if (detection.kind === 'csv' || detection.kind === 'json') {
      warnings.push('The file is larger than the parser reads at once: bare screen names in columns were not read.');
    }
    return detection.kind;
  }
  const tempRoot = mkdtempSync(join(tmpdir(), 'locard-extract-'));
  try {
    await scanParsed(parsers, { ...file, kind: detection.kind, depth: 0, part: undefined, tempRoot }, sink, warnings);
  } finally {
    rmSync(tempRoot, { recursive: true, force: true });
  }
  return detection.kind;
}

async function scanParsed(
  parsers: IntakeParsers,
  file: {
    path: string;
    name: string;
    size: number;
    kind: DetectedKind;
    depth: number;
    part: string | undefined;
    tempRoot: string;
  },
  sink: Sink,
  warnings: string[],
): Promise<void> {
  const tempDir = mkdtempSync(join(file.tempRoot, 'p-'));
  let parsed;
  try {
    parsed = await parsers.parse({
      path: file.path,
      size: file.size,
      name: file.name,
      tempDir,
      kind: file.kind,
      depth: file.depth,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (file.part === undefined) throw new LocardError('unsupported', `Cannot read ${file.name}: ${reason}`);
    warnings.push(`${file.part}: not parsed (${reason})`);
    return;
  }
  for (const warning of parsed.warnings) warnings.push(file.part === undefined ? warning : `${file.part}: ${warning}`);
  let count = 0;
  for (const { extraction, location } of locateIndicators(parsed)) {
    sink.add({ ...extraction, location, ...(file.part === undefined ? {} : { part: file.part }) });
    if (++count % DRAIN_EVERY === 0) await sink.drain();
  }
  if (file.depth + 1 > MAX_DERIVATION_DEPTH) return;
  for (const child of parsed.children) {
    const detection = await parsers.detect(child.path, child.name);
    const part = file.part === undefined ? child.name : `${file.part} › ${child.name}`;
    await scanParsed(
      parsers,
      { ...child, kind: detection.kind, depth: file.depth + 1, part, tempRoot: file.tempRoot },
      sink,
      warnings,
    );
  }
}

function stats(bytes: number, started: number) {
  const seconds = (performance.now() - started) / 1000;
  // resourceUsage().maxRSS is in kilobytes: the peak resident memory of the whole process, the
  // parse worker included.
  return { bytes, seconds: Number(seconds.toFixed(3)), maxRssBytes: process.resourceUsage().maxRSS * 1024 };
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** The reader went away (`locard extract big.log | head`): stop quietly, as other Unix tools do. */
function quietWhenReaderLeaves(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
  });
}

export async function commandExtract(
  positionals: readonly string[],
  options: ExtractOptions,
  out: (line: string) => void,
): Promise<number> {
  const [given, ...extra] = positionals;
  if (given === undefined) throw new UsageError('extract needs a file, e.g. locard extract report.pdf --json');
  if (extra.length > 0) throw new UsageError('extract takes one file.');
  const path = resolve(given);
  let size: number;
  try {
    const s = statSync(path);
    if (!s.isFile()) throw new UsageError(`${path} is not a file.`);
    size = s.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new LocardError('not-found', `Cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  quietWhenReaderLeaves();
  const started = performance.now();
  const name = basename(path);
  const sha256 = await sha256Of(path);
  const { productParsers } = await import('../intake/product-parsers.js');
  const shown = (type: IndicatorType, value: string) => (options.defang ? defang(value, type) : value);
  const warnings: string[] = [];
  let kind: DetectedKind;
  if (options.json) {
    // Written straight to stdout, honouring backpressure: a reader slower than the scan (a pipe into
    // jq) must not make the queued output grow with the file.
    let behind = false;
    const write = (line: string) => {
      if (!process.stdout.write(`${line}\n`)) behind = true;
    };
    const drain = async () => {
      if (!behind) return;
      behind = false;
      await once(process.stdout, 'drain');
    };
    write(`{"file":${JSON.stringify(path)},"sha256":"${sha256}","size":${String(size)},"indicators":[`);
    let first = true;
    try {
      kind = await scanFile(
        productParsers,
        { path, name, size },
        {
          add(found) {
            write(`${first ? '' : ','}${JSON.stringify({ ...found, value: shown(found.type, found.value) })}`);
            first = false;
          },
          drain,
        },
        warnings,
      );
    } finally {
      await productParsers.finish?.();
    }
    write(`],"kind":"${kind}","warnings":${JSON.stringify(warnings)},"stats":${JSON.stringify(stats(size, started))}}`);
    await drain();
    return EXIT.ok;
  }
  const groups = new Map<
    string,
    { type: IndicatorType; value: string; count: number; first: Found; flags: Set<string> }
  >();
  try {
    kind = await scanFile(
      productParsers,
      { path, name, size },
      {
        add(found) {
          const key = `${found.type}\u0000${indicatorValueKey(found.type, found.value)}`;
          const group = groups.get(key);
          if (group) {
            group.count++;
            for (const f of found.flags) group.flags.add(f);
          } else
            groups.set(key, {
              type: found.type,
              value: found.value,
              count: 1,
              first: found,
              flags: new Set(found.flags),
            });
        },
        // Grouped in memory (one entry per distinct indicator) and printed at the end.
        drain: () => Promise.resolve(),
      },
      warnings,
    );
  } finally {
    await productParsers.finish?.();
  }
  out(path);
  out(`  ${kind}, ${String(size)} bytes, SHA-256 ${sha256}`);
  for (const warning of warnings) out(`  note: ${warning}`);
  const rows = [...groups.values()];
  const typeWidth = Math.max(4, ...rows.map((g) => g.type.length));
  const valueWidth = Math.min(60, Math.max(5, ...rows.map((g) => shown(g.type, g.value).length)));
  for (const g of rows) {
    const where = `${g.first.part === undefined ? '' : `${g.first.part}: `}${describeLocation(g.first.location)}`;
    const flags = g.flags.size > 0 ? `  [${[...g.flags].join(', ')}]` : '';
    out(
      `${g.type.padEnd(typeWidth)}  ${shown(g.type, g.value).padEnd(valueWidth)}  ×${String(g.count).padEnd(5)} first at ${where}${flags}`,
    );
  }
  out(`${String(rows.length)} indicators, ${String(rows.reduce((n, g) => n + g.count, 0))} occurrences.`);
  if (options.stats) {
    const s = stats(size, started);
    process.stderr.write(
      `stats: ${mib(s.bytes)} in ${s.seconds.toFixed(2)} s (${mib(s.bytes / Math.max(s.seconds, 0.001))}/s), peak memory ${mib(s.maxRssBytes)}\n`,
    );
  }
  return EXIT.ok;
}

// ---------------------------------------------------------------------------------------------------

export interface IndicatorsOptions {
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly defang?: boolean;
  readonly includeDismissed?: boolean;
}

function fact(summary: IndicatorSummary, kind: string): string {
  return summary.enrichment.find((e) => e.kind === kind)?.value ?? '';
}

function organisation(summary: IndicatorSummary): string {
  return (
    summary.enrichment.find((e) => e.kind === 'asn')?.label ??
    summary.enrichment.find((e) => e.kind === 'organisation')?.value ??
    ''
  );
}

/**
 * A CSV cell. Cells a spreadsheet would run as a formula (=, +, -, @, tab, CR first: OWASP's CSV
 * injection list; "@handle" is one) get a leading apostrophe, which spreadsheets hide.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const CSV_COLUMNS = [
  'type',
  'value',
  'status',
  'occurrences',
  'exhibits',
  'first_seen',
  'last_seen',
  'asn',
  'organisation',
  'country',
  'registrable_domain',
  'tags',
  'flags',
] as const;

export function commandIndicators(
  open: OpenCase,
  options: IndicatorsOptions,
  analyst: string,
  out: (line: string) => void,
): number {
  if (options.json && options.csv) throw new UsageError('Choose one of --json and --csv.');
  quietWhenReaderLeaves();
  appendCustody(open.db, {
    analyst,
    action: 'case.opened',
    objectIds: [readSummary(open).caseId],
    details: { via: 'locard indicators', ...(options.includeDismissed ? { includeDismissed: true } : {}) },
  });
  // Exports leave out what the analyst dismissed (benign, false positive) unless asked.
  const list = listIndicators(open.db, { includeDismissed: options.includeDismissed === true });
  const shown = (s: IndicatorSummary) => (options.defang ? defang(s.value, s.type) : s.value);
  if (options.json) {
    out(JSON.stringify({ case: open.path, indicators: list.map((s) => ({ ...s, value: shown(s) })) }, null, 2));
    return EXIT.ok;
  }
  if (options.csv) {
    out(CSV_COLUMNS.join(','));
    for (const s of list) {
      const cells = [
        s.type,
        shown(s),
        s.status,
        String(s.occurrenceCount),
        String(s.exhibitCount),
        s.firstSeen ? new Date(s.firstSeen).toISOString() : '',
        s.lastSeen ? new Date(s.lastSeen).toISOString() : '',
        s.type === 'asn' ? s.value : fact(s, 'asn'),
        organisation(s),
        fact(s, 'country'),
        options.defang ? defang(fact(s, 'registrable_domain'), 'domain') : fact(s, 'registrable_domain'),
        s.tags.join(' '),
        s.flags.join(' '),
      ];
      out(cells.map(csvCell).join(','));
    }
    return EXIT.ok;
  }
  const typeWidth = Math.max(4, ...list.map((s) => s.type.length));
  const valueWidth = Math.min(60, Math.max(5, ...list.map((s) => shown(s).length)));
  out(`${'TYPE'.padEnd(typeWidth)}  ${'VALUE'.padEnd(valueWidth)}  OCC    EXH   ENRICHMENT`);
  for (const s of list) {
    const registrable = fact(s, 'registrable_domain');
    const enrichment = [
      s.type === 'asn' ? '' : fact(s, 'asn'),
      organisation(s),
      fact(s, 'country'),
      registrable !== '' && registrable !== s.value
        ? `(${options.defang ? defang(registrable, 'domain') : registrable})`
        : '',
      s.status === 'open' ? '' : `(${s.status.replace('_', ' ')})`,
    ]
      .filter((x) => x !== '')
      .join(' ');
    out(
      `${s.type.padEnd(typeWidth)}  ${shown(s).padEnd(valueWidth)}  ${String(s.occurrenceCount).padEnd(5)}  ${String(s.exhibitCount).padEnd(4)}  ${enrichment}`.trimEnd(),
    );
  }
  out(
    `${String(list.length)} indicators${options.includeDismissed ? '' : ' (benign and false positives left out; --include-dismissed shows them)'}.`,
  );
  return EXIT.ok;
}
