import {
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
  type Ref,
} from 'react';
import cytoscape, {
  type CollectionReturnValue,
  type Core,
  type EdgeSingular,
  type ElementDefinition,
  type EventObject,
  type NodeSingular,
} from 'cytoscape';
import edgehandles from 'cytoscape-edgehandles';
import svg from 'cytoscape-svg';
import { Link2 } from 'lucide-react';
import type { GraphPoint } from '../../../../shared/graph-view.js';
import {
  applyPositions,
  createCanvas,
  EH_TEMPORARY,
  fitPositions,
  LARGE_GRAPH,
  labelInView,
  layoutRequestOf,
  OFF_THREAD_ABOVE,
  parkViewport,
  positionsOf,
  requestFromElements,
  stylesheet,
  themeColours,
} from './cy.js';
import { createLayoutWorker, LayoutCancelled, LayoutRunner, type LayoutResult } from './layout-client.js';
import { layoutOptions, type ComputedLayout, type LayoutPhase, type LayoutRequest } from './layout.js';
import { neighbourInDirection, type Direction, type GraphElements, type GraphPath, type LayoutName } from './model.js';

cytoscape.use(edgehandles);
cytoscape.use(svg);

export interface GraphCanvasHandle {
  fit: (ids?: readonly string[]) => void;
  /** Bring this node into view (panning only when it is outside the middle of the canvas). */
  centre: (id: string) => void;
  /** Select exactly these nodes (or add them to the selection). */
  select: (ids: readonly string[], add?: boolean) => void;
  selectEdge: (id: string) => void;
  /** The whole graph as a PNG at twice its on-screen scale (capped), on the canvas's background. */
  png: () => Promise<Blob>;
  /** The whole graph as an SVG document. */
  svg: () => string;
  /** Every entity's model position. */
  positions: () => Record<string, GraphPoint>;
  /** Move entities (undo and redo of moves). */
  setPositions: (positions: Readonly<Record<string, GraphPoint>>) => void;
  viewport: () => { zoom: number; pan: GraphPoint };
  /** Zoom by a factor around the middle of the canvas (keys + and -, the bench's scripted zoom). */
  zoomBy: (factor: number) => void;
  /** Pan by screen pixels (the bench's scripted pan). */
  panBy: (dx: number, dy: number) => void;
  /** Where an element is on the page (client coordinates), for menus. */
  clientPoint: (id: string | null) => GraphPoint;
  focus: () => void;
}

export interface CanvasSelection {
  readonly nodes: readonly string[];
  readonly edge: string | null;
}

export interface ContextTarget {
  readonly kind: 'node' | 'edge' | 'background';
  readonly id: string | null;
  /** Client coordinates where the menu opens. */
  readonly x: number;
  readonly y: number;
}

/** Positions to apply with the "saved" layout, and the viewport to restore once (per `run`). */
export interface SavedPlacement {
  readonly positions: Readonly<Record<string, GraphPoint>>;
  readonly zoom: number;
  readonly pan: GraphPoint;
  readonly run: number;
}

interface GraphCanvasProps {
  readonly ref?: Ref<GraphCanvasHandle>;
  readonly elements: GraphElements;
  readonly layout: LayoutName;
  /** Bumped to run the layout again on the same elements. */
  readonly layoutRun: number;
  readonly saved: SavedPlacement | null;
  /** Use Cytoscape's WebGL renderer (decided once per canvas). */
  readonly webgl: boolean;
  /** Search matches, outlined. */
  readonly highlighted: readonly string[];
  /** Entities another view's selection stands for. */
  readonly linked: readonly string[];
  /** A shortest path to show (the rest is dimmed). */
  readonly path: GraphPath | null;
  /** Link mode: the next node tapped is the target, and selection stays as it is. */
  readonly linking: boolean;
  readonly onSelection: (selection: CanvasSelection) => void;
  readonly onLinkTarget: (id: string) => void;
  /** A link drawn by dragging from a node's handle to another node. */
  readonly onDragLink: (source: string, target: string) => void;
  readonly onContextMenu: (target: ContextTarget) => void;
  /** Entities moved by hand (before and after), for undo. */
  readonly onMoved: (before: Record<string, GraphPoint>, after: Record<string, GraphPoint>) => void;
  /** A layout the analyst asked for moved everything (before and after), for undo. */
  readonly onLaidOut: (before: Record<string, GraphPoint>, after: Record<string, GraphPoint>) => void;
  /** Enter: open the selection's detail. */
  readonly onOpen: () => void;
  /** Escape on the canvas (after the selection was cleared). */
  readonly onEscape: () => void;
  readonly onError: (message: string) => void;
  /** The layout worker (the bench passes a prebuilt one). */
  readonly createWorker?: () => Worker;
}

/** The parts of an edgehandles instance used here (`update` and `snap` are not in its published types). */
interface EdgeHandlesDrawing {
  start: (node: NodeSingular) => void;
  update: (position: GraphPoint) => void;
  /** Look for a target near the pointer now (it is otherwise throttled, and could miss a quick release). */
  snap: () => boolean;
  stop: () => void;
  destroy: () => void;
}

const PHASE_LABELS: Readonly<Record<LayoutPhase, string>> = {
  preparing: 'Preparing',
  spectral: 'Spectral layout',
  refining: 'Placing',
  done: 'Drawing',
};

/**
 * The Cytoscape canvas — the one module that draws with Cytoscape (the layout worker has its own
 * headless instance). It owns the Cytoscape instance; elements arrive as data and are patched in
 * place (positions kept, in one batch), and the layout runs again only when the set of nodes changes
 * or on request — in the layout worker above OFF_THREAD_ABOVE nodes, with its progress shown. The
 * host element carries `data-layout="running|done"`, node, edge and group counts, the renderer
 * (`webgl` or `canvas`), the last layout's time and the selected nodes' drawn positions (`data-selected`,
 * numbered by `data-published`), for tests and tools.
 */
export function GraphCanvas({
  ref,
  elements,
  layout,
  layoutRun,
  saved,
  webgl,
  highlighted,
  linked,
  path,
  linking,
  onSelection,
  onLinkTarget,
  onDragLink,
  onContextMenu,
  onMoved,
  onLaidOut,
  onOpen,
  onEscape,
  onError,
  createWorker = createLayoutWorker,
}: GraphCanvasProps) {
  const host = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const drawing = useRef<EdgeHandlesDrawing | null>(null);
  const runner = useRef<LayoutRunner | null>(null);
  const callbacks = useRef({
    onSelection,
    onLinkTarget,
    onDragLink,
    onContextMenu,
    onMoved,
    onLaidOut,
    onOpen,
    onEscape,
    onError,
    linking,
  });
  useEffect(() => {
    callbacks.current = {
      onSelection,
      onLinkTarget,
      onDragLink,
      onContextMenu,
      onMoved,
      onLaidOut,
      onOpen,
      onEscape,
      onError,
      linking,
    };
  });
  const lastLayout = useRef<{ name: LayoutName; run: number; nodes: string; savedRun: number } | null>(null);
  const [progress, setProgress] = useState<{ phase: LayoutPhase; nodes: number; started: number } | null>(null);
  const [elapsed, setElapsed] = useState(0);
  // The drag-to-link handle: on the hovered node, else on the one selected node.
  const [handle, setHandle] = useState<{ id: string; x: number; y: number; label: string } | null>(null);
  const hovered = useRef<string | null>(null);
  // Each layout run's number: a late word from an older run is ignored.
  const layoutToken = useRef(0);
  // The first layout of a large graph is running (started before its elements went in).
  const firstLayout = useRef(false);
  const dragging = useRef(false);
  const refreshHandle = useRef<() => void>(() => undefined);
  const large = elements.nodes.length > LARGE_GRAPH;
  const largeAtStart = useRef(large);

  // One Cytoscape instance for the life of the canvas.
  useEffect(() => {
    const container = host.current;
    if (!container) return;
    const big = largeAtStart.current;
    const cy = createCanvas(container, { webgl, large: big });
    cyRef.current = cy;
    container.dataset.renderer = webgl ? 'webgl' : 'canvas';
    let pending = false;
    const report = () => {
      if (pending) return;
      pending = true;
      queueMicrotask(() => {
        pending = false;
        const selected = cy.nodes(':selected').not('.group');
        callbacks.current.onSelection({
          nodes: selected.map((node) => node.id()),
          edge: cy.edges(':selected').first().id() || null,
        });
        refreshHandle.current();
      });
    };
    cy.on('select unselect', report);
    cy.on('tap', 'node', (event) => {
      const node = event.target as NodeSingular;
      if (callbacks.current.linking && !node.hasClass('group')) callbacks.current.onLinkTarget(node.id());
    });
    cy.on('dbltap', 'node', (event) => {
      if (!(event.target as NodeSingular).hasClass('group')) callbacks.current.onOpen();
    });

    // Context menu: right-click (cxttap) on a node, an edge or the background.
    cy.on('cxttap', (event: EventObject) => {
      const target = event.target as Core | CollectionReturnValue;
      const rect = container.getBoundingClientRect();
      const at = { x: rect.left + event.renderedPosition.x, y: rect.top + event.renderedPosition.y };
      if (target === cy) {
        callbacks.current.onContextMenu({ kind: 'background', id: null, ...at });
        return;
      }
      const element = target as CollectionReturnValue;
      if (!element.selected()) {
        cy.elements(':selected').unselect();
        element.select();
      }
      callbacks.current.onContextMenu({ kind: element.isNode() ? 'node' : 'edge', id: element.id(), ...at });
    });

    // Moves by hand, for undo: positions when grabbed, and where they were let go.
    let grabbed: Record<string, GraphPoint> | null = null;
    cy.on('grab', 'node', (event) => {
      const node = event.target as NodeSingular;
      grabbed ??= {};
      const moving = node.union(cy.nodes(':selected')).union(node.descendants());
      moving.forEach((n) => {
        if (n.hasClass('group') || grabbed === null || n.id() in grabbed) return;
        const { x, y } = n.position();
        grabbed[n.id()] = { x, y };
      });
    });
    cy.on('free', 'node', () => {
      const before = grabbed;
      grabbed = null;
      if (!before) return;
      const after: Record<string, GraphPoint> = {};
      let moved = false;
      for (const id of Object.keys(before)) {
        const { x, y } = cy.getElementById(id).position();
        after[id] = { x, y };
        const was = before[id];
        if (was && (was.x !== x || was.y !== y)) moved = true;
      }
      if (moved) callbacks.current.onMoved(before, after);
    });

    // Drag to link (cytoscape-edgehandles): started from the handle, finished on a node.
    const eh = cy.edgehandles({
      canConnect: (source, target) => !source.same(target) && !target.hasClass('group'),
      edgeParams: () => ({ data: {}, classes: 'eh-drawn' }),
      hoverDelay: 0,
      snap: true,
      snapThreshold: 24,
      snapFrequency: 30,
      noEdgeEventsInDraw: true,
      disableBrowserGestures: true,
    }) as unknown as EdgeHandlesDrawing;
    drawing.current = eh;
    cy.on(
      'ehcomplete',
      (_event: EventObject, source: NodeSingular, target: NodeSingular, added: CollectionReturnValue) => {
        // The canvas shows only what is stored: the drawn edge goes, the dialog asks for the rest.
        added.remove();
        callbacks.current.onDragLink(source.id(), target.id());
      },
    );

    // Where the drag-to-link handle sits: the hovered node, else the single selected one.
    let frame = 0;
    const placeHandle = () => {
      frame = 0;
      publishSelection();
      if (dragging.current) return;
      const selected = cy.nodes(':selected').not('.group');
      const id = hovered.current ?? (selected.length === 1 ? selected.id() : null);
      const node = id === null ? cy.collection() : cy.getElementById(id);
      if (node.empty() || node.hasClass('group') || node.removed() || callbacks.current.linking) {
        setHandle(null);
        return;
      }
      const box = node.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
      const x = box.x2;
      const y = box.y1;
      if (x < 0 || y < 0 || x > container.clientWidth || y > container.clientHeight) {
        setHandle(null);
        return;
      }
      setHandle({ id: node.id(), x, y, label: String(node.data('label') ?? node.id()) });
    };
    // Where the selected nodes are drawn, numbered: a reader waits for a number past the one it saw
    // before a change of view, so it never reads positions from before it.
    let published = 0;
    const publishSelection = () => {
      published += 1;
      container.dataset.published = String(published);
      const selected = cy.nodes(':selected').not('.group');
      if (selected.length === 0 || selected.length > 20) {
        delete container.dataset.selected;
        return;
      }
      container.dataset.selected = JSON.stringify(
        selected.map((node: NodeSingular) => {
          const at = node.renderedPosition();
          return { id: node.id(), x: Math.round(at.x), y: Math.round(at.y) };
        }),
      );
    };
    refreshHandle.current = () => {
      if (frame === 0) frame = requestAnimationFrame(placeHandle);
    };
    cy.on('mouseover', 'node', (event) => {
      const node = event.target as NodeSingular;
      if (dragging.current || node.hasClass('group') || node.is(EH_TEMPORARY)) return;
      hovered.current = node.id();
      refreshHandle.current();
    });
    cy.on('viewport position', () => refreshHandle.current());
    cy.on('tapstart', (event) => {
      if (event.target === cy) {
        hovered.current = null;
        refreshHandle.current();
      }
    });

    // A large graph labels the nodes in view once zoomed in, a moment after the view stops moving.
    let labelTimer: ReturnType<typeof setTimeout> | undefined;
    if (big) {
      cy.on('viewport', () => {
        clearTimeout(labelTimer);
        labelTimer = setTimeout(() => labelInView(cy), 150);
      });
    }

    // Follow the theme: the canvas cannot read CSS variables, so the stylesheet is rebuilt.
    const observer = new MutationObserver(() => cy.style(stylesheet(themeColours(), big)));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    // The detail pane opening or closing resizes the canvas: Cytoscape must hear of it, or clicks land
    // where the nodes were.
    const sizes = new ResizeObserver(() => cy.resize());
    sizes.observe(container);
    return () => {
      clearTimeout(labelTimer);
      if (frame !== 0) cancelAnimationFrame(frame);
      sizes.disconnect();
      observer.disconnect();
      runner.current?.dispose();
      runner.current = null;
      eh.destroy();
      drawing.current = null;
      cy.destroy();
      cyRef.current = null;
    };
  }, [webgl]);

  // Elapsed time on the layout progress card.
  useEffect(() => {
    if (!progress) return;
    const timer = setInterval(() => setElapsed(performance.now() - progress.started), 250);
    return () => clearInterval(timer);
  }, [progress]);

  // Patch the elements in place, then lay out if the nodes changed or a layout was asked for.
  useEffect(() => {
    const cy = cyRef.current;
    const container = host.current;
    if (!cy || !container) return;
    const groupIds = new Set(elements.groups.map((group) => group.data.id));
    const wanted = new Set<string>(
      [...elements.groups, ...elements.nodes, ...elements.edges].map((element) => element.data.id),
    );
    const changed = { structure: false };
    const newGroups: string[] = [];
    const newNodes: ElementDefinition[] = [];
    const newEdges: ElementDefinition[] = [];
    // The first layout of a large graph starts before the elements go in (its request is made from
    // them), with the view parked far away: Cytoscape styles and measures them while the worker
    // works, and nothing is drawn piled at one point. A change while it runs starts it again.
    if (firstLayout.current) lastLayout.current = null;
    const firstLarge =
      lastLayout.current === null && layout !== 'saved' && elements.nodes.length > OFF_THREAD_ABOVE ? layout : null;
    let token = layoutToken.current;
    const started = performance.now();
    const count = elements.nodes.length;
    // The first large layout adds the elements once the worker has started (it needs this thread to
    // start; styling 20,000 elements first would hold it back for seconds).
    let deferredPatch: (() => void) | null = null;
    const onPhase = (phase: LayoutPhase) => {
      if (layoutToken.current !== token) return;
      if (deferredPatch) {
        const run = deferredPatch;
        deferredPatch = null;
        run();
      }
      if (phase === 'preparing') setElapsed(performance.now() - started);
      setProgress({ phase, nodes: count, started });
    };
    let early: { request: LayoutRequest; result: Promise<LayoutResult> } | null = null;
    if (firstLarge !== null) {
      runner.current?.cancel();
      token = ++layoutToken.current;
      parkViewport(cy);
      runner.current ??= new LayoutRunner(createWorker);
      const request = requestFromElements(elements, firstLarge);
      early = { request, result: runner.current.run(request, onPhase) };
      firstLayout.current = true;
    }
    const hadNodes = cy.nodes().nonempty();
    const patch = () => {
      cy.batch(() => {
        // A group going away must not take its members with it: they leave the box first.
        cy.nodes('.group').forEach((group) => {
          if (!groupIds.has(group.id())) group.children().move({ parent: null });
        });
        cy.elements()
          .not(EH_TEMPORARY)
          .forEach((element) => {
            if (!wanted.has(element.id()) && !element.removed()) {
              if (element.isNode() && !element.hasClass('group')) changed.structure = true;
              cy.remove(element);
            }
          });
        for (const group of elements.groups) {
          const existing = cy.getElementById(group.data.id);
          if (existing.nonempty()) existing.data(group.data);
          else newGroups.push(cy.add({ group: 'nodes', data: { ...group.data }, classes: group.classes }).id());
        }
        for (const node of elements.nodes) {
          const existing = cy.getElementById(node.data.id);
          const parent = node.data.parent ?? null;
          if (existing.nonempty()) {
            existing.data(node.data);
            existing.classes(node.classes);
            const current = existing.parent().first();
            if ((current.nonempty() ? current.id() : null) !== parent) existing.move({ parent });
          } else {
            changed.structure = true;
            newNodes.push({ group: 'nodes', data: { ...node.data }, classes: node.classes });
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
            newEdges.push({ group: 'edges', data: { ...edge.data }, classes: edge.classes });
          }
        }
      });
      // Added in two calls, not one per element (a collection grown one element at a time is quadratic).
      const fresh = cy.add(newNodes);
      cy.add(newEdges);
      return fresh;
    };
    let added = cy.collection();
    if (early) deferredPatch = patch;
    else added = patch();
    const extent =
      hadNodes && added.nonempty() && firstLarge === null ? cy.nodes().difference(added).boundingBox() : null;
    // New nodes on a laid-out graph start next to a neighbour (or somewhere in the picture), so the
    // layout refines the picture instead of piling them up at the origin.
    const placeFresh = (fresh: CollectionReturnValue, around: { x2: number; y1: number; h: number } | null) => {
      let alone = 0;
      cy.batch(() => {
        fresh.nodes().forEach((node) => {
          const anchor = node.neighborhood().nodes().difference(fresh).nodes().first();
          if (anchor.nonempty()) {
            const base = anchor.position();
            node.position({ x: base.x + (Math.random() - 0.5) * 120, y: base.y + (Math.random() - 0.5) * 120 });
          } else if (around) {
            // An entity with no relationship yet (a new actor): in a column to the right of the picture.
            node.position({ x: around.x2 + 90, y: around.y1 + around.h / 2 + alone * 90 });
            alone += 1;
          }
        });
      });
    };
    if (extent) placeFresh(added, extent);
    // A new group gathers its members in a tight grid where they were, so its box does not sprawl over
    // others; on a small graph the layout then refines around it.
    for (const id of newGroups) {
      const members = cy.getElementById(id).children();
      if (members.length < 2) continue;
      const centre = members.boundingBox();
      const side = Math.ceil(Math.sqrt(members.length)) * 80;
      members
        .layout({
          name: 'grid',
          animate: false,
          fit: false,
          avoidOverlap: true,
          boundingBox: {
            x1: centre.x1 + centre.w / 2 - side / 2,
            y1: centre.y1 + centre.h / 2 - side / 2,
            w: side,
            h: side,
          },
        })
        .run();
      changed.structure = true;
    }
    container.dataset.nodes = String(elements.nodes.length);
    container.dataset.edges = String(elements.edges.length);
    container.dataset.groups = String(elements.groups.length);
    if (large) container.dataset.large = 'true';
    else delete container.dataset.large;

    const nodeKey = elements.nodes
      .map((node) => node.data.id)
      .sort()
      .join('\n');
    const savedRun = saved?.run ?? 0;
    const previous = lastLayout.current;
    const asked = previous?.name !== layout || previous.run !== layoutRun || previous.savedRun !== savedRun;
    if (!asked && !changed.structure && previous.nodes === nodeKey) {
      if (container.dataset.layout !== 'running') container.dataset.layout = 'done';
      return;
    }
    lastLayout.current = { name: layout, run: layoutRun, nodes: nodeKey, savedRun };
    // Saved positions, and large graphs, keep their picture when entities come and go: new ones were
    // placed beside a neighbour above; a new layout runs only when asked for.
    if (previous && !asked && (layout === 'saved' || elements.nodes.length > OFF_THREAD_ABOVE)) {
      if (container.dataset.layout !== 'running') container.dataset.layout = 'done';
      return;
    }
    const byHand = previous !== null && asked && previous.savedRun === savedRun;
    const before = byHand ? positionsOf(cy) : null;

    const finish = (restoreViewport: boolean, fitted = false) => {
      if (restoreViewport && saved) {
        cy.viewport({ zoom: saved.zoom, pan: saved.pan });
      } else if (!fitted) {
        cy.fit(undefined, 40);
        if (cy.zoom() > 1.6) {
          cy.zoom(1.6);
          cy.center();
        }
      }
      setProgress(null);
      // Done once the new picture has been drawn.
      requestAnimationFrame(() => {
        container.dataset.layout = 'done';
        if (before) callbacks.current.onLaidOut(before, positionsOf(cy));
        refreshHandle.current();
      });
    };

    if (!early) {
      runner.current?.cancel();
      token = ++layoutToken.current;
    }
    container.dataset.layout = 'running';
    if (layout === 'saved') {
      const positions = saved?.positions ?? {};
      const unplaced = cy.collection();
      cy.batch(() => {
        cy.nodes()
          .not('.group')
          .forEach((node) => {
            const at = positions[node.id()];
            if (at) node.position({ x: at.x, y: at.y });
            else unplaced.merge(node);
          });
      });
      const placed = cy.nodes().not('.group').difference(unplaced);
      placeFresh(unplaced, placed.nonempty() ? placed.boundingBox() : null);
      finish(previous?.savedRun !== savedRun);
      return;
    }

    // A change of nodes on a laid-out graph keeps the picture: fcose starts from where things are.
    const randomize = asked || !previous;
    const computed: ComputedLayout = layout;
    if (count <= OFF_THREAD_ABOVE) {
      // Small graphs: in place, where fCoSE can measure labels.
      const run = cy
        .elements()
        .not('edge.suggested')
        .not(EH_TEMPORARY)
        .layout({
          ...layoutOptions(computed, count, randomize),
          ...(computed === 'fcose' ? { nodeDimensionsIncludeLabels: true } : {}),
        });
      run.one('layoutstop', () => finish(false));
      try {
        run.run();
      } catch (problem) {
        container.dataset.layout = 'done';
        callbacks.current.onError(`The layout failed: ${problem instanceof Error ? problem.message : String(problem)}`);
      }
      return;
    }

    // Large graphs: in the layout worker. Suggestions are drawn but do not pull the layout together.
    const worker = (runner.current ??= new LayoutRunner(createWorker));
    const job =
      early ??
      (() => {
        const request = layoutRequestOf(cy, computed, randomize);
        return { request, result: worker.run(request, onPhase) };
      })();
    // The progress card shows at once (the worker's first word can take a moment to come).
    void Promise.resolve().then(() => {
      if (layoutToken.current === token) setProgress({ phase: 'preparing', nodes: count, started });
    });
    job.result
      .then(({ positions, ms }) => {
        if (cyRef.current !== cy) return;
        if (deferredPatch) {
          deferredPatch();
          deferredPatch = null;
        }
        const applied = performance.now();
        firstLayout.current = false;
        applyPositions(cy, job.request, positions);
        // Fitted from the numbers: a bounding box of every element costs seconds on 20,000 nodes.
        fitPositions(cy, positions);
        container.dataset.layoutMs = String(Math.round(ms));
        finish(false, true);
        // Time to the first frame drawn with the new positions (the bench reads it).
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            container.dataset.renderMs = String(Math.round(performance.now() - applied));
          }),
        );
      })
      .catch((problem: unknown) => {
        if (problem instanceof LayoutCancelled) return;
        if (deferredPatch) {
          deferredPatch();
          deferredPatch = null;
        }
        firstLayout.current = false;
        container.dataset.layout = 'done';
        setProgress(null);
        callbacks.current.onError(`The layout failed: ${problem instanceof Error ? problem.message : String(problem)}`);
      });
  }, [elements, layout, layoutRun, saved, large, createWorker]);

  // Search matches, linked entities and a path, marked.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.nodes('.match').removeClass('match');
      for (const id of highlighted) cy.getElementById(id).addClass('match');
      cy.nodes('.linked').removeClass('linked');
      for (const id of linked) cy.getElementById(id).addClass('linked');
      cy.elements('.on-path, .dimmed').removeClass('on-path dimmed');
      if (path) {
        const on = cy.collection();
        for (const id of [...path.nodes, ...path.edges]) on.merge(cy.getElementById(id));
        on.addClass('on-path');
        cy.elements().not(on).not('.group').addClass('dimmed');
      }
    });
  }, [highlighted, linked, path, elements]);

  // Link mode: taps pick a target and do not change the selection; the source is marked.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.autounselectify(linking);
    if (linking) cy.nodes(':selected').addClass('link-source');
    else cy.nodes('.link-source').removeClass('link-source');
    refreshHandle.current();
  }, [linking]);

  // The handle: pressing it starts a drag to link; the pointer is captured, so the drag is ours.
  const modelPoint = (event: PointerEvent) => {
    const cy = cyRef.current;
    const container = host.current;
    if (!cy || !container) return { x: 0, y: 0 };
    const rect = container.getBoundingClientRect();
    const pan = cy.pan();
    const zoom = cy.zoom();
    return { x: (event.clientX - rect.left - pan.x) / zoom, y: (event.clientY - rect.top - pan.y) / zoom };
  };
  const onHandleDown = (event: PointerEvent<HTMLButtonElement>) => {
    const cy = cyRef.current;
    if (!cy || !handle || event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    dragging.current = true;
    host.current?.classList.add('is-drawing');
    drawing.current?.start(cy.getElementById(handle.id));
    drawing.current?.update(modelPoint(event));
  };
  const onHandleMove = (event: PointerEvent<HTMLButtonElement>) => {
    if (dragging.current) drawing.current?.update(modelPoint(event));
  };
  const onHandleUp = (event: PointerEvent<HTMLButtonElement>) => {
    if (!dragging.current) return;
    dragging.current = false;
    host.current?.classList.remove('is-drawing');
    drawing.current?.update(modelPoint(event));
    drawing.current?.snap();
    drawing.current?.stop();
    hovered.current = null;
    refreshHandle.current();
  };

  // Keys on the canvas: arrows walk to neighbours, Enter opens, Escape clears, Menu / Shift+F10.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const cy = cyRef.current;
    const container = host.current;
    if (!cy || !container) return;
    const directions: Record<string, Direction> = {
      ArrowLeft: 'left',
      ArrowRight: 'right',
      ArrowUp: 'up',
      ArrowDown: 'down',
    };
    const direction = directions[event.key];
    const selected = cy.nodes(':selected').not('.group');
    if (direction && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      // Published even when nothing lies that way (the selection stays): a reader hears the key was handled.
      refreshHandle.current();
      const from = selected.last() as NodeSingular;
      let next: string | null;
      if (from.empty()) {
        // Nothing selected: start from the node nearest the middle of the canvas.
        const middle = { x: container.clientWidth / 2, y: container.clientHeight / 2 };
        let best: string | null = null;
        let bestDistance = Infinity;
        for (const node of cy.nodes().not('.group').toArray() as NodeSingular[]) {
          const at = node.renderedPosition();
          const distance = Math.hypot(at.x - middle.x, at.y - middle.y);
          if (distance < bestDistance) {
            bestDistance = distance;
            best = node.id();
          }
        }
        next = best;
      } else {
        const origin = from.renderedPosition();
        const neighbours = from
          .neighborhood()
          .nodes()
          .not('.group')
          .map((node: NodeSingular) => ({ id: node.id(), ...node.renderedPosition() }));
        next = neighbourInDirection(origin, neighbours, direction);
      }
      if (next === null) return;
      const node = cy.getElementById(next);
      cy.batch(() => {
        if (!event.shiftKey) cy.elements(':selected').unselect();
        node.select();
      });
      bringIntoView(cy, container, node);
      return;
    }
    if ((event.key === '+' || event.key === '=' || event.key === '-') && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      cy.zoom({
        level: cy.zoom() * (event.key === '-' ? 1 / 1.25 : 1.25),
        renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 },
      });
      return;
    }
    if (event.key === 'Enter' && selected.nonempty()) {
      event.preventDefault();
      callbacks.current.onOpen();
      return;
    }
    if (event.key === 'Escape' && !callbacks.current.linking) {
      cy.elements(':selected').unselect();
      callbacks.current.onEscape();
      return;
    }
    if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      event.preventDefault();
      const edge = cy.edges(':selected').first();
      const node = selected.first();
      const target = node.nonempty() ? node : edge.nonempty() ? edge : null;
      const rect = container.getBoundingClientRect();
      if (target === null) {
        callbacks.current.onContextMenu({
          kind: 'background',
          id: null,
          x: rect.left + container.clientWidth / 2,
          y: rect.top + container.clientHeight / 2,
        });
        return;
      }
      const at = renderedPoint(target);
      // Beside the element, not over it.
      callbacks.current.onContextMenu({
        kind: target.isNode() ? 'node' : 'edge',
        id: target.id(),
        x: rect.left + at.x + 14,
        y: rect.top + at.y + 14,
      });
    }
  };

  useImperativeHandle(
    ref,
    () => ({
      fit: (ids) => {
        const cy = cyRef.current;
        if (!cy) return;
        refreshHandle.current();
        if (!ids || ids.length === 0) {
          cy.fit(undefined, 40);
          return;
        }
        const some = cy.collection();
        for (const id of ids) some.merge(cy.getElementById(id));
        cy.fit(some, 60);
        if (cy.zoom() > 1.6) {
          cy.zoom(1.6);
          cy.center(some);
        }
      },
      centre: (id) => {
        const cy = cyRef.current;
        const container = host.current;
        const node = cy?.getElementById(id);
        if (!cy || !container || !node || node.empty()) return;
        cy.resize();
        if (cy.zoom() < 0.5) cy.zoom(1);
        bringIntoView(cy, container, node);
        container.dataset.centred = id;
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
      svg: () => {
        const cy = cyRef.current;
        if (!cy) throw new Error('The canvas is not ready.');
        return cy.svg({ full: true, scale: 1, bg: themeColours().bg });
      },
      positions: () => (cyRef.current ? positionsOf(cyRef.current) : {}),
      setPositions: (positions) => {
        const cy = cyRef.current;
        if (!cy) return;
        cy.batch(() => {
          for (const [id, at] of Object.entries(positions)) {
            const node = cy.getElementById(id);
            if (node.nonempty() && !node.hasClass('group')) node.position({ x: at.x, y: at.y });
          }
        });
      },
      viewport: () => {
        const cy = cyRef.current;
        return cy ? { zoom: cy.zoom(), pan: { ...cy.pan() } } : { zoom: 1, pan: { x: 0, y: 0 } };
      },
      zoomBy: (factor) => {
        const cy = cyRef.current;
        const container = host.current;
        if (!cy || !container) return;
        cy.zoom({
          level: cy.zoom() * factor,
          renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 },
        });
      },
      panBy: (dx, dy) => {
        cyRef.current?.panBy({ x: dx, y: dy });
      },
      clientPoint: (id) => {
        const cy = cyRef.current;
        const container = host.current;
        if (!cy || !container) return { x: 0, y: 0 };
        const rect = container.getBoundingClientRect();
        const element = id === null ? cy.collection() : cy.getElementById(id);
        if (element.empty()) return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
        const at = renderedPoint(element);
        return { x: rect.left + at.x, y: rect.top + at.y };
      },
      focus: () => host.current?.focus(),
    }),
    [],
  );

  return (
    <>
      {/* The canvas takes focus so its keys (arrows, Enter, Menu, L, F, /) reach it: an application region. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions */}
      <div
        ref={host}
        className="graph-canvas"
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- an application region, operated by keyboard
        tabIndex={0}
        role="application"
        aria-label="Graph canvas. Arrow keys move to a neighbour, Enter opens, Menu or Shift+F10 for actions, L links, / searches, F fits, + and − zoom."
        aria-roledescription="graph"
        data-layout="running"
        onKeyDown={onKeyDown}
        onPointerLeave={(event) => {
          // Onto the handle is not away from the node it belongs to.
          const into = event.relatedTarget;
          if (into instanceof Element && into.closest('.graph-handle')) return;
          if (!dragging.current) {
            hovered.current = null;
            refreshHandle.current();
          }
        }}
      />
      {handle && (
        <button
          type="button"
          className="graph-handle"
          style={{ left: `${String(Math.round(handle.x))}px`, top: `${String(Math.round(handle.y))}px` }}
          aria-label={`Drag to link from ${handle.label}`}
          title="Drag to another entity to link them"
          data-node={handle.id}
          tabIndex={-1}
          onPointerDown={onHandleDown}
          onPointerMove={onHandleMove}
          onPointerUp={onHandleUp}
          onPointerCancel={onHandleUp}
        >
          <Link2 size={11} aria-hidden="true" />
        </button>
      )}
      {progress && (
        <div className="graph-progress" role="status" aria-label="Layout progress">
          <div className="graph-progress-text">
            <strong>Laying out {progress.nodes.toLocaleString('en')} entities</strong>
            <span className="muted small tabular">
              {PHASE_LABELS[progress.phase]} · {(elapsed / 1000).toFixed(1)} s · off the UI thread
            </span>
          </div>
          <div className="graph-progress-bar" aria-hidden="true">
            <span />
          </div>
        </div>
      )}
    </>
  );
}

/** Where a node (its centre) or an edge (its midpoint) is drawn, in canvas pixels. */
function renderedPoint(element: CollectionReturnValue | EdgeSingular | NodeSingular): GraphPoint {
  const first = element.first();
  return first.isNode() ? first.renderedPosition() : first.renderedMidpoint();
}

/** Pan just enough to bring a node into the middle 70% of the canvas (no pan when it is there). */
function bringIntoView(cy: Core, container: HTMLElement, node: CollectionReturnValue): void {
  const at = node.renderedPosition();
  const width = container.clientWidth;
  const height = container.clientHeight;
  const marginX = width * 0.15;
  const marginY = height * 0.15;
  if (at.x >= marginX && at.x <= width - marginX && at.y >= marginY && at.y <= height - marginY) return;
  cy.center(node);
}
