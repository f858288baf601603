/**
 * Indicator-extraction benchmark (`npm run bench`): Locard's extractor against ioc-extractor (the
 * npm package most often used for this), on the same input in the same run, reported as figures
 * and ratios (never asserted: these machines are noisy).
 *  - throughput in MiB/s over a deterministic mixed corpus (~50 MB × LOCARD_BENCH_SCALE): the
 *    evaluation corpus's text files, generated server logs and prose, and planted decoys;
 *  - precision and recall of both tools on the evaluation corpus's text files (expected.json), over
 *    the types both report, and how many planted decoys (`must_not_extract`) each reports.
 * Both tools get the text in the same 1 MiB windows; ioc-extractor runs with `refang: true` (the
 * corpus is partly defanged) and its other defaults (strict TLD matching, which keeps it from
 * reporting `.example` hosts: fewer true positives, never more false ones).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { extractIOC, type IOC } from 'ioc-extractor';
import { extractIndicatorsWindowed } from '../../main/indicators/index.js';

const ROOT = process.cwd();
const SCALE = Number(process.env.LOCARD_BENCH_SCALE ?? '1');
const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
const MIB = 1024 * 1024;
const WINDOW = MIB;

/** The corpus files that are text as stored (no PDF, image, video or archive). */
const TEXT_FILES = [
  'reports/analyst-notes.txt',
  'reports/flash-report-FR-2020-1022.html',
  'emails/01-threat-with-video-attachment.eml',
  'emails/02-threat-quoted-printable-utf8.eml',
  'emails/03-threat-html-defanged-by-gateway.eml',
  'social/io_dataset_oct2020_tweets.csv',
  'social/profiles_export.json',
  'web/news-timeline.html',
  'web/news-timeline.mhtml',
];

/** ioc-extractor's keys for the types both tools report. */
const COMPARED: Readonly<Record<string, keyof IOC>> = {
  ipv4: 'ipv4s',
  ipv6: 'ipv6s',
  domain: 'domains',
  url: 'urls',
  email: 'emails',
  md5: 'md5s',
  sha1: 'sha1s',
  sha256: 'sha256s',
  sha512: 'sha512s',
  cve: 'cves',
  asn: 'asns',
  btc_address: 'btcs',
  eth_address: 'eths',
};
const CASELESS = new Set(['domain', 'email', 'md5', 'sha1', 'sha256', 'sha512', 'cve', 'asn', 'eth_address']);
const norm = (type: string, value: string) => (CASELESS.has(type) ? value.toLowerCase() : value);

interface ExpectedFile {
  readonly indicators: Readonly<Record<string, readonly string[]>>;
  readonly optional?: Readonly<Record<string, readonly string[]>>;
  readonly must_not_extract: readonly { readonly value: string; readonly types: readonly string[] }[];
}
const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as {
  files: Readonly<Record<string, ExpectedFile>>;
};

/** mulberry32: a small seeded generator, so every run builds the same corpus. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the operator server relay portal voter ballot county record frame leak hash upload video screen hosting account suspended attribution evidence timeline analyst report message review'.split(
    ' ',
  );
const DECOYS = [
  'version 1.2.3.4',
  'Exchange build 15.1.2044.4',
  'on 10.21.2020',
  'see report.pdf and timeline.xlsx',
  'git clone git@git.example.org:soc/mailparse.git',
  'kernel 4.19.0-11-amd64',
  'rate 9.6MB/s',
];

/** Evidence-like text in three kinds, each built deterministically to about `bytes`. */
function components(texts: readonly string[], bytes: number): Record<'corpus' | 'logs' | 'prose', string> {
  const next = random(20201021);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const build = (part: (i: number) => string) => {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < bytes; i++) {
      const piece = part(i);
      parts.push(piece);
      size += piece.length;
    }
    return parts.join('');
  };
  return {
    // The evaluation corpus's text files (reports, raw e-mails, exports, saved pages): indicator-dense.
    corpus: build(() => `${pick(texts)}\n`),
    // Server logs: an address, a timestamp and a bracketed pid on every line.
    logs: build(
      (i) =>
        `2020-10-19T21:${String(i % 60).padStart(2, '0')}:07Z sshd[${String(1000 + (i % 9000))}]: Accepted publickey for operator from 198.51.100.${String(i % 250)} port ${String(40000 + (i % 20000))}\n`,
    ),
    // Prose with the corpus's kinds of decoys (versions, dates, file names, git remotes) now and then.
    prose: build(() =>
      next() < 0.05
        ? `${pick(DECOYS)}\n`
        : `${Array.from({ length: 12 + Math.floor(next() * 20) }, () => pick(WORDS)).join(' ')}.\n`,
    ),
  };
}

/** The three kinds interleaved in 64 KiB pieces, so every window holds a mix. */
function interleave(parts: readonly string[]): string {
  const piece = 64 * 1024;
  const out: string[] = [];
  const longest = Math.max(...parts.map((p) => p.length));
  for (let at = 0; at < longest; at += piece) for (const p of parts) out.push(p.slice(at, at + piece));
  return out.join('');
}

function ours(text: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const e of extractIndicatorsWindowed(text, { windowSize: WINDOW })) {
    let set = found.get(e.type);
    if (!set) found.set(e.type, (set = new Set()));
    set.add(norm(e.type, e.value));
  }
  return found;
}

function theirs(text: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (let at = 0; at < text.length; at += WINDOW) {
    const ioc = extractIOC(text.slice(at, at + WINDOW), { refang: true, sort: false });
    for (const [type, key] of Object.entries(COMPARED)) {
      let set = found.get(type);
      if (!set) found.set(type, (set = new Set()));
      for (const value of ioc[key]) set.add(norm(type, value));
    }
  }
  return found;
}

/** The faster of two runs: a shared machine's hiccups slow a run down, never speed it up. */
function timed<T>(work: () => T): { value: T; seconds: number } {
  let best = { value: work(), seconds: Number.POSITIVE_INFINITY };
  for (let run = 0; run < 2; run++) {
    const start = performance.now();
    const value = work();
    const seconds = (performance.now() - start) / 1000;
    if (seconds < best.seconds) best = { value, seconds };
  }
  return best;
}

interface Score {
  reported: number;
  correct: number;
  listed: number;
  recalled: number;
  decoys: number;
  decoysReported: string[];
}

function score(extract: (text: string) => Map<string, Set<string>>): Score {
  const s: Score = { reported: 0, correct: 0, listed: 0, recalled: 0, decoys: 0, decoysReported: [] };
  for (const path of TEXT_FILES) {
    const truth = expected.files[path];
    if (!truth) throw new Error(`no ground truth for ${path}`);
    const found = extract(readFileSync(join(CORPUS, path), 'utf8'));
    const allowed = new Set<string>();
    for (const [type, values] of [...Object.entries(truth.indicators), ...Object.entries(truth.optional ?? {})]) {
      for (const v of values) allowed.add(`${type}\u0000${norm(type, v)}`);
    }
    for (const type of Object.keys(COMPARED)) {
      for (const value of found.get(type) ?? []) {
        s.reported++;
        if (allowed.has(`${type}\u0000${value}`)) s.correct++;
      }
      for (const value of truth.indicators[type] ?? []) {
        s.listed++;
        if (found.get(type)?.has(norm(type, value))) s.recalled++;
      }
    }
    for (const { value, types } of truth.must_not_extract) {
      for (const type of types) {
        if (!(type in COMPARED)) continue;
        s.decoys++;
        if (found.get(type)?.has(norm(type, value))) s.decoysReported.push(`${value} as ${type}`);
      }
    }
  }
  return s;
}

function main(): void {
  const texts = TEXT_FILES.map((path) => readFileSync(join(CORPUS, path), 'utf8'));
  const kinds = components(texts, Math.round((50 * 1000 * 1000 * SCALE) / 3));
  const mixed = interleave([kinds.corpus, kinds.logs, kinds.prose]);
  console.log(
    `Locard extraction benchmark (scale ${String(SCALE)}): ${(mixed.length / MIB).toFixed(1)} MiB of mixed text ` +
      `(a third each: evaluation-corpus files, server logs, prose with decoys), ${String(WINDOW / MIB)} MiB windows`,
  );
  // A warm-up each, so neither pays for its first compilation in the figures.
  ours(mixed.slice(0, 4 * WINDOW));
  theirs(mixed.slice(0, 4 * WINDOW));
  const count = (m: Map<string, Set<string>>) => [...m.values()].reduce((n, set) => n + set.size, 0);
  const rows: [string, string][] = [
    ['mixed (target ≥ 5×)', mixed],
    ['  corpus files', kinds.corpus],
    ['  server logs', kinds.logs],
    ['  prose', kinds.prose],
  ];
  console.log(
    `  ${'input'.padEnd(20)} ${'MiB'.padStart(6)}  ${'locard MiB/s'.padStart(12)}  ${'ioc-extractor MiB/s'.padStart(19)}  ratio`,
  );
  for (const [name, text] of rows) {
    const mib = text.length / MIB;
    const a = timed(() => ours(text));
    const b = timed(() => theirs(text));
    const rateA = mib / a.seconds;
    const rateB = mib / b.seconds;
    console.log(
      `  ${name.padEnd(20)} ${mib.toFixed(1).padStart(6)}  ${rateA.toFixed(1).padStart(12)}  ${rateB.toFixed(1).padStart(19)}  ${(rateA / rateB).toFixed(1)}×` +
        (text === mixed
          ? `   (distinct values: locard ${String(count(a.value))}, ioc-extractor ${String(count(b.value))})`
          : ''),
    );
  }
  console.log(`  on the evaluation corpus's ${String(TEXT_FILES.length)} text files, types both report:`);
  for (const [name, s] of [
    ['locard extractor', score(ours)],
    ['ioc-extractor   ', score(theirs)],
  ] as const) {
    const precision = s.correct / Math.max(1, s.reported);
    console.log(
      `  ${name} : precision ${precision.toFixed(3)} (${String(s.correct)}/${String(s.reported)}${name.startsWith('locard') ? ', target ≥ 0.95' : ''}), ` +
        `recall ${(s.recalled / Math.max(1, s.listed)).toFixed(3)} (${String(s.recalled)}/${String(s.listed)}), ` +
        `decoys reported ${String(s.decoysReported.length)}/${String(s.decoys)}` +
        (s.decoysReported.length > 0 ? `: ${s.decoysReported.join('; ')}` : ''),
    );
  }
}

main();
