/**
 * The page timeline-bench.ts loads in headless Chromium: the real Timeline view (TimelineView with
 * its TimelineCanvas) over a client that answers `listTimeline` with a generated timeline of
 * `?events=N` events, sent as JSON text and parsed as the HTTP client would. It times the first
 * drawn frame and, when asked, the frames of a scripted zoom (one wheel step per animation frame).
 *
 * Written without JSX, and importing the view through `locard-bench-timeline-view` (resolved by the
 * bench's esbuild plugin; typed in timeline-view.d.ts), so the test program type-checks it
 * without compiling the renderer's .tsx files.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { TimelineView } from 'locard-bench-timeline-view';
import type { LocardClient } from '../../shared/api.js';
import { DEFAULT_LANES, type Timeline, type TimelineEvent } from '../../shared/timeline.js';
import { ClientContext } from '../../renderer/src/api/context.js';
import '../../renderer/src/styles/tokens.css';
import '../../renderer/src/styles/app.css';
import '../../renderer/src/styles/evidence.css';
import '../../renderer/src/styles/indicators.css';
import '../../renderer/src/styles/timeline.css';

declare global {
  interface Window {
    /** When the view was handed to React, and when the canvas had drawn its first frame (ms). */
    benchStart?: number;
    benchFirstRender?: number;
    benchEvents?: number;
    benchZoom?: (steps: number, deltaY: number) => Promise<number[]>;
  }
}

/** mulberry32: the same timeline on every run. */
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

const DAY = 86_400_000;

/** Events over two years, half of them in bursts (a night of posts), some spans, two milestones. */
function generate(count: number): Timeline {
  const next = random(2020);
  const from = Date.UTC(2019, 0, 1);
  const bursts = Array.from({ length: 40 }, () => from + next() * 730 * DAY);
  const events: TimelineEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    const inBurst = next() < 0.5;
    const centre = bursts[Math.floor(next() * bursts.length)] ?? from;
    const start = inBurst ? centre + (next() - 0.5) * 6 * 3_600_000 : from + next() * 730 * DAY;
    const span = next() < 0.03 ? next() * 5 * DAY : 0;
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    events.push({
      id: i + 1,
      title: `${inBurst ? 'Post' : 'Event'} ${String(i + 1)} by @account_${String(Math.floor(next() * 500))}`,
      description: '',
      start: iso(start),
      end: span > 0 ? iso(start + span) : null,
      precision: 'minute',
      note: '',
      sourceZone: 'Z',
      lane: DEFAULT_LANES[inBurst ? 2 : Math.floor(next() * DEFAULT_LANES.length)] ?? '',
      entities: [],
      exhibits: next() < 0.9 ? [1 + Math.floor(next() * 200)] : [],
      unsupported: false,
      confidence: 'moderate',
      milestones: i === 10 ? ['first-release'] : i === count - 10 ? ['public-attribution'] : [],
      proposalKey: null,
      createdAt: 0,
      createdBy: 'bench',
      updatedAt: 0,
    });
  }
  for (const [index, e] of events.entries()) events[index] = { ...e, unsupported: e.exhibits.length === 0 };
  return {
    lanes: [...DEFAULT_LANES],
    events,
    proposals: [],
    milestones: { 'first-release': 11, 'public-attribution': count - 9 },
    timeToAttribution: null,
  };
}

const count = Number(new URLSearchParams(location.search).get('events') ?? '50000');
window.benchEvents = count;
// What the HTTP client receives: JSON text, parsed on arrival.
const body = JSON.stringify(generate(count));

const client = new Proxy({} as LocardClient, {
  get(_target, method: string) {
    if (method === 'on') return () => () => undefined;
    if (method === 'listTimeline') return () => Promise.resolve({ ok: true, value: JSON.parse(body) as Timeline });
    return () => Promise.resolve({ ok: true, value: method === 'listExhibits' ? [] : null });
  },
});

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/** Wheel over the middle of the plot, one step per frame; the gaps between frames, in ms. */
window.benchZoom = async (steps, deltaY) => {
  const canvas = document.querySelector<HTMLCanvasElement>('canvas.timeline-canvas');
  if (!canvas) throw new Error('no timeline canvas');
  const rect = canvas.getBoundingClientRect();
  const gaps: number[] = [];
  let last = await frame();
  for (let i = 0; i < steps; i += 1) {
    canvas.dispatchEvent(
      new WheelEvent('wheel', {
        deltaY,
        clientX: rect.left + 156 + (rect.width - 156) * 0.5,
        clientY: rect.top + 120,
        bubbles: true,
        cancelable: true,
      }),
    );
    const now = await frame();
    gaps.push(now - last);
    last = now;
  }
  // The last step's drawing lands in the next frame.
  gaps.push((await frame()) - last);
  return gaps.slice(1);
};

// The first frame: the canvas has been drawn (its `data-drawn` count set by the draw).
const watch = () => {
  const canvas = document.querySelector<HTMLCanvasElement>('canvas.timeline-canvas');
  if (canvas?.dataset.drawn) window.benchFirstRender = performance.now();
  else requestAnimationFrame(watch);
};
requestAnimationFrame(watch);

const host = document.getElementById('root');
if (!host) throw new Error('no #root');
document.documentElement.dataset.theme = 'light';
window.benchStart = performance.now();
createRoot(host).render(
  createElement(
    ClientContext.Provider,
    { value: client },
    createElement(
      'main',
      { className: 'content' },
      createElement(TimelineView, { timeWindow: null, onTimeWindow: () => undefined }),
    ),
  ),
);
