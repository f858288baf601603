/**
 * Layouts, computed on a headless Cytoscape (no canvas, no DOM): the options each layout runs with,
 * and `computeLayout`, which the layout worker (layout-worker.ts) runs off the UI thread for large
 * graphs and the canvas runs in place for small ones. Positions come back as one Float64Array
 * (x, y per node, in the request's order), which a worker hands over without copying.
 */
import cytoscape, { type LayoutOptions } from 'cytoscape';
import fcose from 'cytoscape-fcose';

cytoscape.use(fcose);

/** The layouts that compute positions ("saved" applies a view's instead). */
export type ComputedLayout = 'fcose' | 'concentric' | 'breadthfirst' | 'grid';

/**
 * Above this many nodes fCoSE stops at its spectral layout ("draft": seconds even at 20,000 nodes).
 * Its force-directed refinement runs at least 5 iterations per node whatever `numIter` says, which
 * on a 5,000-node graph is minutes of work.
 */
export const DRAFT_ABOVE = 1500;

export function layoutOptions(name: ComputedLayout, nodes: number, randomize: boolean): LayoutOptions {
  const common = { animate: false, fit: false, padding: 40 };
  switch (name) {
    case 'fcose':
      return {
        ...common,
        name: 'fcose',
        quality: nodes > DRAFT_ABOVE ? 'draft' : 'default',
        randomize,
        nodeRepulsion: () => 9000,
        idealEdgeLength: () => 90,
        nodeSeparation: 90,
        packComponents: true,
        // Label sizes need a text measure (a canvas); node sizes already leave room for short labels.
        nodeDimensionsIncludeLabels: false,
      } as LayoutOptions;
    case 'concentric':
      return {
        ...common,
        name: 'concentric',
        concentric: (node) => node.degree(false),
        levelWidth: () => 2,
        minNodeSpacing: 30,
      };
    case 'breadthfirst':
      return { ...common, name: 'breadthfirst', directed: false, spacingFactor: 1.2 };
    case 'grid':
      return { ...common, name: 'grid', avoidOverlap: true, avoidOverlapPadding: 24 };
  }
}

export interface LayoutNode {
  readonly id: string;
  /** Diameter in model units. */
  readonly size: number;
  readonly x: number;
  readonly y: number;
  /** Compound group, laid out as a box around its members. */
  readonly parent?: string;
}

export interface LayoutRequest {
  readonly name: ComputedLayout;
  /** Start from random positions (a new picture) or from the given ones (refine). */
  readonly randomize: boolean;
  readonly nodes: readonly LayoutNode[];
  /** Compound group ids (their positions follow from their members). */
  readonly groups: readonly string[];
  readonly edges: readonly { readonly source: string; readonly target: string }[];
}

export type LayoutPhase = 'preparing' | 'spectral' | 'refining' | 'done';

/** Run a layout; `onPhase` hears each phase start. */
export function computeLayout(
  request: LayoutRequest,
  onPhase: (phase: LayoutPhase) => void = () => undefined,
): Float64Array {
  onPhase('preparing');
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [{ selector: 'node', style: { width: 'data(size)', height: 'data(size)', label: '' } }],
  });
  const groups = new Set(request.groups);
  cy.batch(() => {
    cy.add(request.groups.map((id) => ({ group: 'nodes' as const, data: { id, size: 1 } })));
    cy.add(
      request.nodes.map((node) => ({
        group: 'nodes' as const,
        data: {
          id: node.id,
          size: node.size,
          ...(node.parent !== undefined && groups.has(node.parent) ? { parent: node.parent } : {}),
        },
        position: { x: node.x, y: node.y },
      })),
    );
    const present = new Set(request.nodes.map((node) => node.id));
    cy.add(
      request.edges
        .filter((edge) => present.has(edge.source) && present.has(edge.target))
        .map((edge, index) => ({
          group: 'edges' as const,
          data: { id: `e${String(index)}`, source: edge.source, target: edge.target },
        })),
    );
  });
  const count = request.nodes.length;
  onPhase(request.name === 'fcose' && request.randomize ? 'spectral' : 'refining');
  cy.layout(layoutOptions(request.name, count, request.randomize)).run();
  const positions = positionsOf(cy, request.nodes);
  cy.destroy();
  onPhase('done');
  return positions;
}

function positionsOf(cy: cytoscape.Core, nodes: readonly LayoutNode[]): Float64Array {
  const out = new Float64Array(nodes.length * 2);
  nodes.forEach((node, index) => {
    const at = cy.getElementById(node.id).position();
    out[index * 2] = at.x;
    out[index * 2 + 1] = at.y;
  });
  return out;
}
