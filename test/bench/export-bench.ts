/**
 * Export benchmark (`npm run bench -- export`, issue 7 acceptance 4): a generated case with 1,000
 * indicators in 200 exhibits (plus timeline events and a written briefing citing exhibits), exported
 * as PDF (through the system Chromium, launch included), DOCX (figures rasterised by the same
 * Chromium), HTML and Markdown — the standard case briefing and a written one. Figures are printed,
 * never asserted: these machines are noisy. The case is built once under .bench/export/ and reused.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DocumentFormat } from '../../shared/briefing.js';
import { exportCase, newBriefing } from '../../main/core/briefings.js';
import { importPaths } from '../../main/intake/import.js';
import { productParsers } from '../../main/intake/product-parsers.js';
import { updateBriefing } from '../../main/locker/briefings.js';
import { closeCase, createCase, openCase } from '../../main/locker/case-file.js';
import { listIndicators } from '../../main/locker/indicators.js';
import { exhibitSummaryRows } from '../../main/locker/exhibits.js';
import { createEvent } from '../../main/locker/timeline.js';

const ROOT = process.cwd();
const WORK = join(ROOT, '.bench', 'export');
const CASE = join(WORK, 'export-bench.locard');
const BUILT = join(WORK, 'built-v1.json');
const PASS = 'benchmark passphrase';
const EXHIBITS = 200;
const RUNS = Number(process.env.LOCARD_BENCH_RUNS ?? '3');
const LANES = ['preparation', 'release', 'spread', 'detection and analysis', 'attribution', 'response'];

/** One exhibit's text: five indicators of its own (a URL and its host, an e-mail and its domain, an IPv4). */
function exhibitText(i: number): string {
  return [
    `Report ${String(i)}: the operator staged files at https://files-${String(i)}.bench.example/drop/${String(i)}.zip`,
    `and wrote from op${String(i)}@mail-${String(i)}.bench.example; the server answered on 10.20.${String(Math.floor(i / 250))}.${String(i % 250)}.`,
    'Nothing else in this note names infrastructure.',
  ].join('\n');
}

async function buildCase(): Promise<{ briefingId: string }> {
  if (existsSync(BUILT) && existsSync(CASE)) return JSON.parse(readFileSync(BUILT, 'utf8')) as { briefingId: string };
  rmSync(WORK, { recursive: true, force: true });
  const data = join(WORK, 'data');
  mkdirSync(data, { recursive: true });
  for (let i = 1; i <= EXHIBITS; i++)
    writeFileSync(join(data, `report-${String(i).padStart(3, '0')}.txt`), exhibitText(i));
  const open = createCase({ path: CASE, passphrase: PASS, title: 'Export benchmark', analyst: 'bench', tlp: 'AMBER' });
  try {
    const started = performance.now();
    await importPaths(open.db, [data], {
      analyst: 'bench',
      parsers: productParsers,
      collection: { collector: 'bench', method: 'generated' },
    });
    console.log(`built the case in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (let e = 0; e < 60; e++) {
      createEvent(open.db, 'bench', {
        title: `Event ${String(e + 1)}: report ${String(e * 3 + 1)} filed`,
        start: `2020-10-${String(1 + (e % 28)).padStart(2, '0')}T${String(e % 24).padStart(2, '0')}:15:00Z`,
        precision: 'minute',
        lane: LANES[e % LANES.length] ?? '',
        exhibits: [e * 3 + 1],
      });
    }
    const skeleton = newBriefing(open, 'bench', { title: 'Benchmark briefing' });
    const briefing = updateBriefing(open.db, 'bench', skeleton.id, {
      classification: 'UNCLASSIFIED//FOR OFFICIAL USE ONLY',
      bluf: 'One operator staged files on two hundred hosts.',
      judgements: Array.from({ length: 5 }, (_, j) => ({
        id: `kj-${String(j + 1)}`,
        text: `Judgement ${String(j + 1)}: the hosts named in reports ${String(j * 40 + 1)}–${String(j * 40 + 40)} were run by one operator.`,
        likelihood: 'likely' as const,
        confidence: 'moderate' as const,
        exhibits: Array.from({ length: 8 }, (_, k) => j * 40 + k + 1),
      })),
      timelineFigure: {
        from: Date.parse('2020-10-01T00:00:00Z'),
        to: Date.parse('2020-10-31T00:00:00Z'),
        caption: 'October 2020.',
      },
    });
    writeFileSync(BUILT, JSON.stringify({ briefingId: briefing.id }));
    return { briefingId: briefing.id };
  } finally {
    closeCase(open);
  }
}

function pdfPages(path: string): string {
  const info = spawnSync('pdfinfo', [path], { encoding: 'utf8' });
  return /Pages:\s+(\d+)/.exec(info.stdout)?.[1] ?? '?';
}

async function main(): Promise<void> {
  console.log('Locard export benchmark');
  const { briefingId } = await buildCase();
  const open = openCase(CASE, PASS);
  try {
    const indicators = listIndicators(open.db, { includeDismissed: false }).length;
    const exhibits = exhibitSummaryRows(open.db).length;
    console.log(
      `case: ${String(exhibits)} exhibits, ${String(indicators)} indicators, runs per figure: ${String(RUNS)}`,
    );
    const out = join(WORK, 'out');
    mkdirSync(out, { recursive: true });
    for (const [label, id] of [
      ['standard briefing', undefined],
      ['written briefing', briefingId],
    ] as const) {
      for (const format of ['pdf', 'docx', 'html', 'md'] as DocumentFormat[]) {
        const path = join(out, `${id ? 'written' : 'standard'}.${format}`);
        const times: number[] = [];
        let bytes = 0;
        for (let run = 0; run < RUNS; run++) {
          const started = performance.now();
          const result = await exportCase(
            open,
            'bench',
            { format, path, overwrite: true, ...(id ? { briefingId: id } : {}) },
            { via: 'export-bench' },
          );
          times.push(performance.now() - started);
          bytes = result.bytes;
        }
        times.sort((a, b) => a - b);
        const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
        const pages = format === 'pdf' ? `, ${pdfPages(path)} pages` : '';
        console.log(
          `export ${label} as ${format.padEnd(4)}: median ${(median / 1000).toFixed(2)} s (min ${((times[0] ?? 0) / 1000).toFixed(2)} s), ${(bytes / 1024).toFixed(0)} KiB${pages}`,
        );
      }
    }
  } finally {
    closeCase(open);
  }
}

await main();
