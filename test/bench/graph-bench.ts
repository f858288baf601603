/**
 * Graph benchmark (`npm run bench -- graph`, issue 5 acceptance 3). For generated graphs of 1,000,
 * 5,000 and 20,000 entities with two relationships each, in headless Chromium (/usr/bin/chromium
 * through playwright-core) with the Graph view's own code (test/bench/graph-harness.ts):
 *  - the fCoSE layout's time in the layout worker (off the UI thread), and with messaging;
 *  - the time to the first frame drawn after the positions arrive;
 *  - the median (and 95th percentile) frame time while the view is panned (a mouse drag on the
 *    background) and zoomed (40 mouse-wheel steps) — real input, so Cytoscape handles the viewport as
 *    it does for the analyst;
 *  - the renderer used (WebGL, and on which GPU — SwiftShader is the CPU — or canvas).
 * Targets at 20,000: first render < 3 s after the layout, median frame < 50 ms. Also, in Node: how
 * long `readGraph` takes to derive the whole graph from the evidence tables of a case that size.
 * Sizes: LOCARD_BENCH_GRAPH_SIZES (default "1000,5000,20000"); LOCARD_BENCH_GRAPH_BOTH=1 measures
 * the other renderer as well; LOCARD_BENCH_GRAPH_SWIFTSHADER=1 gives headless Chromium WebGL on the
 * CPU (SwiftShader); LOCARD_BENCH_GRAPH_SHOTS=<folder> saves a screenshot per size.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import { closeCase, createCase, openCase } from '../../main/locker/case-file.js';
import { readGraph } from '../../main/locker/graph.js';
import { recordOccurrences } from '../../main/locker/indicators.js';
import { insertBareExhibit } from '../helpers/case.js';
import type { Page } from 'playwright-core';
import type { GraphBenchLayout } from './graph-harness.js';

const ROOT = process.cwd();
const WORK = join(ROOT, '.bench', 'graph');
const SIZES = (process.env.LOCARD_BENCH_GRAPH_SIZES ?? '1000,5000,20000')
  .split(',')
  .map((size) => Number(size.trim()))
  .filter((size) => Number.isInteger(size) && size > 1);
const BOTH = process.env.LOCARD_BENCH_GRAPH_BOTH === '1';
const SHOTS = process.env.LOCARD_BENCH_GRAPH_SHOTS ?? '';
const SWIFTSHADER = process.env.LOCARD_BENCH_GRAPH_SWIFTSHADER === '1';
const TARGET_FIRST_RENDER_MS = 3000;
/** One size's run may take this long (a crashed GPU process can leave the page waiting for ever). */
const RUN_LIMIT_MS = Number(process.env.LOCARD_BENCH_GRAPH_LIMIT_MS ?? 15 * 60_000);
const TARGET_FRAME_MS = 50;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/** The harness page and the layout worker, bundled for the browser like Vite bundles the app. */
async function bundle(): Promise<void> {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const common = {
    bundle: true,
    platform: 'browser' as const,
    format: 'esm' as const,
    target: 'chrome130',
    minify: true,
    sourcemap: false,
    logLevel: 'warning' as const,
    absWorkingDir: ROOT,
  };
  await Promise.all([
    build({ ...common, entryPoints: ['test/bench/graph-harness.ts'], outfile: join(WORK, 'harness.js') }),
    build({
      ...common,
      entryPoints: ['renderer/src/views/graph/layout-worker.ts'],
      outfile: join(WORK, 'layout-worker.js'),
    }),
  ]);
  copyFileSync(join(ROOT, 'renderer', 'src', 'styles', 'tokens.css'), join(WORK, 'tokens.css'));
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Graph bench</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="tokens.css"><link rel="stylesheet" href="bench.css"></head>
<body><div id="stage"></div><script type="module" src="harness.js"></script></body></html>`;
  const css = `html,body{margin:0;height:100%;background:var(--bg-sunken)}#stage{position:fixed;inset:0}`;
  writeFileSync(join(WORK, 'index.html'), page);
  writeFileSync(join(WORK, 'bench.css'), css);
}

/** Serve the bundle on 127.0.0.1 under the app's Content-Security-Policy (the worker must pass it too). */
function serve(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const name = (request.url ?? '/').split('?')[0] === '/' ? 'index.html' : (request.url ?? '').slice(1).split('?')[0];
    if (!name || name.includes('..') || name.includes('/')) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(join(WORK, name));
      response.writeHead(200, {
        'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'Cache-Control': 'no-store',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${String(port)}/` });
    });
  });
}

function timeLimit(limit: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), limit).unref());
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const ms = (value: number) => `${value.toFixed(value < 100 ? 1 : 0)} ms`;

async function browserFigures(): Promise<void> {
  await bundle();
  const { server, url } = await serve();
  const browser = await chromium.launch({
    executablePath: process.env.LOCARD_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // Without a GPU, headless Chromium draws canvases on the CPU. LOCARD_BENCH_GRAPH_SWIFTSHADER=1 turns
    // on WebGL through SwiftShader (ANGLE on the CPU) — which also sends 2D canvases through it, and
    // makes them slower.
    args: [
      '--no-sandbox',
      ...(SWIFTSHADER ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'] : []),
    ],
  });
  try {
    console.log('\nIn headless Chromium (viewport 1280×800), the Graph view’s canvas code:');
    console.log(
      'nodes    edges    renderer                      layout (worker / wall)   first render   zoom median / p95     pan median / p95',
    );
    for (const size of SIZES) {
      // The Graph view's own choice of renderer first; with LOCARD_BENCH_GRAPH_BOTH the other one too.
      const runs = BOTH ? (['chosen', 'other'] as const) : (['chosen'] as const);
      let chosen: GraphBenchLayout['renderer'] | null = null;
      for (const run of runs) {
        const force: 'webgl' | 'canvas' | null = run === 'chosen' ? null : chosen === 'webgl' ? 'canvas' : 'webgl';
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        await page.goto(url);
        await page.waitForFunction(() => window.graphBench !== undefined);
        const measured: Promise<GraphBenchLayout> = page.evaluate(
          ([count, forced]) => {
            if (!window.graphBench) throw new Error('The harness did not load.');
            return window.graphBench.run(count, forced);
          },
          [size, force] as const,
        );
        const result: GraphBenchLayout | 'timeout' = await Promise.race([measured, timeLimit(RUN_LIMIT_MS)]);
        if (result === 'timeout') {
          console.log(`${String(size).padEnd(8)} did not finish within ${ms(RUN_LIMIT_MS)}; ${errors.join(' | ')}`);
          await page.close();
          continue;
        }
        const { panFrames, zoomFrames } = await gestures(page);
        if (SHOTS !== '') {
          mkdirSync(SHOTS, { recursive: true });
          await page.evaluate(() => window.graphBench?.fit());
          await page.screenshot({ path: join(SHOTS, `graph-${String(size)}-${result.renderer}.png`) });
        }
        chosen ??= result.renderer;
        const zoom = median(zoomFrames);
        const pan = median(panFrames);
        const renderer =
          result.renderer === 'webgl'
            ? `WebGL (${shortGpu(result.gpu)})`
            : result.gpu === ''
              ? 'canvas (no WebGL 2)'
              : `canvas (WebGL: ${shortGpu(result.gpu)})`;
        console.log(
          [
            String(result.nodes).padEnd(8),
            String(result.edges).padEnd(8),
            renderer.padEnd(29),
            `${ms(result.layoutMs)} / ${ms(result.layoutWallMs)}`.padEnd(24),
            ms(result.firstRenderMs).padEnd(14),
            `${ms(zoom)} / ${ms(percentile(zoomFrames, 95))}`.padEnd(21),
            `${ms(pan)} / ${ms(percentile(panFrames, 95))}`,
          ].join(' '),
        );
        console.log(
          `  on the UI thread meanwhile: adding the elements ${ms(result.addMs)}, the next frame ${ms(result.parkedFrameMs)}`,
        );
        if (errors.length > 0) console.log(`  page errors: ${errors.slice(0, 3).join(' | ')}`);
        if (size >= 20_000 && run === 'chosen') {
          const framesAll = [...zoomFrames, ...panFrames];
          console.log(
            `  targets at 20k: first render ${ms(result.firstRenderMs)} (< ${ms(TARGET_FIRST_RENDER_MS)}: ${
              result.firstRenderMs < TARGET_FIRST_RENDER_MS ? 'met' : 'MISSED'
            }), median frame ${ms(median(framesAll))} (< ${ms(TARGET_FRAME_MS)}: ${
              median(framesAll) < TARGET_FRAME_MS ? 'met' : 'MISSED'
            })`,
          );
        }
        await page.close();
      }
    }
    const version = browser.version();
    console.log(`Chromium ${version}; layout = fCoSE (spectral "draft" above 1,500 nodes) in a module worker.`);
  } finally {
    await browser.close();
    server.close();
  }
}

/**
 * The analyst's gestures with real input: a drag on the background (the fitted graph leaves a margin)
 * pans, then the mouse wheel zooms in at the middle; the time between frames is recorded in the page
 * meanwhile, up to the redraw after the gesture.
 */
async function gestures(page: Page): Promise<{ panFrames: number[]; zoomFrames: number[] }> {
  await page.mouse.move(12, 12);
  await page.evaluate(() => window.graphBench?.startFrames());
  await page.mouse.down();
  await page.mouse.move(12 + 360, 12 + 220, { steps: 40 });
  await page.mouse.up();
  const panFrames = (await page.evaluate(() => window.graphBench?.stopFrames())) ?? [];
  await page.evaluate(() => window.graphBench?.fit());
  await page.mouse.move(640, 400);
  await page.evaluate(() => window.graphBench?.startFrames());
  for (let i = 0; i < 40; i++) await page.mouse.wheel(0, -60);
  const zoomFrames = (await page.evaluate(() => window.graphBench?.stopFrames())) ?? [];
  return { panFrames, zoomFrames };
}

function shortGpu(name: string): string {
  if (/swiftshader/i.test(name)) return 'SwiftShader, CPU';
  return name.length > 20 ? `${name.slice(0, 19)}…` : name || 'unknown GPU';
}

/**
 * A case whose evidence tables hold `count` indicators over count/10 exhibits (each indicator in two
 * exhibits): domains, e-mail addresses, URLs and IPv4 addresses, as an import would store them.
 */
function caseOfSize(count: number): { path: string; dir: string } {
  const dir = join(tmpdir(), `locard-graph-bench-${String(process.pid)}-${String(count)}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'graph.locard');
  const open = createCase({
    path,
    passphrase: 'graph bench passphrase',
    title: 'Graph bench',
    analyst: 'bench',
    tlp: 'CLEAR',
  });
  const exhibits = Math.max(1, Math.round(count / 10));
  const values = (i: number): { type: 'domain' | 'email' | 'url' | 'ipv4'; value: string } => {
    switch (i % 5) {
      case 0:
      case 1:
        return { type: 'domain', value: `host${String(i)}.zone${String(i % 97)}.example` };
      case 2:
        return { type: 'email', value: `user${String(i)}@zone${String(i % 97)}.example` };
      case 3:
        return { type: 'url', value: `https://zone${String(i % 97)}.example/p/${String(i)}` };
      default:
        return { type: 'ipv4', value: `10.${String((i >> 16) & 255)}.${String((i >> 8) & 255)}.${String(i & 255)}` };
    }
  };
  open.db.transaction(() => {
    const ids: number[] = [];
    for (let e = 0; e < exhibits; e++) {
      ids.push(
        insertBareExhibit(open.db, {
          name: `exhibit-${String(e)}.txt`,
          sha256: `bench-${String(e)}`,
          importedBy: 'bench',
        }),
      );
    }
    // Indicator i occurs in exhibits i mod E and (7i + 3) mod E.
    const per = new Map<number, { type: 'domain' | 'email' | 'url' | 'ipv4'; value: string }[]>();
    for (let i = 0; i < count; i++) {
      for (const e of new Set([i % exhibits, (7 * i + 3) % exhibits])) {
        const list = per.get(e) ?? [];
        list.push(values(i));
        per.set(e, list);
      }
    }
    for (const [e, found] of per) {
      let at = 0;
      recordOccurrences(
        open.db,
        ids[e] ?? 0,
        found.map(({ type, value }) => {
          const start = at;
          at += value.length + 1;
          return {
            extraction: { type, value, surface: value, start, end: start + value.length, flags: [] },
            location: { start, end: start + value.length, kind: 'body', label: '' },
          };
        }),
        1,
      );
    }
  });
  closeCase(open);
  return { path, dir };
}

function readGraphFigures(): void {
  console.log('\nIn Node: readGraph (every derived relationship computed from the evidence on each read):');
  console.log('indicators  entities  relationships  suggestions  readGraph median of 3');
  for (const size of SIZES) {
    const built = performance.now();
    const { path, dir } = caseOfSize(size);
    const buildMs = performance.now() - built;
    const open = openCase(path, 'graph bench passphrase');
    try {
      const times: number[] = [];
      let graph = readGraph(open.db);
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        graph = readGraph(open.db);
        times.push(performance.now() - started);
      }
      console.log(
        [
          String(size).padEnd(11),
          String(graph.entities.length).padEnd(9),
          String(graph.relationships.length).padEnd(14),
          String(graph.suggestions.length).padEnd(12),
          `${ms(median(times))}  (case built in ${ms(buildMs)})`,
        ].join(' '),
      );
    } finally {
      closeCase(open);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

console.log(`Locard graph benchmark (sizes ${SIZES.join(', ')}; two relationships per entity)`);
await browserFigures();
readGraphFigures();
