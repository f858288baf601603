/**
 * The graph benchmark's page (bundled for headless Chromium by test/bench/graph-bench.ts). It draws a
 * generated graph with the Graph view's own code — the Cytoscape set-up and renderer choice
 * (renderer/src/views/graph/cy.ts), the elements (model.ts) and the layout worker (layout-client.ts)
 * — and measures the layout in the worker and the first frame after the positions arrive; it records
 * the time between frames while the bench zooms (mouse wheel) and pans (a drag) with real input, so
 * Cytoscape's viewport handling is the one the analyst gets.
 */
import type { Core } from 'cytoscape';
import { DEFAULT_GRAPH_FILTERS, visibleGraph } from '../../shared/graph-view.js';
import {
  confidenceWord,
  type CaseGraph,
  type EntityType,
  type GraphEntity,
  type GraphRelationship,
} from '../../shared/graph.js';
import {
  applyPositions,
  createCanvas,
  fitPositions,
  LARGE_GRAPH,
  parkViewport,
  requestFromElements,
  webglAvailable,
  webglSupport,
} from '../../renderer/src/views/graph/cy.js';
import { LayoutRunner } from '../../renderer/src/views/graph/layout-client.js';
import { buildElements } from '../../renderer/src/views/graph/model.js';

export interface GraphBenchLayout {
  readonly nodes: number;
  readonly edges: number;
  readonly renderer: 'webgl' | 'canvas';
  /** The GPU behind WebGL as the browser names it (SwiftShader when it is the CPU); '' without WebGL. */
  readonly gpu: string;
  /** fCoSE in the layout worker. */
  readonly layoutMs: number;
  /** From asking the worker to having its positions (the worker's time plus messaging). */
  readonly layoutWallMs: number;
  /** From the positions arriving to the second frame after they were applied (drawn). */
  readonly firstRenderMs: number;
  /** Adding the elements (styles computed), on the UI thread while the worker lays out. */
  readonly addMs: number;
  /** The first frame after adding (the parked view: elements measured, none drawn). */
  readonly parkedFrameMs: number;
}

/** A small seeded generator, so every run draws the same graph. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const TYPES: readonly EntityType[] = ['ipv4', 'domain', 'url', 'email', 'file', 'exhibit', 'threat-actor', 'persona'];

/**
 * `count` entities with two relationships each: one to an earlier entity (so the graph is one
 * component, tree-like as cases are) and one to any entity; a tenth asserted, the rest derived.
 */
export function generateGraph(count: number, seed = 20): CaseGraph {
  const next = random(seed);
  const entities: GraphEntity[] = [];
  for (let i = 0; i < count; i++) {
    const type = TYPES[i % TYPES.length] ?? 'domain';
    entities.push({
      id: `ind:${String(i + 1)}`,
      type,
      stixType: type,
      name: `${type}-${String(i + 1)}.example`,
      origin: 'indicator',
      aliases: [],
    });
  }
  const relationships: GraphRelationship[] = [];
  for (let i = 1; i < count; i++) {
    for (const target of [Math.floor(next() * i), Math.floor(next() * count)]) {
      if (target === i) continue;
      const asserted = next() < 0.1;
      const confidence = asserted ? 50 + Math.floor(next() * 50) : 100;
      relationships.push({
        id: `r:${String(relationships.length + 1)}`,
        type: asserted ? 'related-to' : 'observed-in',
        source: `ind:${String(i + 1)}`,
        target: `ind:${String(target + 1)}`,
        confidence,
        confidenceWord: confidenceWord(confidence),
        origin: asserted ? 'asserted' : 'derived',
        provenance: {},
        citedExhibits: [],
      });
    }
  }
  return { entities, relationships, suggestions: [] };
}

function frame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}

let cy: Core | null = null;
let recording: { times: number[]; on: boolean } | null = null;

/**
 * Draw `count` entities as the Graph view does its first large picture: the layout asked of the
 * worker first (from the elements), the elements added while it works with the view parked, then
 * the positions applied in one batch and the view fitted from them.
 */
export async function runGraphBench(count: number, force: 'webgl' | 'canvas' | null): Promise<GraphBenchLayout> {
  const container = document.getElementById('stage');
  if (!container) throw new Error('The page has no #stage.');
  cy?.destroy();
  const large = count > LARGE_GRAPH;
  // The Graph view's choice: WebGL for a large graph where the browser has WebGL 2 on a GPU; forced,
  // WebGL wherever WebGL 2 exists (SwiftShader included), for comparison.
  const webgl = force === null ? large && webglAvailable() : force === 'webgl' && webglSupport().webgl2;
  const canvas = createCanvas(container, { webgl, large });
  cy = canvas;
  const graph = generateGraph(count);
  const elements = buildElements(visibleGraph(graph, { ...DEFAULT_GRAPH_FILTERS, hiddenKinds: [] }));

  const runner = new LayoutRunner(() => new Worker('./layout-worker.js', { type: 'module', name: 'graph-layout' }));
  const request = requestFromElements(elements, 'fcose');
  const asked = performance.now();
  // The worker is under way (it needs this thread to start) before the elements go in.
  let running = (): void => undefined;
  const started = new Promise<void>((resolve) => {
    running = resolve;
  });
  const layout = runner.run(request, () => running());
  await started;
  parkViewport(canvas);
  const adding = performance.now();
  canvas.add(
    elements.nodes.map((node) => ({ group: 'nodes' as const, data: { ...node.data }, classes: node.classes })),
  );
  canvas.add(
    elements.edges.map((edge) => ({ group: 'edges' as const, data: { ...edge.data }, classes: edge.classes })),
  );
  const addMs = performance.now() - adding;
  await frame();
  const parkedFrameMs = performance.now() - adding - addMs;
  const { positions, ms } = await layout;
  const arrived = performance.now();
  runner.dispose();
  applyPositions(canvas, request, positions);
  fitPositions(canvas, positions);
  await frame();
  await frame();
  return {
    nodes: elements.nodes.length,
    edges: elements.edges.length,
    renderer: webgl ? 'webgl' : 'canvas',
    gpu: webglSupport().gpu,
    layoutMs: ms,
    layoutWallMs: arrived - asked,
    firstRenderMs: performance.now() - arrived,
    addMs,
    parkedFrameMs,
  };
}

/** Start recording the time between frames (the bench then zooms and pans with the mouse). */
export function startFrames(): void {
  const record = { times: [] as number[], on: true };
  recording = record;
  void frame().then((first) => {
    let last = first;
    const tick = (now: number) => {
      if (!record.on) return;
      record.times.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Stop recording, once two more frames have been drawn (the redraw after the gesture included). */
export async function stopFrames(): Promise<number[]> {
  await frame();
  await frame();
  const record = recording;
  recording = null;
  if (!record) return [];
  record.on = false;
  return record.times;
}

export function fitGraph(): void {
  cy?.fit(undefined, 40);
}

declare global {
  interface Window {
    graphBench?: {
      run: typeof runGraphBench;
      startFrames: typeof startFrames;
      stopFrames: typeof stopFrames;
      fit: typeof fitGraph;
    };
  }
}
window.graphBench = { run: runGraphBench, startFrames, stopFrames, fit: fitGraph };
