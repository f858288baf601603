/**
 * The standard briefing's infrastructure figure: the case's evidence-backed graph (derived and
 * asserted relationships, never suggestions) between entities — exhibits, the links to them and
 * dismissed indicators left out — laid out by a small deterministic force-directed pass, so the same
 * case gives the same picture (and the same bytes) every time.
 */
import type { CaseGraph, GraphEntity } from '../../shared/graph.js';
import type { GraphFigureData } from './model.js';

/** More nodes than this are unreadable on an A4 page; the most connected ones are kept. */
export const FIGURE_NODE_LIMIT = 40;
/** The figure's plot is 780 of its 1000 pixels; the outer label room falls into its margins. */
const PACK_WIDTH = 780 + 2 * 105;

const EVIDENCE_LINKS = new Set(['observed-in', 'derived-from']);

export function evidenceGraphFigure(graph: CaseGraph, limit = FIGURE_NODE_LIMIT): GraphFigureData {
  const entities = new Map<string, GraphEntity>();
  for (const e of graph.entities) {
    if (e.type === 'exhibit') continue;
    if (e.status !== undefined && e.status !== 'open') continue;
    entities.set(e.id, e);
  }
  const edges = graph.relationships.filter(
    (r) => !EVIDENCE_LINKS.has(r.type) && entities.has(r.source) && entities.has(r.target) && r.source !== r.target,
  );
  const degree = new Map<string, number>();
  for (const r of edges) {
    degree.set(r.source, (degree.get(r.source) ?? 0) + 1);
    degree.set(r.target, (degree.get(r.target) ?? 0) + 1);
  }
  const caption =
    'Infrastructure: the evidence-backed links between entities (derived from the evidence or asserted by the analyst).';
  if (degree.size === 0) {
    return {
      caption,
      nodes: [],
      edges: [],
      note: 'The case has no evidence-backed links between entities yet (links to exhibits are not drawn).',
    };
  }
  const ranked = [...degree.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const kept = new Set(ranked.slice(0, limit).map(([id]) => id));
  const keptEdges = edges.filter((r) => kept.has(r.source) && kept.has(r.target));
  // An entity whose only links were to entities left out is left out too.
  const linked = new Set(keptEdges.flatMap((r) => [r.source, r.target]));
  const ids = [...linked].sort();
  const positions = forceLayout(
    ids,
    keptEdges.map((r) => [r.source, r.target] as const),
  );
  const note =
    degree.size > ids.length
      ? `${ids.length.toLocaleString('en')} of ${degree.size.toLocaleString('en')} linked entities shown: the most connected.`
      : '';
  return {
    caption,
    nodes: ids.map((id) => {
      const entity = entities.get(id);
      const p = positions.get(id) ?? { x: 0, y: 0 };
      return { id, name: entity?.name ?? id, type: entity?.type ?? 'infrastructure', x: p.x, y: p.y };
    }),
    edges: keptEdges.map((r) => ({ source: r.source, target: r.target, type: r.type, confidence: r.confidence })),
    note,
  };
}

/** Ideal link length, in the figure's pixels (the SVG is 1000 wide). */
const LINK_LENGTH = 90;
/** Room around a laid-out component for the labels under its nodes. */
const LABEL_PAD = { x: 105, y: 34 };

/**
 * Lay out each connected component on its own (Fruchterman–Reingold from a circle, a fixed number of
 * cooling steps: deterministic), then pack the components in rows, largest first: separate
 * components neither fly apart nor pile onto each other.
 */
export function forceLayout(
  ids: readonly string[],
  edges: readonly (readonly [string, string])[],
  width = PACK_WIDTH,
): Map<string, { x: number; y: number }> {
  const neighbours = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [a, b] of edges) {
    neighbours.get(a)?.push(b);
    neighbours.get(b)?.push(a);
  }
  const seen = new Set<string>();
  const components: string[][] = [];
  for (const id of ids) {
    if (seen.has(id)) continue;
    const component: string[] = [];
    const stack = [id];
    seen.add(id);
    while (stack.length > 0) {
      const next = stack.pop();
      if (next === undefined) break;
      component.push(next);
      for (const n of neighbours.get(next) ?? []) {
        if (!seen.has(n)) {
          seen.add(n);
          stack.push(n);
        }
      }
    }
    components.push(component.sort());
  }
  components.sort((a, b) => b.length - a.length || (a[0] ?? '').localeCompare(b[0] ?? ''));
  const out = new Map<string, { x: number; y: number }>();
  let cursorX = 0;
  let cursorY = 0;
  let rowHeight = 0;
  for (const component of components) {
    const inside = new Set(component);
    let local = layoutComponent(
      component,
      edges.filter(([a, b]) => inside.has(a) && inside.has(b)),
    );
    // A small component lying on its side is stood upright: labels are written across, not down.
    const spread = (axis: 'x' | 'y') => {
      const values = [...local.values()].map((p) => p[axis]);
      return Math.max(...values) - Math.min(...values);
    };
    if (component.length <= 4 && spread('x') > spread('y'))
      local = new Map([...local].map(([id, p]) => [id, { x: p.y, y: p.x }]));
    const xs = [...local.values()].map((p) => p.x);
    const ys = [...local.values()].map((p) => p.y);
    const minX = Math.min(...xs);
    const minY = Math.min(...ys);
    const w = Math.max(...xs) - minX + 2 * LABEL_PAD.x;
    const h = Math.max(...ys) - minY + 2 * LABEL_PAD.y;
    if (cursorX > 0 && cursorX + w > width) {
      cursorX = 0;
      cursorY += rowHeight;
      rowHeight = 0;
    }
    for (const [id, p] of local) {
      out.set(id, {
        x: Math.round((cursorX + LABEL_PAD.x + p.x - minX) * 10) / 10,
        y: Math.round((cursorY + LABEL_PAD.y + p.y - minY) * 10) / 10,
      });
    }
    cursorX += w;
    rowHeight = Math.max(rowHeight, h);
  }
  return out;
}

function layoutComponent(
  ids: readonly string[],
  edges: readonly (readonly [string, string])[],
  iterations = 250,
): Map<string, { x: number; y: number }> {
  const n = ids.length;
  const out = new Map<string, { x: number; y: number }>();
  if (n === 1) {
    out.set(ids[0] ?? '', { x: 0, y: 0 });
    return out;
  }
  const index = new Map(ids.map((id, i) => [id, i]));
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const radius = (LINK_LENGTH * Math.sqrt(n)) / 2;
  ids.forEach((_, i) => {
    const angle = (2 * Math.PI * i) / n;
    x[i] = radius * Math.cos(angle);
    y[i] = radius * Math.sin(angle);
  });
  const pairs = edges
    .map(([a, b]) => [index.get(a), index.get(b)] as const)
    .filter((p): p is readonly [number, number] => p[0] !== undefined && p[1] !== undefined);
  const k = LINK_LENGTH;
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  let temperature = radius / 2;
  // Small components need no pull (it would shorten their links); large ones a little.
  const gravity = n < 8 ? 0 : 0.02;
  for (let step = 0; step < iterations; step++) {
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let ddx = (x[i] ?? 0) - (x[j] ?? 0);
        let ddy = (y[i] ?? 0) - (y[j] ?? 0);
        let d = Math.hypot(ddx, ddy);
        if (d < 0.01) {
          // Two nodes on the same spot: push them apart along a fixed direction.
          ddx = 0.01 * (i - j);
          ddy = 0.01;
          d = Math.hypot(ddx, ddy);
        }
        const force = (k * k) / d;
        dx[i] = (dx[i] ?? 0) + (ddx / d) * force;
        dy[i] = (dy[i] ?? 0) + (ddy / d) * force;
        dx[j] = (dx[j] ?? 0) - (ddx / d) * force;
        dy[j] = (dy[j] ?? 0) - (ddy / d) * force;
      }
    }
    for (const [a, b] of pairs) {
      const ddx = (x[a] ?? 0) - (x[b] ?? 0);
      const ddy = (y[a] ?? 0) - (y[b] ?? 0);
      const d = Math.max(0.01, Math.hypot(ddx, ddy));
      const force = (d * d) / k;
      dx[a] = (dx[a] ?? 0) - (ddx / d) * force;
      dy[a] = (dy[a] ?? 0) - (ddy / d) * force;
      dx[b] = (dx[b] ?? 0) + (ddx / d) * force;
      dy[b] = (dy[b] ?? 0) + (ddy / d) * force;
    }
    for (let i = 0; i < n; i++) {
      // A pull to the centre keeps loosely linked parts of the component together.
      dx[i] = (dx[i] ?? 0) - (x[i] ?? 0) * gravity;
      dy[i] = (dy[i] ?? 0) - (y[i] ?? 0) * gravity;
      const d = Math.max(0.01, Math.hypot(dx[i] ?? 0, dy[i] ?? 0));
      const move = Math.min(d, temperature);
      x[i] = (x[i] ?? 0) + ((dx[i] ?? 0) / d) * move;
      y[i] = (y[i] ?? 0) + ((dy[i] ?? 0) / d) * move;
    }
    temperature = Math.max(0.5, temperature * 0.98);
  }
  ids.forEach((id, i) => out.set(id, { x: x[i] ?? 0, y: y[i] ?? 0 }));
  return out;
}
