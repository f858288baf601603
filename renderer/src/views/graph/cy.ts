/**
 * The Graph canvas's Cytoscape set-up, without React: the renderer (WebGL where the browser has
 * WebGL 2 and the graph is large, else canvas), the stylesheet built from the theme's tokens, and the
 * round trip of a layout through the layout worker (the request, and applying the positions in one
 * batch). GraphCanvas.tsx drives it; the graph benchmark (test/bench/graph-bench.ts) runs the same
 * functions in headless Chromium, so what it measures is what the analyst gets.
 */
import cytoscape, { type Core, type EdgeSingular, type NodeSingular, type StylesheetJson } from 'cytoscape';
import type { GraphPoint } from '../../../../shared/graph-view.js';
import type { ComputedLayout, LayoutRequest } from './layout.js';
import type { GraphElements } from './model.js';

/**
 * Cytoscape adds a <style> element for `position: relative` on its container unless an element with
 * this id exists; under the renderer's CSP (style-src 'self') that inline style would be refused with
 * a console error. The container is positioned by graph.css, so a marker stands in for the sheet.
 */
export function markCytoscapeStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const marker = document.createElement('meta');
  marker.id = id;
  document.head.append(marker);
}

/** Above this many nodes the canvas trades detail for speed (straight edges, no edge labels, 1x pixels). */
export const LARGE_GRAPH = 1500;
/** Above this many nodes the layout runs in the layout worker, off the UI thread. */
export const OFF_THREAD_ABOVE = 300;

/** WebGL drawn on the CPU (SwiftShader, llvmpipe): slower than the canvas renderer, not faster. */
const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software|basic render/i;

export interface WebglSupport {
  /** A WebGL 2 context can be had. */
  readonly webgl2: boolean;
  /** What draws it, as the browser names it ('' when it will not say). */
  readonly gpu: string;
  /** It is drawn on the CPU. */
  readonly software: boolean;
}

let support: WebglSupport | undefined;
/** What WebGL this browser offers (asked once). */
export function webglSupport(): WebglSupport {
  if (support === undefined) {
    try {
      const probe = document.createElement('canvas');
      const gl = probe.getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      const gpu = gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '') : '';
      support = { webgl2: gl !== null, gpu, software: SOFTWARE_GL.test(gpu) };
      gl?.getExtension('WEBGL_lose_context')?.loseContext();
    } catch {
      support = { webgl2: false, gpu: '', software: false };
    }
  }
  return support;
}

/**
 * Whether the Graph canvas uses Cytoscape's WebGL renderer: WebGL 2 on a GPU. Emulated on the CPU
 * (headless Chromium's SwiftShader, a machine without a GPU driver) it was measured slower than the
 * canvas renderer by orders of magnitude on 5,000 nodes — seconds a frame — so there the canvas
 * renderer with its viewport texture is used instead.
 */
export function webglAvailable(): boolean {
  const { webgl2, software } = webglSupport();
  return webgl2 && !software;
}

export interface ThemeColours {
  readonly text: string;
  readonly muted: string;
  readonly faint: string;
  readonly bg: string;
  readonly raised: string;
  readonly accent: string;
  readonly warn: string;
  readonly border: string;
  readonly mark: string;
  readonly ok: string;
}

export function themeColours(): ThemeColours {
  const css = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--text', '#1b1f27'),
    muted: read('--text-muted', '#5b6472'),
    faint: read('--text-faint', '#8a92a0'),
    bg: read('--bg-sunken', '#eceef1'),
    raised: read('--bg-raised', '#ffffff'),
    accent: read('--accent', '#1f5fcc'),
    warn: read('--warn', '#8a5300'),
    border: read('--border-strong', '#b4bac4'),
    mark: read('--focus', '#2b6fe6'),
    ok: read('--ok', '#1d7a46'),
  };
}

export function stylesheet(c: ThemeColours, large: boolean): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': 'data(color)',
        shape: 'data(shape)' as never,
        width: 'data(size)',
        height: 'data(size)',
        'border-width': 1.5,
        'border-color': c.raised,
        // A large graph labels only the nodes in view once zoomed in (class `labelled`, set by the
        // canvas), the selected, found, linked and on-path ones: measuring and drawing 20,000 labels
        // was most of its first frame.
        label: large ? '' : 'data(label)',
        color: c.text,
        'font-family': 'system-ui, sans-serif',
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': large ? 'none' : 'ellipsis',
        'text-max-width': '160px',
        'text-background-color': c.raised,
        'text-background-opacity': 0.8,
        'text-background-padding': '2px',
        'text-background-shape': 'roundrectangle',
        // Labels go away when zoomed out so far that they would be smaller than this on screen
        // (sooner on a large graph, where thousands of labels would be unreadable anyway).
        'min-zoomed-font-size': large ? 9 : 6,
      },
    },
    { selector: 'node.analyst', style: { 'border-width': 2.5, 'border-color': c.text } },
    { selector: 'node.merged', style: { 'border-width': 3, 'border-style': 'double', 'border-color': c.text } },
    { selector: 'node.dismissed', style: { opacity: 0.45 } },
    {
      selector: 'node.group',
      style: {
        shape: 'round-rectangle',
        'background-color': c.accent,
        'background-opacity': 0.06,
        'border-width': 1.5,
        'border-style': 'dashed',
        'border-color': c.accent,
        label: 'data(label)',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'font-size': 12,
        'font-weight': 600,
        color: c.accent,
        'text-background-opacity': 0,
        padding: '18px',
        'min-zoomed-font-size': 0,
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1.2,
        'line-color': c.border,
        'target-arrow-color': c.border,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        // Haystack edges (no arrow, no label) are Cytoscape's cheapest: a large graph's direction shows
        // on the selected relationship and in the detail.
        'curve-style': large ? 'haystack' : 'bezier',
        ...(large ? { 'haystack-radius': 0, 'target-arrow-shape': 'none' as const } : {}),
        // On a large graph edge labels are drawn only for the selected edge.
        label: large ? '' : 'data(label)',
        color: c.muted,
        'font-size': 9,
        'text-rotation': 'autorotate',
        'text-background-color': c.bg,
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        'min-zoomed-font-size': 9,
      },
    },
    {
      selector: 'edge.asserted',
      style: { width: 2.4, 'line-color': c.accent, 'target-arrow-color': c.accent, color: c.text },
    },
    {
      selector: 'edge.suggested',
      style: {
        width: 1.6,
        'line-style': 'dashed',
        'line-dash-pattern': [6, 4],
        'line-color': c.warn,
        'target-arrow-shape': 'none',
        color: c.warn,
      },
    },
    ...(large
      ? [
          {
            selector: 'node.labelled, node:selected, node.match, node.linked, node.on-path',
            style: { label: 'data(label)' },
          },
          {
            selector: 'edge:selected, edge.on-path',
            style: { 'curve-style': 'straight' as const, 'target-arrow-shape': 'triangle' as const },
          },
        ]
      : []),
    {
      selector: 'node:selected',
      // The selected node keeps its label at any zoom.
      style: { 'border-width': 4, 'border-color': c.accent, 'overlay-opacity': 0, 'min-zoomed-font-size': 0 },
    },
    {
      selector: 'node.group:selected',
      style: { 'border-width': 2.5, 'border-style': 'solid', 'background-opacity': 0.12 },
    },
    {
      selector: 'edge:selected',
      style: {
        width: 4,
        'line-color': c.accent,
        'target-arrow-color': c.accent,
        'overlay-opacity': 0,
        label: 'data(label)',
        'min-zoomed-font-size': 0,
      },
    },
    {
      selector: 'node.match',
      style: {
        'underlay-color': c.mark,
        'underlay-opacity': 0.3,
        'underlay-padding': 7,
        'underlay-shape': 'ellipse',
        'min-zoomed-font-size': 0,
      },
    },
    {
      selector: 'node.linked',
      style: {
        'underlay-color': c.ok,
        'underlay-opacity': 0.35,
        'underlay-padding': 8,
        'underlay-shape': 'ellipse',
        'min-zoomed-font-size': 0,
      },
    },
    { selector: '.dimmed', style: { opacity: 0.18 } },
    {
      selector: 'node.on-path',
      style: { 'border-width': 4, 'border-color': c.warn, 'min-zoomed-font-size': 0, opacity: 1 },
    },
    {
      selector: 'edge.on-path',
      style: {
        width: 4,
        'line-color': c.warn,
        'target-arrow-color': c.warn,
        label: 'data(label)',
        'min-zoomed-font-size': 0,
        opacity: 1,
      },
    },
    { selector: 'node.link-source', style: { 'border-width': 4, 'border-color': c.warn, 'border-style': 'dashed' } },
    // Drag to link (cytoscape-edgehandles): the line follows the pointer, the target lights up.
    {
      selector: '.eh-ghost-edge, edge.eh-preview',
      style: {
        width: 2.4,
        'line-color': c.warn,
        'target-arrow-color': c.warn,
        'target-arrow-shape': 'triangle',
        'line-style': 'dashed',
        label: '',
      },
    },
    { selector: '.eh-ghost-edge.eh-preview-active', style: { opacity: 0 } },
    { selector: 'node.eh-ghost-node', style: { width: 1, height: 1, opacity: 0, label: '' } },
    { selector: 'node.eh-source', style: { 'border-width': 4, 'border-color': c.warn } },
    { selector: 'node.eh-target', style: { 'border-width': 4, 'border-color': c.warn, 'border-style': 'dashed' } },
  ];
}

/** Temporary elements of a drag to link, never part of the graph. */
export const EH_TEMPORARY = '.eh-ghost, .eh-preview, .eh-ghost-node, .eh-ghost-edge';

/** Every entity's model position (groups and drag-to-link ghosts left out). */
export function positionsOf(cy: Core): Record<string, GraphPoint> {
  const out: Record<string, GraphPoint> = {};
  cy.nodes()
    .not('.group')
    .not(EH_TEMPORARY)
    .forEach((node) => {
      const { x, y } = node.position();
      out[node.id()] = { x, y };
    });
  return out;
}

/** A Cytoscape canvas in `container`, with the renderer and the speed settings for its size. */
export function createCanvas(
  container: HTMLElement,
  options: { readonly webgl: boolean; readonly large: boolean },
): Core {
  markCytoscapeStylesheet();
  const { webgl, large } = options;
  return cytoscape({
    container,
    style: stylesheet(themeColours(), large),
    minZoom: 0.02,
    maxZoom: 4,
    wheelSensitivity: 0.3,
    selectionType: 'single',
    boxSelectionEnabled: true,
    // Large graphs: one device pixel per CSS pixel, and (canvas renderer) no edges or labels redrawn
    // while the view moves. WebGL draws from its texture atlases and needs neither.
    pixelRatio: large ? 1 : 'auto',
    hideEdgesOnViewport: large && !webgl,
    hideLabelsOnViewport: large && !webgl,
    textureOnViewport: large && !webgl,
    // Cytoscape 3.34's WebGL renderer (experimental): nodes, edges and labels drawn from texture
    // atlases in batches; it falls back to the canvas renderer by itself when zoomed in very close.
    ...(webgl ? { webgl: true, webglTexSize: 2048, webglTexRows: 36, webglBatchSize: 2048, webglTexPerBatch: 14 } : {}),
  });
}

/** What the layout worker needs: node sizes and positions, groups, and the edges that pull (no suggestions). */
export function layoutRequestOf(cy: Core, name: ComputedLayout, randomize: boolean): LayoutRequest {
  return {
    name,
    randomize,
    nodes: cy
      .nodes()
      .not('.group')
      .not(EH_TEMPORARY)
      .map((node: NodeSingular) => ({
        id: node.id(),
        size: Number(node.data('size')) || 30,
        x: node.position().x,
        y: node.position().y,
        ...(node.isChild() ? { parent: node.parent().first().id() } : {}),
      })),
    groups: cy.nodes('.group').map((group: NodeSingular) => group.id()),
    edges: cy
      .edges()
      .not('.suggested')
      .not(EH_TEMPORARY)
      .map((edge: EdgeSingular) => ({ source: edge.source().id(), target: edge.target().id() })),
  };
}

/** The layout request straight from the elements, before they are in Cytoscape (the first layout). */
export function requestFromElements(elements: GraphElements, name: ComputedLayout): LayoutRequest {
  const groups = new Set(elements.groups.map((group) => group.data.id));
  return {
    name,
    randomize: true,
    nodes: elements.nodes.map((node) => ({
      id: node.data.id,
      size: node.data.size,
      x: 0,
      y: 0,
      ...(node.data.parent !== undefined && groups.has(node.data.parent) ? { parent: node.data.parent } : {}),
    })),
    groups: [...groups],
    edges: elements.edges
      .filter((edge) => edge.classes !== 'suggested')
      .map((edge) => ({ source: edge.data.source, target: edge.data.target })),
  };
}

/**
 * Look far away while the first layout of a large graph runs: Cytoscape styles the elements and
 * measures them meanwhile (while the worker works), and draws nothing, where they would all be
 * piled at one point.
 */
export function parkViewport(cy: Core): void {
  cy.viewport({ zoom: 1, pan: { x: -1e7, y: -1e7 } });
}

/** Fit the view to positions just computed, from the numbers (no bounding box of every element). */
export function fitPositions(cy: Core, positions: Float64Array, padding = 40): void {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (let i = 0; i + 1 < positions.length; i += 2) {
    const x = positions[i] ?? 0;
    const y = positions[i + 1] ?? 0;
    if (x < x1) x1 = x;
    if (x > x2) x2 = x;
    if (y < y1) y1 = y;
    if (y > y2) y2 = y;
  }
  if (!Number.isFinite(x1)) return;
  const width = cy.width();
  const height = cy.height();
  // Half the largest node on each side.
  const margin = 36;
  const zoom = Math.max(
    cy.minZoom(),
    Math.min(1.6, (width - 2 * padding) / (x2 - x1 + 2 * margin), (height - 2 * padding) / (y2 - y1 + 2 * margin)),
  );
  cy.viewport({ zoom, pan: { x: width / 2 - (zoom * (x1 + x2)) / 2, y: height / 2 - (zoom * (y1 + y2)) / 2 } });
}

/** From this zoom on, a large graph labels the nodes in view (11 px labels are 9 px on screen at 0.8). */
export const LABEL_ZOOM = 0.8;
/** At most this many nodes are labelled at once on a large graph. */
const LABELLED_MAX = 1500;

/** Label the nodes in view on a large graph zoomed in far enough; take the labels off the rest. */
export function labelInView(cy: Core): void {
  const extent = cy.extent();
  const inView =
    cy.zoom() < LABEL_ZOOM
      ? cy.collection()
      : cy.nodes().filter((node: NodeSingular) => {
          const { x, y } = node.position();
          return x >= extent.x1 && x <= extent.x2 && y >= extent.y1 && y <= extent.y2;
        });
  const want = inView.length > LABELLED_MAX ? cy.collection() : inView;
  cy.batch(() => {
    cy.nodes('.labelled').difference(want).removeClass('labelled');
    want.not('.labelled').addClass('labelled');
  });
}

/** Put the worker's positions on the nodes, in one batch (one redraw). */
export function applyPositions(cy: Core, request: LayoutRequest, positions: Float64Array): void {
  cy.batch(() => {
    request.nodes.forEach((node, i) => {
      const element = cy.getElementById(node.id);
      if (element.empty()) return;
      (element as NodeSingular).position({ x: positions[i * 2] ?? 0, y: positions[i * 2 + 1] ?? 0 });
    });
  });
}
