import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import cytoscape, { type Core, type LayoutOptions, type NodeSingular, type StylesheetJson } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { GraphElements, LayoutName } from './model.js';

cytoscape.use(fcose);

/**
 * Cytoscape adds a <style> element for `position: relative` on its container unless an element with
 * this id exists; under the renderer's CSP (style-src 'self') that inline style would be refused with
 * a console error. The container is positioned by graph.css, so a marker stands in for the sheet.
 */
function markCytoscapeStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const marker = document.createElement('meta');
  marker.id = id;
  document.head.append(marker);
}

/** Above this many nodes the canvas trades detail for speed while panning and zooming. */
const LARGE_GRAPH = 1500;

export interface GraphCanvasHandle {
  fit: () => void;
  /** Put this node in the middle of the canvas (no animation: a click there lands on it at once). */
  centre: (id: string) => void;
  /** Select exactly these nodes (or add them to the selection). */
  select: (ids: readonly string[], add?: boolean) => void;
  selectEdge: (id: string) => void;
  /** The whole graph as a PNG at twice its on-screen scale (capped), on the canvas's background. */
  png: () => Promise<Blob>;
}

export interface CanvasSelection {
  readonly nodes: readonly string[];
  readonly edge: string | null;
}

interface GraphCanvasProps {
  readonly ref?: Ref<GraphCanvasHandle>;
  readonly elements: GraphElements;
  readonly layout: LayoutName;
  /** Bumped to run the layout again on the same elements. */
  readonly layoutRun: number;
  /** Search matches, outlined. */
  readonly highlighted: readonly string[];
  /** Link mode: the next node tapped is the target, and selection stays as it is. */
  readonly linking: boolean;
  readonly onSelection: (selection: CanvasSelection) => void;
  readonly onLinkTarget: (id: string) => void;
  readonly onError: (message: string) => void;
}

interface ThemeColours {
  readonly text: string;
  readonly muted: string;
  readonly faint: string;
  readonly bg: string;
  readonly raised: string;
  readonly accent: string;
  readonly warn: string;
  readonly border: string;
  readonly mark: string;
}

function themeColours(): ThemeColours {
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
  };
}

function stylesheet(c: ThemeColours): StylesheetJson {
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
        label: 'data(label)',
        color: c.text,
        'font-family': 'system-ui, sans-serif',
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'ellipsis',
        'text-max-width': '160px',
        'text-background-color': c.raised,
        'text-background-opacity': 0.8,
        'text-background-padding': '2px',
        'text-background-shape': 'roundrectangle',
        // Labels go away when zoomed out so far that they would be smaller than this on screen.
        'min-zoomed-font-size': 6,
      },
    },
    { selector: 'node.analyst', style: { 'border-width': 2.5, 'border-color': c.text } },
    { selector: 'node.merged', style: { 'border-width': 3, 'border-style': 'double', 'border-color': c.text } },
    { selector: 'node.dismissed', style: { opacity: 0.45 } },
    {
      selector: 'edge',
      style: {
        width: 1.2,
        'line-color': c.border,
        'target-arrow-color': c.border,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        'curve-style': 'bezier',
        label: 'data(label)',
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
    {
      selector: 'node:selected',
      // The selected node keeps its label at any zoom.
      style: { 'border-width': 4, 'border-color': c.accent, 'overlay-opacity': 0, 'min-zoomed-font-size': 0 },
    },
    {
      selector: 'edge:selected',
      style: { width: 4, 'line-color': c.accent, 'target-arrow-color': c.accent, 'overlay-opacity': 0 },
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
    { selector: 'node.link-source', style: { 'border-width': 4, 'border-color': c.warn, 'border-style': 'dashed' } },
  ];
}

function layoutOptions(name: LayoutName, nodes: number, randomize: boolean): LayoutOptions {
  switch (name) {
    case 'fcose':
      return {
        name: 'fcose',
        quality: nodes > LARGE_GRAPH ? 'draft' : 'default',
        randomize,
        animate: false,
        nodeRepulsion: () => 9000,
        idealEdgeLength: () => 90,
        nodeSeparation: 90,
        packComponents: true,
        nodeDimensionsIncludeLabels: true,
        padding: 40,
      } as LayoutOptions;
    case 'concentric':
      return {
        name: 'concentric',
        concentric: (node) => node.degree(false),
        levelWidth: () => 2,
        minNodeSpacing: 30,
        animate: false,
        padding: 40,
      };
    case 'breadthfirst':
      return { name: 'breadthfirst', directed: false, spacingFactor: 1.2, animate: false, padding: 40 };
    case 'grid':
      return { name: 'grid', avoidOverlap: true, avoidOverlapPadding: 24, animate: false, padding: 40 };
  }
}

/**
 * The Cytoscape canvas. It owns the Cytoscape instance; elements arrive as data and are patched in
 * place (positions kept), and the layout runs again only when the set of nodes changes or on request.
 * The host element carries `data-layout="running|done"` and node and edge counts, for tests and tools.
 */
export function GraphCanvas({
  ref,
  elements,
  layout,
  layoutRun,
  highlighted,
  linking,
  onSelection,
  onLinkTarget,
  onError,
}: GraphCanvasProps) {
  const host = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const callbacks = useRef({ onSelection, onLinkTarget, onError, linking });
  useEffect(() => {
    callbacks.current = { onSelection, onLinkTarget, onError, linking };
  });
  const lastLayout = useRef<{ name: LayoutName; run: number; nodes: string } | null>(null);

  // One Cytoscape instance for the life of the view.
  useEffect(() => {
    const container = host.current;
    if (!container) return;
    markCytoscapeStylesheet();
    const cy = cytoscape({
      container,
      style: stylesheet(themeColours()),
      minZoom: 0.05,
      maxZoom: 4,
      wheelSensitivity: 0.3,
      selectionType: 'single',
      boxSelectionEnabled: true,
    });
    cyRef.current = cy;
    let pending = false;
    const report = () => {
      if (pending) return;
      pending = true;
      queueMicrotask(() => {
        pending = false;
        callbacks.current.onSelection({
          nodes: cy.nodes(':selected').map((node) => node.id()),
          edge: cy.edges(':selected').first().id() || null,
        });
      });
    };
    cy.on('select unselect', report);
    cy.on('tap', 'node', (event) => {
      if (callbacks.current.linking) callbacks.current.onLinkTarget((event.target as NodeSingular).id());
    });
    // Follow the theme: the canvas cannot read CSS variables, so the stylesheet is rebuilt.
    const observer = new MutationObserver(() => cy.style(stylesheet(themeColours())));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    // The detail pane opening or closing resizes the canvas: Cytoscape must hear of it, or clicks land
    // where the nodes were.
    const sizes = new ResizeObserver(() => cy.resize());
    sizes.observe(container);
    return () => {
      sizes.disconnect();
      observer.disconnect();
      cy.destroy();
      cyRef.current = null;
    };
  }, []);

  // Patch the elements in place, then lay out if the nodes changed or a layout was asked for.
  useEffect(() => {
    const cy = cyRef.current;
    const container = host.current;
    if (!cy || !container) return;
    const wanted = new Set<string>([...elements.nodes, ...elements.edges].map((element) => element.data.id));
    const changed = { structure: false };
    let added = cy.collection();
    const extent = cy.nodes().nonempty() ? cy.nodes().boundingBox() : null;
    cy.batch(() => {
      cy.elements().forEach((element) => {
        if (!wanted.has(element.id())) {
          if (element.isNode()) changed.structure = true;
          cy.remove(element);
        }
      });
      for (const node of elements.nodes) {
        const existing = cy.getElementById(node.data.id);
        if (existing.nonempty()) {
          existing.data(node.data);
          existing.classes(node.classes);
        } else {
          changed.structure = true;
          added = added.union(cy.add({ group: 'nodes', data: { ...node.data }, classes: node.classes }));
        }
      }
      for (const edge of elements.edges) {
        const existing = cy.getElementById(edge.data.id);
        if (existing.nonempty()) {
          existing.data(edge.data);
          existing.classes(edge.classes);
        } else {
          // A new link between entities shown (not a suggestion) is worth a new look at the picture.
          if (edge.classes !== 'suggested') changed.structure = true;
          cy.add({ group: 'edges', data: { ...edge.data }, classes: edge.classes });
        }
      }
    });
    const large = elements.nodes.length > LARGE_GRAPH;
    // New nodes on a laid-out graph start next to a neighbour (or somewhere in the picture), so the
    // layout refines the picture instead of piling them up at the origin.
    if (extent) {
      const fresh = added;
      let alone = 0;
      fresh.nodes().forEach((node) => {
        const anchor = node.neighborhood().nodes().difference(fresh).nodes().first();
        if (anchor.nonempty()) {
          const base = anchor.position();
          node.position({ x: base.x + (Math.random() - 0.5) * 120, y: base.y + (Math.random() - 0.5) * 120 });
        } else {
          // An entity with no relationship yet (a new actor): in a column to the right of the picture.
          node.position({ x: extent.x2 + 90, y: extent.y1 + extent.h / 2 + alone * 90 });
          alone += 1;
        }
      });
    }
    container.dataset.nodes = String(elements.nodes.length);
    container.dataset.edges = String(elements.edges.length);
    if (large) container.dataset.large = 'true';
    else delete container.dataset.large;

    const nodeKey = elements.nodes
      .map((node) => node.data.id)
      .sort()
      .join('\n');
    const previous = lastLayout.current;
    const asked = previous?.name !== layout || previous.run !== layoutRun;
    if (!asked && !changed.structure && previous.nodes === nodeKey) {
      container.dataset.layout = 'done';
      return;
    }
    lastLayout.current = { name: layout, run: layoutRun, nodes: nodeKey };
    container.dataset.layout = 'running';
    // A change of nodes on a laid-out graph keeps the picture: fcose starts from where things are.
    const randomize = asked || !previous;
    // Suggestions (co-occurrence, often many per exhibit) are drawn but do not pull the layout together.
    const run = cy
      .elements()
      .not('edge.suggested')
      .layout(layoutOptions(layout, elements.nodes.length, randomize));
    run.one('layoutstop', () => {
      cy.fit(undefined, 40);
      if (cy.zoom() > 1.6) {
        cy.zoom(1.6);
        cy.center();
      }
      container.dataset.layout = 'done';
    });
    try {
      run.run();
    } catch (problem) {
      container.dataset.layout = 'done';
      callbacks.current.onError(`The layout failed: ${problem instanceof Error ? problem.message : String(problem)}`);
    }
  }, [elements, layout, layoutRun]);

  // Search matches outlined.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.nodes('.match').removeClass('match');
      for (const id of highlighted) cy.getElementById(id).addClass('match');
    });
  }, [highlighted, elements]);

  // Link mode: taps pick a target and do not change the selection; the source is marked.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.autounselectify(linking);
    if (linking) cy.nodes(':selected').addClass('link-source');
    else cy.nodes('.link-source').removeClass('link-source');
  }, [linking]);

  useImperativeHandle(
    ref,
    () => ({
      fit: () => {
        cyRef.current?.fit(undefined, 40);
      },
      centre: (id) => {
        const cy = cyRef.current;
        const node = cy?.getElementById(id);
        if (!cy || !node || node.empty()) return;
        cy.resize();
        if (cy.zoom() < 0.8) cy.zoom(1);
        cy.center(node);
        if (host.current) host.current.dataset.centred = id;
      },
      select: (ids, add = false) => {
        const cy = cyRef.current;
        if (!cy) return;
        cy.batch(() => {
          if (!add) cy.elements(':selected').unselect();
          for (const id of ids) cy.getElementById(id).select();
        });
      },
      selectEdge: (id) => {
        const cy = cyRef.current;
        if (!cy) return;
        cy.elements(':selected').unselect();
        cy.getElementById(id).select();
      },
      png: () => {
        const cy = cyRef.current;
        if (!cy) return Promise.reject(new Error('The canvas is not ready.'));
        return cy.png({
          output: 'blob-promise',
          full: true,
          scale: 2,
          maxWidth: 8000,
          maxHeight: 8000,
          bg: themeColours().bg,
        });
      },
    }),
    [],
  );

  return (
    // The canvas takes focus so its keys (L, F, /) reach the view while it has it.
    <div
      ref={host}
      className="graph-canvas"
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- an application region, operated by keyboard
      tabIndex={0}
      role="application"
      aria-label="Graph canvas. Search with /, link with L, fit with F."
      aria-roledescription="graph"
      data-layout="running"
    />
  );
}
