import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import {
  Bookmark,
  ChevronDown,
  Download,
  EyeOff,
  FolderInput,
  Group,
  Link2,
  Maximize,
  Merge,
  Network,
  Plus,
  Redo2,
  Route,
  Search,
  Trash2,
  Undo2,
  X,
} from 'lucide-react';
import { confidenceWord, type CaseGraph, type EntityType, type GraphEntity } from '../../../../shared/graph.js';
import {
  GRAPH_VIEW_LIMITS,
  type GraphGroup,
  type GraphPoint,
  type GraphViewState,
  type GraphViewSummary,
  type SavedGraphView,
} from '../../../../shared/graph-view.js';
import type { Result } from '../../../../shared/result.js';
import { useClient } from '../../api/context.js';
import { ErrorMessage } from '../../components/Feedback.js';
import { TimeWindowChip } from '../timeline/TimeWindowChip.js';
import { useWindowExhibits } from '../timeline/useTimeWindow.js';
import { graphWindowDetail, windowGraph } from '../timeline/window.js';
import { formatUtc } from '../../format.js';
import { Popover, Toast, type ToastMessage } from '../indicators/parts.js';
import { LARGE_GRAPH, webglAvailable } from './cy.js';
import {
  GraphCanvas,
  type CanvasSelection,
  type ContextTarget,
  type GraphCanvasHandle,
  type SavedPlacement,
} from './GraphCanvas.js';
import { EntityDetail, RelationshipDetail } from './GraphDetail.js';
import {
  DeleteViewDialog,
  EntityDialog,
  LinkDialog,
  MergeDialog,
  NameDialog,
  type NewRelationship,
} from './GraphDialogs.js';
import { GraphMenu, type MenuItem } from './GraphMenu.js';
import {
  activeGraphFilterCount,
  adjacency,
  allRelationships,
  buildElements,
  DEFAULT_GRAPH_FILTERS,
  entitiesForLinked,
  entityLabel,
  exportFileName,
  groupEntities,
  KIND_LABELS,
  kindCounts,
  LAYOUTS,
  linkedFromEntities,
  mergeProblem,
  neighbourhood,
  presentTypes,
  pushEdit,
  RELATIONSHIP_KINDS,
  searchEntities,
  shortestPath,
  takeRedo,
  takeUndo,
  TYPE_STYLES,
  typeCounts,
  visibleGraph,
  type GraphEdit,
  type GraphFilters,
  type GraphPath,
  type LayoutName,
  type LinkedSelection,
  type RelationshipKind,
  type UndoStacks,
} from './model.js';

/** At most this often the graph reloads while an import reports file after file. */
const REFRESH_MS = 500;
const EMPTY_SELECTION: CanvasSelection = { nodes: [], edge: null };
const NO_EDITS: UndoStacks<GraphEdit> = { done: [], undone: [] };
const HOPS = [1, 2, 3, 4] as const;

interface GraphViewProps {
  readonly caseTitle: string;
  /** Start an evidence import (the empty state's action). */
  readonly onImport: () => void;
  /** A time window brushed on the Timeline: only what exhibits dated inside it support is shown. */
  readonly timeWindow?: { readonly start: number; readonly end: number } | null;
  /** Clear the Timeline's time window (the Workspace holds it). */
  readonly onClearTimeWindow?: () => void;
  /** What the Evidence or Indicators view selected (highlighted here), or what this view selected. */
  readonly linked?: LinkedSelection | null;
  /** This view's selection, for the other views; null when it no longer stands for anything. */
  readonly onLinkedChange?: (linked: LinkedSelection | null) => void;
  /** Open an exhibit in the Evidence view. */
  readonly onShowExhibit?: (number: number) => void;
  /** Open an indicator in the Indicators view. */
  readonly onShowIndicator?: (id: number) => void;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

function isEditable(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const isMac = typeof navigator !== 'undefined' && /Macintosh|Mac OS X/.test(navigator.userAgent);
const MOD = isMac ? '⌘' : 'Ctrl+';

type DialogKind = 'entity' | 'merge' | 'group' | 'save-view' | 'delete-view' | null;

/**
 * The case's link analysis on a Cytoscape canvas: entities coloured and shaped by type, sized by
 * degree; derived, asserted and suggested relationships styled apart; filters, search, layouts;
 * linking (keyboard, click or drag), merging, accepting suggestions; neighbourhoods, shortest paths,
 * groups, hiding; a context menu; undo and redo; named saved views; PNG and SVG export; and a
 * selection shared with the Evidence and Indicators views.
 */
export function GraphView({
  caseTitle,
  onImport,
  timeWindow = null,
  onClearTimeWindow,
  linked = null,
  onLinkedChange,
  onShowExhibit,
  onShowIndicator,
}: GraphViewProps) {
  const client = useClient();
  const [graph, setGraph] = useState<CaseGraph | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const [filterState, setFilters] = useState<GraphFilters>(DEFAULT_GRAPH_FILTERS);
  const [hidden, setHidden] = useState<readonly string[]>([]);
  const [groups, setGroups] = useState<readonly GraphGroup[]>([]);
  const [layout, setLayout] = useState<LayoutName>('fcose');
  const [layoutRun, setLayoutRun] = useState(0);
  const [saved, setSaved] = useState<SavedPlacement | null>(null);
  const [views, setViews] = useState<readonly GraphViewSummary[]>([]);
  const [openView, setOpenView] = useState<SavedGraphView | null>(null);
  const [viewsRevision, setViewsRevision] = useState(0);
  const [search, setSearch] = useState('');
  const [selection, setSelection] = useState<CanvasSelection>(EMPTY_SELECTION);
  const [linking, setLinking] = useState<string | null>(null);
  const [linkEnds, setLinkEnds] = useState<{ source: string; target: string } | null>(null);
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [typesOpen, setTypesOpen] = useState(false);
  const [viewsOpen, setViewsOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const [hops, setHops] = useState<number>(1);
  const [path, setPath] = useState<GraphPath | null>(null);
  const [menu, setMenu] = useState<ContextTarget | null>(null);
  const [edits, setEdits] = useState<UndoStacks<GraphEdit>>(NO_EDITS);
  const [undoing, setUndoing] = useState(false);
  const toastIds = useRef(0);
  const canvas = useRef<GraphCanvasHandle>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const canvasHost = useRef<HTMLDivElement>(null);
  const detailRef = useRef<HTMLElement>(null);
  // graphChanged events this view's own writes will cause: skipped (the view reloads itself).
  const echoes = useRef(0);
  // After a reload: what to select once the canvas has the new elements.
  const pending = useRef<{ nodes?: readonly string[]; edge?: string } | null>(null);
  const setPending = (next: { nodes?: readonly string[]; edge?: string }) => {
    pending.current = next;
  };

  const filters = useMemo(
    () => ({ ...filterState, timeWindow: timeWindow ?? filterState.timeWindow }),
    [filterState, timeWindow],
  );

  useEffect(() => {
    let current = true;
    void client.getGraph({}).then((result) => {
      if (!current) return;
      if (result.ok) {
        setGraph(result.value);
        setError(null);
      } else setError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [client, revision]);

  useEffect(() => {
    let current = true;
    void client.listGraphViews({}).then((result) => {
      if (current && result.ok) setViews(result.value);
    });
    return () => {
      current = false;
    };
  }, [client, viewsRevision]);

  // Evidence, indicators and other windows' graph edits change what is shown: reload at most every
  // REFRESH_MS. This view's own writes reload at once and skip their echo.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const reload = () => {
      if (timer !== undefined) return;
      timer = setTimeout(
        () => {
          timer = undefined;
          last = Date.now();
          setRevision((count) => count + 1);
        },
        Math.max(0, last + REFRESH_MS - Date.now()),
      );
    };
    const offEvidence = client.on('evidenceChanged', reload);
    const offIndicators = client.on('indicatorsChanged', reload);
    const offGraph = client.on('graphChanged', ({ what }) => {
      if (echoes.current > 0) {
        echoes.current -= 1;
        return;
      }
      if (what === 'views') setViewsRevision((count) => count + 1);
      else reload();
    });
    return () => {
      offEvidence();
      offIndicators();
      offGraph();
      clearTimeout(timer);
    };
  }, [client]);

  const hiddenSet = useMemo(() => new Set(hidden), [hidden]);
  // The Timeline's window keeps what exhibits dated inside it support (timeline/window.ts), in place
  // of the filter by when a link was asserted.
  const windowExhibits = useWindowExhibits(timeWindow);
  const windowed = useMemo(
    () => (graph && windowExhibits ? windowGraph(graph, windowExhibits.inside) : graph),
    [graph, windowExhibits],
  );
  const shownFilters = useMemo(() => (timeWindow ? { ...filters, timeWindow: null } : filters), [filters, timeWindow]);
  const visible = useMemo(
    () => (windowed ? visibleGraph(windowed, shownFilters, hiddenSet) : null),
    [windowed, shownFilters, hiddenSet],
  );
  const elements = useMemo(
    () => buildElements(visible ?? { entities: [], relationships: [], degree: new Map() }, groups),
    [visible, groups],
  );
  const entities = useMemo(() => new Map((graph?.entities ?? []).map((entity) => [entity.id, entity])), [graph]);
  const names = useMemo(
    () => new Map([...entities.values()].map((entity) => [entity.id, entityLabel(entity)])),
    [entities],
  );
  const relationships = useMemo(
    () => new Map((graph ? allRelationships(graph) : []).map((rel) => [rel.id, rel])),
    [graph],
  );
  const shownAdjacency = useMemo(() => adjacency(visible?.relationships ?? []), [visible]);
  const exhibits = useMemo(() => (graph?.entities ?? []).filter((entity) => entity.type === 'exhibit'), [graph]);
  const matches = useMemo(() => searchEntities(visible?.entities ?? [], search).slice(0, 50), [visible, search]);
  const matchIds = useMemo(() => matches.map((entity) => entity.id), [matches]);
  // Decided once per size class: the WebGL renderer for large graphs where the browser has WebGL 2.
  const large = (graph?.entities.length ?? 0) > LARGE_GRAPH;
  const webgl = useMemo(() => large && webglAvailable(), [large]);

  // Another view's selection, lit up here.
  const linkedIds = useMemo(() => {
    if (!graph || !linked || linked.from === 'graph') return [];
    return [...entitiesForLinked(graph, linked)];
  }, [graph, linked]);

  // Select what a write asked for once the canvas holds it.
  useEffect(() => {
    const next = pending.current;
    if (!next) return;
    pending.current = null;
    if (next.edge !== undefined) canvas.current?.selectEdge(next.edge);
    if (next.nodes) {
      canvas.current?.select(next.nodes);
      const [first] = next.nodes;
      if (first !== undefined) canvas.current?.centre(first);
    }
  }, [elements]);

  // Typing in the search box brings the best match into view.
  const [firstMatch] = matchIds;
  useEffect(() => {
    if (firstMatch !== undefined) canvas.current?.centre(firstMatch);
  }, [firstMatch]);

  const selectedEntities = useMemo(
    () => selection.nodes.map((id) => entities.get(id)).filter((entity): entity is GraphEntity => entity !== undefined),
    [selection, entities],
  );
  const [onlyEntity] = selectedEntities;
  const selectedRel = selection.edge !== null ? relationships.get(selection.edge) : undefined;
  const mergeBlocked = mergeProblem(selectedEntities);

  // Tell the other views what this selection stands for.
  const linkedChange = useRef(onLinkedChange);
  useEffect(() => {
    linkedChange.current = onLinkedChange;
  });
  const linkedFrom = linked?.from;
  useEffect(() => {
    if (selectedEntities.length > 0) linkedChange.current?.(linkedFromEntities(selectedEntities));
    else if (linkedFrom === 'graph') linkedChange.current?.(null);
    // Only a change of this view's selection speaks; a change coming in is not answered.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedEntities]);

  const say = (text: string, action?: ToastMessage['action']) => {
    toastIds.current += 1;
    setToast({ text, id: toastIds.current, ...(action ? { action } : {}) });
  };
  const reload = () => setRevision((count) => count + 1);
  const focusCanvas = () => canvas.current?.focus();

  /** Call the API for a graph write: busy while it runs, its echo skipped, failures shown. */
  const call = async <T,>(api: () => Promise<Result<T>>, showError: (message: string) => void): Promise<Result<T>> => {
    setBusy(true);
    echoes.current += 1;
    const result = await api();
    setBusy(false);
    if (!result.ok) {
      echoes.current = Math.max(0, echoes.current - 1);
      showError(result.error.message);
      return result;
    }
    setError(null);
    return result;
  };
  /** A graph write that answers with something (an entity, a relationship, a view): it, or null on failure. */
  const write = async <T,>(api: () => Promise<Result<T>>, showError = setError): Promise<T | null> => {
    const result = await call(api, showError);
    return result.ok ? result.value : null;
  };
  /** A graph write whose answer is not needed (often null): whether it was done. */
  const act = async <T,>(api: () => Promise<Result<T>>, showError = setError): Promise<boolean> =>
    (await call(api, showError)).ok;

  const record = (edit: GraphEdit) => setEdits((stacks) => pushEdit(stacks, edit));

  const undo = async () => {
    const taken = takeUndo(edits);
    if (!taken || undoing) return;
    setUndoing(true);
    const done = await taken.edit.undo();
    setUndoing(false);
    // An edit that could not be undone (changed elsewhere since) leaves the history.
    setEdits(done ? taken.stacks : { done: taken.stacks.done, undone: taken.stacks.undone.slice(0, -1) });
    if (done) say(`Undone: ${taken.edit.label}`);
  };
  const redo = async () => {
    const taken = takeRedo(edits);
    if (!taken || undoing) return;
    setUndoing(true);
    const done = await taken.edit.redo();
    setUndoing(false);
    setEdits(done ? taken.stacks : { done: taken.stacks.done.slice(0, -1), undone: taken.stacks.undone });
    if (done) say(`Redone: ${taken.edit.label}`);
  };

  // ---- Linking ----

  const startLink = () => {
    if (!onlyEntity || selectedEntities.length !== 1) {
      say('Select one entity to link from, then press L (or drag from its link handle).');
      return;
    }
    setLinking(onlyEntity.id);
    focusCanvas();
  };
  const stopLink = () => {
    setLinking(null);
    setLinkEnds(null);
  };

  const createRelationship = async (relationship: NewRelationship) => {
    if (!linkEnds) return;
    const input = {
      type: relationship.type,
      source: linkEnds.source,
      target: linkEnds.target,
      confidence: relationship.confidence,
      citedExhibits: relationship.citedExhibits,
      ...(relationship.note !== '' ? { note: relationship.note } : {}),
    };
    const created = await write(() => client.createRelationship(input), setDialogError);
    if (!created) return;
    setDialogError(null);
    stopLink();
    const sentence = `${names.get(created.source) ?? ''} ${created.type} ${names.get(created.target) ?? ''}`;
    say(`Linked: ${sentence}`);
    let id = created.id;
    record({
      label: `link ${sentence}`,
      undo: async () => (await act(() => client.updateRelationship({ id, retract: true }))) && reloaded(),
      redo: async () => {
        const again = await write(() => client.createRelationship(input));
        if (!again) return false;
        id = again.id;
        setPending({ edge: id });
        return reloaded();
      },
    });
    setPending({ edge: created.id });
    reload();
  };
  const reloaded = () => {
    reload();
    return true;
  };

  const createEntity = async (input: { type: GraphEntity['type']; name: string; description: string }) => {
    const created = await write(
      () =>
        client.createEntity({
          type: input.type,
          name: input.name,
          ...(input.description !== '' ? { description: input.description } : {}),
        }),
      setDialogError,
    );
    if (!created) return;
    setDialogError(null);
    setDialog(null);
    say(`Created ${TYPE_STYLES[created.type].label.toLowerCase()} ${created.name}`);
    // A hidden type would hide the new entity: show it.
    setFilters((previous) => ({
      ...previous,
      hiddenTypes: previous.hiddenTypes.filter((type) => type !== created.type),
    }));
    setPending({ nodes: [created.id] });
    reload();
  };

  // ---- Merging ----

  const merge = async (target: string, source: string) => {
    const members = selectedEntities.map((entity) => entity.id).filter((id) => id !== target);
    const input = { target, members, ...(source !== '' ? { source } : {}) };
    const result = await write(() => client.mergeEntities(input), setDialogError);
    if (!result) return;
    setDialogError(null);
    setDialog(null);
    let mergeId = result.mergeId;
    const label = `merge into ${result.entity.name}`;
    record({
      label,
      undo: async () => {
        if (!(await act(() => client.undoMerge({ mergeId })))) return false;
        setPending({ nodes: [target, ...members] });
        return reloaded();
      },
      redo: async () => {
        const again = await write(() => client.mergeEntities(input));
        if (!again) return false;
        mergeId = again.mergeId;
        setPending({ nodes: [target] });
        return reloaded();
      },
    });
    say(`Merged into ${result.entity.name}: ${plural(members.length, 'alias', 'aliases')}`, {
      label: 'Undo',
      run: () => void undo(),
    });
    setPending({ nodes: [target] });
    reload();
  };

  /** Undo a merge from the entity's detail (any merge, not only this session's). */
  const undoMerge = async (mergeId: number) => {
    const merged = [...entities.values()].find((entity) => entity.aliases.some((alias) => alias.mergeId === mergeId));
    const members = merged?.aliases.filter((alias) => alias.mergeId === mergeId).map((alias) => alias.id) ?? [];
    if (!(await act(() => client.undoMerge({ mergeId })))) return;
    say('Merge undone');
    setPending({ nodes: merged ? [merged.id, ...members] : selection.nodes });
    reload();
  };

  const split = async (mergeId: number, member: string) => {
    if (!(await act(() => client.splitEntity({ mergeId, member })))) return;
    say('Alias split out');
    setPending({ nodes: [member] });
    reload();
  };

  const decide = async (accept: boolean) => {
    if (!selectedRel) return;
    const id = selectedRel.id;
    if (accept) {
      const result = await write(() => client.acceptSuggestion({ id }));
      if (!result) return;
      say('Suggestion accepted');
      setPending({ edge: result.id });
    } else {
      if (!(await act(() => client.rejectSuggestion({ id })))) return;
      say('Suggestion rejected; it will not be suggested again');
    }
    reload();
  };

  const retract = async () => {
    if (!selectedRel) return;
    const id = selectedRel.id;
    if (!(await act(() => client.updateRelationship({ id, retract: true })))) return;
    say('Relationship retracted');
    reload();
  };

  // ---- Canvas edits: hide, group, neighbourhood, path ----

  const hide = (ids: readonly string[]) => {
    if (ids.length === 0) return;
    const before = hidden;
    const after = [...new Set([...hidden, ...ids])];
    setHidden(after);
    setPath(null);
    record({
      label: `hide ${plural(ids.length, 'entity', 'entities')}`,
      undo: () => {
        setHidden(before);
        return true;
      },
      redo: () => {
        setHidden(after);
        return true;
      },
    });
    say(`Hidden: ${plural(ids.length, 'entity', 'entities')}`, { label: 'Undo', run: () => void undo() });
  };

  const showAll = () => {
    const before = hidden;
    setHidden([]);
    record({
      label: 'show hidden entities',
      undo: () => {
        setHidden(before);
        return true;
      },
      redo: () => {
        setHidden([]);
        return true;
      },
    });
  };

  const changeGroups = (after: readonly GraphGroup[], label: string) => {
    const before = groups;
    setGroups(after);
    record({
      label,
      undo: () => {
        setGroups(before);
        return true;
      },
      redo: () => {
        setGroups(after);
        return true;
      },
    });
  };

  const groupSelection = (name: string) => {
    const members = selection.nodes;
    changeGroups(groupEntities(groups, name, members), `group ${name}`);
    setDialog(null);
    say(`Grouped ${plural(members.length, 'entity', 'entities')} as ${name}`);
  };

  const ungroup = (ids: readonly string[]) => {
    const affected = groups.filter(
      (group) => ids.includes(group.id) || group.members.some((member) => ids.includes(member)),
    );
    if (affected.length === 0) return;
    changeGroups(
      groups.filter((group) => !affected.includes(group)),
      `ungroup ${affected.map((group) => group.name).join(', ')}`,
    );
    say(`Ungrouped ${affected.map((group) => group.name).join(', ')}`);
  };

  /** Select the k-hop neighbourhood of the selection, showing any hidden entity in it. */
  const expand = (k = hops) => {
    if (!windowed || selection.nodes.length === 0) return;
    // Walk every relationship the filters keep, hidden entities included, so expanding can bring them back.
    const everything = visibleGraph(windowed, shownFilters);
    const around = neighbourhood(adjacency(everything.relationships), selection.nodes, k);
    const revealed = hidden.filter((id) => around.has(id));
    if (revealed.length > 0) {
      const before = hidden;
      const after = hidden.filter((id) => !around.has(id));
      setHidden(after);
      record({
        label: `expand ${plural(k, 'hop')}`,
        undo: () => {
          setHidden(before);
          return true;
        },
        redo: () => {
          setHidden(after);
          return true;
        },
      });
    }
    setPending({ nodes: [...around] });
    say(
      `${plural(around.size, 'entity', 'entities')} within ${plural(k, 'hop')}${
        revealed.length > 0 ? ` (${revealed.length.toLocaleString('en')} shown again)` : ''
      }`,
    );
    // The pending selection is applied when the elements change; without a change, at once.
    if (revealed.length === 0) {
      pending.current = null;
      canvas.current?.select([...around]);
      canvas.current?.fit([...around]);
    }
  };

  /** Keep only the k-hop neighbourhood of the selection on the canvas. */
  const isolate = () => {
    if (!visible || selection.nodes.length === 0) return;
    const around = neighbourhood(shownAdjacency, selection.nodes, hops);
    hide(visible.entities.map((entity) => entity.id).filter((id) => !around.has(id)));
  };

  const findPath = () => {
    const [from, to] = selection.nodes;
    if (from === undefined || to === undefined || selection.nodes.length !== 2) {
      say('Select exactly two entities (Shift+click) to find the shortest path between them.');
      return;
    }
    const found = shortestPath(shownAdjacency, from, to);
    const ends = `${names.get(from) ?? from} and ${names.get(to) ?? to}`;
    if (!found) {
      setPath(null);
      say(`No path between ${ends} among the relationships shown.`);
      return;
    }
    setPath(found);
    canvas.current?.fit(found.nodes);
    say(`Shortest path between ${ends}: ${plural(found.edges.length, 'step')}`);
  };

  // ---- Saved views ----

  const currentState = (): GraphViewState => {
    const viewport = canvas.current?.viewport() ?? { zoom: 1, pan: { x: 0, y: 0 } };
    return {
      layout: layout === 'saved' ? 'saved' : layout,
      positions: canvas.current?.positions() ?? {},
      filters,
      hiddenEntities: hidden,
      zoom: viewport.zoom,
      pan: viewport.pan,
      groups,
    };
  };

  const applyView = (view: SavedGraphView) => {
    const state = view.state;
    setFilters({ ...state.filters, timeWindow: timeWindow ? filterState.timeWindow : state.filters.timeWindow });
    setHidden(state.hiddenEntities);
    setGroups(state.groups);
    setPath(null);
    setSaved((previous) => ({
      positions: state.positions,
      zoom: state.zoom,
      pan: state.pan,
      run: (previous?.run ?? 0) + 1,
    }));
    setLayout('saved');
    setOpenView(view);
  };

  const openSavedView = async (id: string) => {
    setViewsOpen(false);
    const result = await client.getGraphView({ id });
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    applyView(result.value);
    say(`Opened view ${result.value.name}`);
  };

  const saveView = async (name: string, over: SavedGraphView | null) => {
    const state = currentState();
    const view = await write(
      () => client.saveGraphView({ ...(over ? { id: over.id } : {}), name, state }),
      over ? setError : setDialogError,
    );
    if (!view) return;
    setDialog(null);
    setDialogError(null);
    setOpenView(view);
    setSaved((previous) => ({
      positions: view.state.positions,
      zoom: view.state.zoom,
      pan: view.state.pan,
      // The same run: the canvas keeps its viewport.
      run: previous?.run ?? 0,
    }));
    setViewsRevision((count) => count + 1);
    say(`Saved view ${view.name}`);
  };

  const deleteView = async (view: GraphViewSummary) => {
    if (!(await act(() => client.deleteGraphView({ id: view.id }), setDialogError))) return;
    setDialog(null);
    if (openView?.id === view.id) setOpenView(null);
    setViewsRevision((count) => count + 1);
    say(`Deleted view ${view.name}`);
  };
  const [toDelete, setToDelete] = useState<GraphViewSummary | null>(null);

  // ---- Export ----

  const exportPng = async () => {
    try {
      const blob = (await canvas.current?.png()) ?? null;
      if (!blob) return;
      const name = exportFileName(caseTitle, new Date(), 'png');
      download(blob, name);
      say(`Exported ${name}`);
    } catch (problem) {
      setError(`The picture could not be made: ${problem instanceof Error ? problem.message : String(problem)}`);
    }
  };
  const exportSvg = () => {
    try {
      const text = canvas.current?.svg();
      if (!text) return;
      const name = exportFileName(caseTitle, new Date(), 'svg');
      download(new Blob([text], { type: 'image/svg+xml' }), name);
      say(`Exported ${name}`);
    } catch (problem) {
      setError(`The drawing could not be made: ${problem instanceof Error ? problem.message : String(problem)}`);
    }
  };

  // ---- Keys ----

  // View-wide keys: "/" search, L link, F fit, Escape leaves link mode or a path, Ctrl+Z / Ctrl+Shift+Z.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (document.querySelector('[role="dialog"][aria-modal="true"], [role="menu"]')) return;
      const mod = isMac ? event.metaKey : event.ctrlKey;
      if (mod && !event.altKey && (event.key === 'z' || event.key === 'Z' || event.key === 'y')) {
        if (isEditable(event.target)) return;
        event.preventDefault();
        if (event.key === 'y' || event.shiftKey) void redo();
        else void undo();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'Escape' && linking !== null) {
        event.preventDefault();
        stopLink();
        return;
      }
      if (isEditable(event.target)) return;
      if (event.key === '/') {
        event.preventDefault();
        searchInput.current?.focus();
        searchInput.current?.select();
      } else if (event.key === 'l' || event.key === 'L') {
        event.preventDefault();
        startLink();
      } else if (event.key === 'f' || event.key === 'F') {
        event.preventDefault();
        canvas.current?.fit();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  const onSearchKey = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape' && search !== '') {
      event.preventDefault();
      event.stopPropagation();
      setSearch('');
      return;
    }
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const [best] = matches;
    if (!best) return;
    if (linking !== null) {
      if (best.id !== linking) setLinkEnds({ source: linking, target: best.id });
      return;
    }
    canvas.current?.select([best.id], event.shiftKey);
    canvas.current?.centre(best.id);
    focusCanvas();
  };

  const openDialog = (kind: DialogKind) => {
    setDialogError(null);
    setDialog(kind);
  };

  // ---- Context menu ----

  const menuItems = (target: ContextTarget): MenuItem[] => {
    const some = selection.nodes.length > 0;
    const undoItems: MenuItem[] = [
      {
        id: 'undo',
        label: edits.done.length > 0 ? `Undo ${edits.done.at(-1)?.label ?? ''}` : 'Undo',
        shortcut: `${MOD}Z`,
        disabled: edits.done.length === 0,
        separated: true,
        run: () => void undo(),
      },
      {
        id: 'redo',
        label: edits.undone.length > 0 ? `Redo ${edits.undone.at(-1)?.label ?? ''}` : 'Redo',
        shortcut: `${MOD}Shift+Z`,
        disabled: edits.undone.length === 0,
        run: () => void redo(),
      },
    ];
    if (target.kind === 'node' && target.id?.startsWith('group:')) {
      const group = groups.find((item) => item.id === target.id);
      return [
        {
          id: 'select-members',
          label: 'Select members',
          run: () => canvas.current?.select(group?.members ?? []),
        },
        { id: 'ungroup', label: 'Ungroup', run: () => ungroup([target.id ?? '']) },
        ...undoItems,
      ];
    }
    if (target.kind === 'node') {
      const entity = target.id === null ? undefined : entities.get(target.id);
      const inGroup = groups.some((group) => group.members.some((member) => selection.nodes.includes(member)));
      const items: MenuItem[] = [
        { id: 'open', label: 'Open detail', shortcut: 'Enter', run: () => detailRef.current?.focus() },
        {
          id: 'link',
          label: 'Link from here…',
          shortcut: 'L',
          disabled: selection.nodes.length !== 1,
          reason: 'Select one entity',
          run: startLink,
        },
        {
          id: 'expand',
          label: `Expand ${plural(hops, 'hop')} around`,
          separated: true,
          disabled: !some,
          run: () => expand(),
        },
        {
          id: 'isolate',
          label: `Show only ${plural(hops, 'hop')} around`,
          disabled: !some,
          run: isolate,
        },
        {
          id: 'path',
          label: 'Shortest path between the two',
          disabled: selection.nodes.length !== 2,
          reason: 'Select exactly two entities',
          run: findPath,
        },
        {
          id: 'group',
          label: 'Group…',
          separated: true,
          disabled: !some,
          run: () => openDialog('group'),
        },
        { id: 'ungroup', label: 'Ungroup', disabled: !inGroup, run: () => ungroup(selection.nodes) },
        {
          id: 'merge',
          label: 'Merge…',
          disabled: mergeBlocked !== null,
          reason: mergeBlocked ?? '',
          run: () => openDialog('merge'),
        },
        {
          id: 'hide',
          label: selection.nodes.length > 1 ? `Hide ${plural(selection.nodes.length, 'entity', 'entities')}` : 'Hide',
          disabled: !some,
          run: () => hide(selection.nodes),
        },
      ];
      if (entity?.type === 'exhibit' && onShowExhibit) {
        const number = linkedFromEntities([entity]).exhibits[0];
        if (number !== undefined)
          items.push({
            id: 'evidence',
            label: `Show ${entity.exhibit ?? ''} in Evidence`,
            separated: true,
            run: () => onShowExhibit(number),
          });
      }
      if (entity?.indicatorId !== undefined && onShowIndicator) {
        const indicator = entity.indicatorId;
        items.push({
          id: 'indicators',
          label: 'Show in Indicators',
          separated: true,
          run: () => onShowIndicator(indicator),
        });
      }
      return [...items, ...undoItems];
    }
    if (target.kind === 'edge') {
      const rel = target.id === null ? undefined : relationships.get(target.id);
      const items: MenuItem[] = [
        { id: 'open', label: 'Open detail', shortcut: 'Enter', run: () => detailRef.current?.focus() },
        {
          id: 'ends',
          label: 'Select both ends',
          run: () => {
            if (rel) canvas.current?.select([rel.source, rel.target]);
          },
        },
      ];
      if (rel?.origin === 'suggested') {
        items.push(
          { id: 'accept', label: 'Accept suggestion', separated: true, run: () => void decide(true) },
          { id: 'reject', label: 'Reject suggestion', run: () => void decide(false) },
        );
      }
      if (rel?.origin === 'asserted') {
        items.push({ id: 'retract', label: 'Retract', separated: true, run: () => void retract() });
      }
      return [...items, ...undoItems];
    }
    return [
      { id: 'new', label: 'New entity…', run: () => openDialog('entity') },
      { id: 'fit', label: 'Fit to view', shortcut: 'F', run: () => canvas.current?.fit() },
      {
        id: 'relayout',
        label: 'Run the layout again',
        disabled: layout === 'saved',
        run: () => setLayoutRun((count) => count + 1),
      },
      {
        id: 'show',
        label: `Show hidden entities (${hidden.length.toLocaleString('en')})`,
        disabled: hidden.length === 0,
        run: showAll,
      },
      { id: 'save-view', label: 'Save view…', separated: true, run: () => openDialog('save-view') },
      { id: 'png', label: 'Export PNG', run: () => void exportPng() },
      { id: 'svg', label: 'Export SVG', run: exportSvg },
      ...undoItems,
    ];
  };

  const closeMenu = useCallback(() => setMenu(null), []);

  const counts = useMemo(() => (graph ? typeCounts(graph) : new Map<EntityType, number>()), [graph]);
  const kinds = useMemo(() => (graph ? kindCounts(graph) : new Map<RelationshipKind, number>()), [graph]);
  const types = useMemo(() => (graph ? presentTypes(graph) : []), [graph]);
  const filterCount = activeGraphFilterCount(filterState);
  const hiddenTypeCount = filterState.hiddenTypes.filter((type) => types.includes(type)).length;
  const linkSource = linking !== null ? entities.get(linking) : undefined;
  const linkSourceEntity = linkEnds ? entities.get(linkEnds.source) : undefined;
  const linkTargetEntity = linkEnds ? entities.get(linkEnds.target) : undefined;

  const header = (
    <header className="view-header">
      <h1 id="view-title">Graph</h1>
      <p className="view-sub tabular" aria-live="polite">
        {graph === null
          ? error === null
            ? 'Loading the graph…'
            : ''
          : `${plural(graph.entities.length, 'entity', 'entities')} · ${plural(allRelationships(graph).length, 'relationship')}${
              visible
                ? ` · ${visible.entities.length.toLocaleString('en')} and ${visible.relationships.length.toLocaleString('en')} shown`
                : ''
            }`}
      </p>
      <div className="view-actions">
        <button type="button" className="button" onClick={() => openDialog('entity')}>
          <Plus size={14} aria-hidden="true" />
          New entity…
        </button>
        <div className="popover-anchor">
          <button
            type="button"
            className={`button${openView ? ' is-active' : ''}`}
            aria-haspopup="dialog"
            aria-expanded={viewsOpen}
            disabled={!graph || graph.entities.length === 0}
            onClick={() => setViewsOpen(!viewsOpen)}
          >
            <Bookmark size={14} aria-hidden="true" />
            {openView ? <bdi className="graph-view-name">{openView.name}</bdi> : 'Views'}
            <ChevronDown size={12} aria-hidden="true" />
          </button>
          {viewsOpen && (
            <Popover label="Saved views" onClose={() => setViewsOpen(false)}>
              <div className="popover-head">
                <strong className="small">Saved views</strong>
                <span className="faint small">{views.length.toLocaleString('en')}</span>
              </div>
              {views.length === 0 ? (
                <p className="muted small graph-views-empty">
                  None yet. A saved view keeps the positions, layout, filters, hidden entities, groups and zoom.
                </p>
              ) : (
                <ul className="plain-list graph-views">
                  {views.map((view) => (
                    <li key={view.id} className={openView?.id === view.id ? 'is-open' : undefined}>
                      <button type="button" className="graph-view-open" onClick={() => void openSavedView(view.id)}>
                        <bdi>{view.name}</bdi>
                        <span className="faint small">
                          {view.createdBy} · {formatUtc(view.updatedAt)}
                        </span>
                      </button>
                      <button
                        type="button"
                        className="icon-button"
                        aria-label={`Delete view ${view.name}`}
                        title="Delete view"
                        onClick={() => {
                          setViewsOpen(false);
                          setToDelete(view);
                          openDialog('delete-view');
                        }}
                      >
                        <Trash2 size={14} aria-hidden="true" />
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              <div className="graph-views-actions">
                {openView && (
                  <button
                    type="button"
                    className="button button-small button-primary"
                    disabled={busy}
                    onClick={() => {
                      setViewsOpen(false);
                      void saveView(openView.name, openView);
                    }}
                  >
                    Save “{openView.name}”
                  </button>
                )}
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => {
                    setViewsOpen(false);
                    openDialog('save-view');
                  }}
                >
                  {openView ? 'Save as new view…' : 'Save view…'}
                </button>
              </div>
            </Popover>
          )}
        </div>
        <button
          type="button"
          className="button"
          disabled={!graph || graph.entities.length === 0}
          onClick={() => void exportPng()}
        >
          <Download size={14} aria-hidden="true" />
          Export PNG
        </button>
        <button type="button" className="button" disabled={!graph || graph.entities.length === 0} onClick={exportSvg}>
          <Download size={14} aria-hidden="true" />
          Export SVG
        </button>
      </div>
    </header>
  );

  const dialogs = (
    <>
      {dialog === 'entity' && (
        <EntityDialog
          busy={busy}
          error={dialogError}
          onSubmit={(input) => void createEntity(input)}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog === 'merge' && (
        <MergeDialog
          entities={selectedEntities}
          busy={busy}
          error={dialogError}
          onSubmit={(target, source) => void merge(target, source)}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog === 'group' && (
        <NameDialog
          title="Group entities"
          label="Group name"
          initial=""
          placeholder="e.g. Operator infrastructure"
          hint={`${plural(selection.nodes.length, 'entity', 'entities')} go in one box on the canvas (saved with a view).`}
          submitLabel="Group"
          busy={false}
          error={null}
          maxLength={GRAPH_VIEW_LIMITS.groupName}
          onSubmit={groupSelection}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog === 'save-view' && (
        <NameDialog
          title="Save view"
          label="View name"
          initial=""
          placeholder="e.g. Hosting chain for the briefing"
          hint="Positions, layout, filters, hidden entities, groups and zoom are kept in the case."
          submitLabel="Save view"
          busy={busy}
          error={dialogError}
          maxLength={GRAPH_VIEW_LIMITS.name}
          onSubmit={(name) => void saveView(name, null)}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog === 'delete-view' && toDelete && (
        <DeleteViewDialog
          name={toDelete.name}
          busy={busy}
          error={dialogError}
          onConfirm={() => void deleteView(toDelete)}
          onCancel={() => setDialog(null)}
        />
      )}
      {linkSourceEntity && linkTargetEntity && (
        <LinkDialog
          source={linkSourceEntity}
          target={linkTargetEntity}
          exhibits={exhibits}
          busy={busy}
          error={dialogError}
          onSubmit={(relationship) => void createRelationship(relationship)}
          onCancel={stopLink}
        />
      )}
      {menu && (
        <GraphMenu
          label={
            menu.kind === 'background'
              ? 'Canvas actions'
              : menu.kind === 'edge'
                ? 'Relationship actions'
                : menu.id?.startsWith('group:') === true
                  ? 'Group actions'
                  : 'Entity actions'
          }
          x={menu.x}
          y={menu.y}
          items={() => menuItems(menu)}
          onClose={closeMenu}
        />
      )}
      <Toast message={toast} onDone={() => setToast(null)} />
    </>
  );

  if (graph !== null && graph.entities.length === 0) {
    return (
      <section className="view view-graph" aria-labelledby="view-title">
        {header}
        <ErrorMessage message={error} />
        <div className="empty">
          <Network size={32} strokeWidth={1.5} aria-hidden="true" />
          <h2>No entities yet</h2>
          <div className="empty-text">
            <p>
              The graph shows how indicators, evidence and actors relate: this IP is hosted at that provider, this
              address impersonates that group, this alias is the same actor as that one. It fills in as evidence is
              imported; add actors and campaigns with New entity.
            </p>
          </div>
          <button type="button" className="button button-primary" onClick={onImport}>
            <FolderInput size={14} aria-hidden="true" />
            Import evidence…
          </button>
        </div>
        {dialogs}
      </section>
    );
  }

  const detail =
    selectedEntities.length > 1 ? (
      <aside className="detail graph-detail" aria-label="Selection" ref={detailRef} tabIndex={-1}>
        <header className="detail-header">
          <div className="detail-title">
            <span className="detail-label">Selection</span>
            <h2>{plural(selectedEntities.length, 'entity', 'entities')}</h2>
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label="Clear selection"
            title="Clear selection"
            onClick={() => canvas.current?.select([])}
          >
            <X size={16} aria-hidden="true" />
          </button>
        </header>
        <div className="detail-body">
          <ul className="plain-list graph-selection-list">
            {selectedEntities.slice(0, 200).map((entity) => (
              <li key={entity.id}>
                <span
                  className="graph-swatch"
                  style={{ backgroundColor: TYPE_STYLES[entity.type].color }}
                  aria-hidden="true"
                />
                <bdi>{entityLabel(entity)}</bdi>
                <span className="faint small">{TYPE_STYLES[entity.type].label}</span>
              </li>
            ))}
          </ul>
          {mergeBlocked && selectedEntities.length <= 20 && <p className="muted small">{mergeBlocked}</p>}
          <div className="graph-detail-actions">
            <button
              type="button"
              className="button button-small button-primary"
              disabled={mergeBlocked !== null || busy}
              onClick={() => openDialog('merge')}
            >
              <Merge size={12} aria-hidden="true" />
              Merge…
            </button>
            <button type="button" className="button button-small" onClick={() => openDialog('group')}>
              <Group size={12} aria-hidden="true" />
              Group…
            </button>
            <button
              type="button"
              className="button button-small"
              disabled={selectedEntities.length !== 2}
              title="The fewest relationships between the two"
              onClick={findPath}
            >
              <Route size={12} aria-hidden="true" />
              Shortest path
            </button>
            <button type="button" className="button button-small" onClick={() => hide(selection.nodes)}>
              <EyeOff size={12} aria-hidden="true" />
              Hide
            </button>
          </div>
        </div>
      </aside>
    ) : onlyEntity ? (
      <EntityDetail
        key={onlyEntity.id}
        ref={detailRef}
        entity={onlyEntity}
        relationships={(visible?.relationships ?? []).filter(
          (rel) => rel.source === onlyEntity.id || rel.target === onlyEntity.id,
        )}
        names={names}
        busy={busy}
        onUndoMerge={(mergeId) => void undoMerge(mergeId)}
        onSplit={(mergeId, member) => void split(mergeId, member)}
        onOpenRelationship={(id) => canvas.current?.selectEdge(id)}
        onClose={() => canvas.current?.select([])}
      />
    ) : selectedRel ? (
      <RelationshipDetail
        key={selectedRel.id}
        ref={detailRef}
        rel={selectedRel}
        names={names}
        busy={busy}
        onAccept={() => void decide(true)}
        onReject={() => void decide(false)}
        onRetract={() => void retract()}
        onOpenEntity={(id) => {
          canvas.current?.select([id]);
          canvas.current?.centre(id);
        }}
        onClose={() => canvas.current?.select([])}
      />
    ) : null;

  const linkedLabel =
    linked && linked.from !== 'graph'
      ? linked.from === 'evidence'
        ? `${linked.exhibits.map((n) => `E-${String(n).padStart(4, '0')}`).join(', ')} selected in Evidence`
        : `${plural(linked.indicators.length, 'indicator')} selected in Indicators`
      : null;

  return (
    <section className="view view-graph" aria-labelledby="view-title">
      {header}
      <ErrorMessage message={error} />
      <div className="graph-toolbar" role="toolbar" aria-label="Graph tools">
        <div className="search-field search-field-text graph-search">
          <Search size={14} aria-hidden="true" />
          <input
            ref={searchInput}
            type="search"
            aria-label="Search entities"
            aria-keyshortcuts="/"
            placeholder={linking !== null ? 'Find the target, Enter to link' : 'Find an entity'}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onKeyDown={onSearchKey}
          />
          <kbd className="search-key" aria-hidden="true">
            /
          </kbd>
        </div>
        {search.trim() !== '' && (
          <span className="faint small tabular" aria-live="polite">
            {matches.length === 0 ? 'No match' : `${plural(matches.length, 'match', 'matches')} · Enter selects`}
          </span>
        )}

        <div className="popover-anchor">
          <button
            type="button"
            className={`button filter-button${hiddenTypeCount > 0 ? ' is-active' : ''}`}
            aria-haspopup="dialog"
            aria-expanded={typesOpen}
            onClick={() => setTypesOpen(!typesOpen)}
          >
            {hiddenTypeCount === 0
              ? 'All types'
              : `${String(types.length - hiddenTypeCount)} of ${String(types.length)} types`}
            <ChevronDown size={12} aria-hidden="true" />
          </button>
          {typesOpen && (
            <Popover label="Entity types" onClose={() => setTypesOpen(false)}>
              <div className="popover-head">
                <strong className="small">Show entity types</strong>
                <button
                  type="button"
                  className="link-button small"
                  onClick={() => setFilters((previous) => ({ ...previous, hiddenTypes: [] }))}
                >
                  Show all
                </button>
              </div>
              <div className="check-list graph-type-list">
                {types.map((type) => (
                  <label key={type}>
                    <input
                      type="checkbox"
                      checked={!filterState.hiddenTypes.includes(type)}
                      onChange={(event) =>
                        setFilters((previous) => ({
                          ...previous,
                          hiddenTypes: event.target.checked
                            ? previous.hiddenTypes.filter((item) => item !== type)
                            : [...previous.hiddenTypes, type],
                        }))
                      }
                    />
                    <span className="graph-type">
                      <span
                        className="graph-swatch"
                        style={{ backgroundColor: TYPE_STYLES[type].color }}
                        aria-hidden="true"
                      />
                      {TYPE_STYLES[type].label}
                    </span>
                    <span className="faint small tabular">{(counts.get(type) ?? 0).toLocaleString('en')}</span>
                  </label>
                ))}
              </div>
            </Popover>
          )}
        </div>

        <div className="segmented" role="group" aria-label="Relationship kinds">
          {RELATIONSHIP_KINDS.map((kind) => (
            <button
              key={kind}
              type="button"
              className={`segment graph-segment-${kind}`}
              aria-pressed={!filterState.hiddenKinds.includes(kind)}
              onClick={() =>
                setFilters((previous) => ({
                  ...previous,
                  hiddenKinds: previous.hiddenKinds.includes(kind)
                    ? previous.hiddenKinds.filter((item) => item !== kind)
                    : [...previous.hiddenKinds, kind],
                }))
              }
            >
              <span className={`graph-line graph-line-${kind}`} aria-hidden="true" />
              {KIND_LABELS[kind]}
              <span className="segment-count">{(kinds.get(kind) ?? 0).toLocaleString('en')}</span>
            </button>
          ))}
        </div>

        <label className="graph-min-confidence">
          <span className="small muted">Min. confidence</span>
          <input
            type="range"
            min={0}
            max={100}
            step={5}
            value={filterState.minConfidence}
            aria-valuetext={`${String(filterState.minConfidence)}, ${confidenceWord(filterState.minConfidence)}`}
            onChange={(event) => setFilters((previous) => ({ ...previous, minConfidence: Number(event.target.value) }))}
          />
          <span className="small tabular graph-min-value">
            {filterState.minConfidence} <span className="faint">{confidenceWord(filterState.minConfidence)}</span>
          </span>
        </label>
        {filterCount > 0 && (
          <button type="button" className="link-button small" onClick={() => setFilters(DEFAULT_GRAPH_FILTERS)}>
            Reset filters
          </button>
        )}
        {hidden.length > 0 && (
          <button type="button" className="link-button small" onClick={showAll}>
            Show {plural(hidden.length, 'hidden entity', 'hidden entities')}
          </button>
        )}

        <span className="spacer" />

        <select
          className="graph-layout-select"
          aria-label="Layout"
          value={layout}
          onChange={(event) => {
            const next = event.target.value as LayoutName;
            if (next === 'saved' && openView) applyView(openView);
            else {
              setLayout(next);
              setLayoutRun((count) => count + 1);
            }
          }}
        >
          {LAYOUTS.map((item) => (
            <option key={item.id} value={item.id} disabled={item.id === 'saved' && !openView}>
              {item.id === 'saved' && openView ? `Saved positions (${openView.name})` : item.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="icon-button"
          aria-label="Fit to view"
          title="Fit to view (F)"
          aria-keyshortcuts="F"
          onClick={() => canvas.current?.fit()}
        >
          <Maximize size={15} aria-hidden="true" />
        </button>
      </div>

      <div className="graph-toolbar graph-selection-bar" role="toolbar" aria-label="Selection tools">
        <span className="small muted tabular graph-selection-count" aria-live="polite">
          {selection.nodes.length > 0
            ? `${plural(selection.nodes.length, 'entity', 'entities')} selected`
            : selectedRel
              ? '1 relationship selected'
              : 'Nothing selected'}
        </span>
        <button
          type="button"
          className="button button-small"
          aria-pressed={linking !== null}
          aria-keyshortcuts="L"
          title="Link the selected entity to another (L), or drag from its handle"
          disabled={selectedEntities.length !== 1 && linking === null}
          onClick={() => (linking !== null ? stopLink() : startLink())}
        >
          <Link2 size={12} aria-hidden="true" />
          Link
        </button>
        <span className="graph-hops">
          <button
            type="button"
            className="button button-small"
            disabled={selection.nodes.length === 0}
            title="Select every entity within this many relationships of the selection"
            onClick={() => expand()}
          >
            <Network size={12} aria-hidden="true" />
            Expand
          </button>
          <select
            className="graph-hops-select"
            aria-label="Hops"
            value={hops}
            onChange={(event) => setHops(Number(event.target.value))}
          >
            {HOPS.map((k) => (
              <option key={k} value={k}>
                {plural(k, 'hop')}
              </option>
            ))}
          </select>
        </span>
        <button
          type="button"
          className="button button-small"
          disabled={selection.nodes.length !== 2}
          title="Shortest path between the two selected entities"
          onClick={findPath}
        >
          <Route size={12} aria-hidden="true" />
          Path
        </button>
        {path && (
          <button type="button" className="link-button small" onClick={() => setPath(null)}>
            Clear path
          </button>
        )}
        <button
          type="button"
          className="button button-small"
          disabled={selection.nodes.length === 0}
          onClick={() => openDialog('group')}
        >
          <Group size={12} aria-hidden="true" />
          Group…
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={selection.nodes.length === 0}
          onClick={() => hide(selection.nodes)}
        >
          <EyeOff size={12} aria-hidden="true" />
          Hide
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="icon-button"
          aria-label="Undo"
          aria-keyshortcuts={isMac ? 'Meta+Z' : 'Control+Z'}
          title={edits.done.length > 0 ? `Undo ${edits.done.at(-1)?.label ?? ''} (${MOD}Z)` : 'Nothing to undo'}
          disabled={edits.done.length === 0 || undoing}
          onClick={() => void undo()}
        >
          <Undo2 size={15} aria-hidden="true" />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Redo"
          aria-keyshortcuts={isMac ? 'Meta+Shift+Z' : 'Control+Shift+Z'}
          title={
            edits.undone.length > 0 ? `Redo ${edits.undone.at(-1)?.label ?? ''} (${MOD}Shift+Z)` : 'Nothing to redo'
          }
          disabled={edits.undone.length === 0 || undoing}
          onClick={() => void redo()}
        >
          <Redo2 size={15} aria-hidden="true" />
        </button>
      </div>

      {timeWindow && (
        <TimeWindowChip
          window={timeWindow}
          detail={graphWindowDetail(graph, windowed, windowExhibits)}
          onClear={onClearTimeWindow}
        />
      )}

      <div ref={canvasHost} className={`graph-split${detail ? ' has-detail' : ''}`}>
        <div className={`graph-stage${linking !== null ? ' is-linking' : ''}`}>
          {graph !== null && (
            <GraphCanvas
              key={webgl ? 'webgl' : large ? 'large' : 'small'}
              ref={canvas}
              elements={elements}
              layout={layout}
              layoutRun={layoutRun}
              saved={saved}
              webgl={webgl}
              highlighted={matchIds}
              linked={linkedIds}
              path={path}
              linking={linking !== null}
              onSelection={setSelection}
              onLinkTarget={(id) => {
                if (linking === null || id === linking) return;
                setDialogError(null);
                setLinkEnds({ source: linking, target: id });
              }}
              onDragLink={(source, target) => {
                setDialogError(null);
                setLinkEnds({ source, target });
              }}
              onContextMenu={setMenu}
              onMoved={(before, after) =>
                record({
                  label: `move ${plural(Object.keys(after).length, 'entity', 'entities')}`,
                  undo: () => placeAt(before),
                  redo: () => placeAt(after),
                })
              }
              onLaidOut={(before, after) =>
                record({ label: 'layout', undo: () => placeAt(before), redo: () => placeAt(after) })
              }
              onOpen={() => detailRef.current?.focus()}
              onEscape={() => setPath(null)}
              onError={setError}
            />
          )}
          {linking !== null && (
            <div className="graph-banner" role="status">
              <Link2 size={14} aria-hidden="true" />
              Linking from <strong>{linkSource ? entityLabel(linkSource) : ''}</strong>: click the target, or find it
              with /. Esc cancels.
            </div>
          )}
          {linking === null && linkedLabel && (
            <div className="graph-banner graph-banner-linked" role="status">
              <span>
                {linkedLabel}: {plural(linkedIds.length, 'entity', 'entities')} highlighted
              </span>
              {linkedIds.length > 0 && (
                <button
                  type="button"
                  className="link-button small"
                  onClick={() => {
                    canvas.current?.select(linkedIds);
                    canvas.current?.fit(linkedIds);
                  }}
                >
                  Select them
                </button>
              )}
              <button type="button" className="link-button small" onClick={() => onLinkedChange?.(null)}>
                Clear
              </button>
            </div>
          )}
          <Legend />
        </div>
        {detail}
      </div>
      {dialogs}
    </section>
  );

  function placeAt(positions: Record<string, GraphPoint>): boolean {
    canvas.current?.setPositions(positions);
    return true;
  }
}

/** What the edge styles mean. */
function Legend() {
  return (
    <div className="graph-legend" aria-label="Legend">
      {RELATIONSHIP_KINDS.map((kind) => (
        <span key={kind}>
          <span className={`graph-line graph-line-${kind}`} aria-hidden="true" />
          {KIND_LABELS[kind]}
        </span>
      ))}
    </div>
  );
}
