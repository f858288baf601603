/**
 * The layout the layout worker runs (renderer/src/views/graph/layout.ts) on a headless Cytoscape:
 * positions for every node in request order, fCoSE pulling related nodes together, groups kept
 * together, the draft quality above DRAFT_ABOVE nodes, and a starting picture kept when refining.
 */
import { describe, expect, it } from 'vitest';
import {
  computeLayout,
  DRAFT_ABOVE,
  layoutOptions,
  type LayoutNode,
  type LayoutPhase,
  type LayoutRequest,
} from '../../../renderer/src/views/graph/layout.js';

/** Two rings of 12 nodes, joined by one edge. */
function twoRings(): LayoutRequest {
  const nodes: LayoutNode[] = [];
  const edges: { source: string; target: string }[] = [];
  for (const ring of ['a', 'b']) {
    for (let i = 0; i < 12; i++) {
      nodes.push({ id: `${ring}${String(i)}`, size: 30, x: 0, y: 0 });
      edges.push({ source: `${ring}${String(i)}`, target: `${ring}${String((i + 1) % 12)}` });
    }
  }
  edges.push({ source: 'a0', target: 'b0' });
  return { name: 'fcose', randomize: true, nodes, edges, groups: [] };
}

function point(positions: Float64Array, index: number) {
  return { x: positions[index * 2] ?? NaN, y: positions[index * 2 + 1] ?? NaN };
}

function distance(a: { x: number; y: number }, b: { x: number; y: number }) {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

describe('computeLayout', () => {
  it('places every node (fCoSE): related nodes nearer than unrelated ones, no two on one spot', () => {
    const request = twoRings();
    const phases: LayoutPhase[] = [];
    const positions = computeLayout(request, (phase) => phases.push(phase));
    expect(phases).toEqual(['preparing', 'spectral', 'done']);
    expect(positions).toHaveLength(request.nodes.length * 2);
    expect([...positions].every(Number.isFinite)).toBe(true);
    const index = new Map(request.nodes.map((node, i) => [node.id, i]));
    const at = (id: string) => point(positions, index.get(id) ?? -1);
    const neighbours = request.edges.map((edge) => distance(at(edge.source), at(edge.target)));
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const acrossRings = request.nodes
      .filter((node) => node.id.startsWith('a'))
      .map((node) => distance(at(node.id), at(node.id.replace('a', 'b'))));
    expect(mean(neighbours)).toBeLessThan(mean(acrossRings));
    const spots = new Set(request.nodes.map((node) => `${at(node.id).x.toFixed(1)},${at(node.id).y.toFixed(1)}`));
    expect(spots.size).toBe(request.nodes.length);
  });

  it('keeps a group together inside its box', () => {
    const request = twoRings();
    const grouped: LayoutRequest = {
      ...request,
      groups: ['group:1'],
      nodes: request.nodes.map((node) => (node.id.startsWith('b') ? { ...node, parent: 'group:1' } : node)),
    };
    const positions = computeLayout(grouped);
    const xs = (ring: string) =>
      grouped.nodes.flatMap((node, i) => (node.id.startsWith(ring) ? [point(positions, i)] : []));
    const box = (points: { x: number; y: number }[]) => ({
      x1: Math.min(...points.map((p) => p.x)),
      x2: Math.max(...points.map((p) => p.x)),
      y1: Math.min(...points.map((p) => p.y)),
      y2: Math.max(...points.map((p) => p.y)),
    });
    const inside = box(xs('b'));
    const outside = xs('a').filter((p) => p.x > inside.x1 && p.x < inside.x2 && p.y > inside.y1 && p.y < inside.y2);
    expect(outside).toHaveLength(0);
  });

  it('lays out a grid and refines from given positions without starting over', () => {
    const request = twoRings();
    const grid = computeLayout({ ...request, name: 'grid' });
    const xs = new Set([...grid].filter((_, i) => i % 2 === 0).map((x) => Math.round(x)));
    expect(xs.size).toBeGreaterThan(3);
    expect(xs.size).toBeLessThan(request.nodes.length);
    // Refining from the grid moves nodes, but the picture stays where it was (no new random start).
    const start = request.nodes.map((node, i) => ({ ...node, ...point(grid, i) }));
    const refined = computeLayout({ ...request, nodes: start, randomize: false });
    const centre = (p: Float64Array) => {
      let x = 0;
      let y = 0;
      for (let i = 0; i < p.length; i += 2) {
        x += p[i] ?? 0;
        y += p[i + 1] ?? 0;
      }
      return { x: (2 * x) / p.length, y: (2 * y) / p.length };
    };
    expect(distance(centre(refined), centre(grid))).toBeLessThan(400);
  });

  it('uses the draft (spectral) quality above DRAFT_ABOVE nodes, the full one below', () => {
    expect(layoutOptions('fcose', DRAFT_ABOVE, true)).toMatchObject({ quality: 'default', animate: false });
    expect(layoutOptions('fcose', DRAFT_ABOVE + 1, true)).toMatchObject({ quality: 'draft', fit: false });
  });
});
