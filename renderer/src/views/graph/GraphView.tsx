import { useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { ChevronDown, Download, FolderInput, Link2, Maximize, Merge, Network, Plus, Search, X } from 'lucide-react';
import { confidenceWord, type CaseGraph, type EntityType, type GraphEntity } from '../../../../shared/graph.js';
import type { Result } from '../../../../shared/result.js';
import { useClient } from '../../api/context.js';
import { ErrorMessage } from '../../components/Feedback.js';
import { Popover, Toast, type ToastMessage } from '../indicators/parts.js';
import { GraphCanvas, type CanvasSelection, type GraphCanvasHandle } from './GraphCanvas.js';
import { EntityDetail, RelationshipDetail } from './GraphDetail.js';
import { EntityDialog, LinkDialog, MergeDialog, type NewRelationship } from './GraphDialogs.js';
import {
  activeGraphFilterCount,
  allRelationships,
  buildElements,
  DEFAULT_GRAPH_FILTERS,
  entityLabel,
  KIND_LABELS,
  kindCounts,
  LAYOUTS,
  mergeProblem,
  pngFileName,
  presentTypes,
  RELATIONSHIP_KINDS,
  searchEntities,
  TYPE_STYLES,
  typeCounts,
  visibleGraph,
  type GraphFilters,
  type LayoutName,
  type RelationshipKind,
} from './model.js';

/** At most this often the graph reloads while an import reports file after file. */
const REFRESH_MS = 500;
const EMPTY_SELECTION: CanvasSelection = { nodes: [], edge: null };

interface GraphViewProps {
  readonly caseTitle: string;
  /** Start an evidence import (the empty state's action). */
  readonly onImport: () => void;
  /** A time window chosen in the Timeline: asserted relationships outside it are hidden. */
  readonly timeWindow?: { readonly start: number; readonly end: number } | null;
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

/**
 * The case's link analysis on a Cytoscape canvas: entities coloured and shaped by type, sized by
 * degree; derived, asserted and suggested relationships styled apart; filters, search, layouts;
 * linking, merging, accepting suggestions; PNG export.
 */
export function GraphView({ caseTitle, onImport, timeWindow = null }: GraphViewProps) {
  const client = useClient();
  const [graph, setGraph] = useState<CaseGraph | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const [filterState, setFilters] = useState<GraphFilters>(DEFAULT_GRAPH_FILTERS);
  const [layout, setLayout] = useState<LayoutName>('fcose');
  const [layoutRun, setLayoutRun] = useState(0);
  const [search, setSearch] = useState('');
  const [selection, setSelection] = useState<CanvasSelection>(EMPTY_SELECTION);
  const [linking, setLinking] = useState(false);
  const [linkTarget, setLinkTarget] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'entity' | 'merge' | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [typesOpen, setTypesOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const toastIds = useRef(0);
  const canvas = useRef<GraphCanvasHandle>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const canvasHost = useRef<HTMLDivElement>(null);
  // After a reload: what to select once the canvas has the new elements.
  const pending = useRef<{ nodes?: readonly string[]; edge?: string } | null>(null);
  const setPending = (next: { nodes?: readonly string[]; edge?: string }) => {
    pending.current = next;
  };

  const filters = useMemo(() => ({ ...filterState, timeWindow }), [filterState, timeWindow]);

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

  // Evidence and indicators change what is derived: reload at most every REFRESH_MS.
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
    return () => {
      offEvidence();
      offIndicators();
      clearTimeout(timer);
    };
  }, [client]);

  const visible = useMemo(() => (graph ? visibleGraph(graph, filters) : null), [graph, filters]);
  const elements = useMemo(
    () => buildElements(visible ?? { entities: [], relationships: [], degree: new Map() }),
    [visible],
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
  const exhibits = useMemo(() => (graph?.entities ?? []).filter((entity) => entity.type === 'exhibit'), [graph]);
  const matches = useMemo(() => searchEntities(visible?.entities ?? [], search).slice(0, 50), [visible, search]);
  const matchIds = useMemo(() => matches.map((entity) => entity.id), [matches]);

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

  // Typing in the search box brings the best match to the middle.
  const [firstMatch] = matchIds;
  useEffect(() => {
    if (firstMatch !== undefined) canvas.current?.centre(firstMatch);
  }, [firstMatch]);

  const selectedEntities = selection.nodes
    .map((id) => entities.get(id))
    .filter((entity): entity is GraphEntity => entity !== undefined);
  const [onlyEntity] = selectedEntities;
  const linkTargetEntity = linkTarget !== null ? entities.get(linkTarget) : undefined;
  const selectedRel = selection.edge !== null ? relationships.get(selection.edge) : undefined;
  const mergeBlocked = mergeProblem(selectedEntities);

  const say = (text: string, action?: ToastMessage['action']) => {
    toastIds.current += 1;
    setToast({ text, id: toastIds.current, ...(action ? { action } : {}) });
  };
  const reload = () => setRevision((count) => count + 1);

  const startLink = () => {
    if (selectedEntities.length !== 1) {
      say('Select one entity to link from, then press L.');
      return;
    }
    setLinking(true);
    canvasHost.current?.querySelector<HTMLElement>('.graph-canvas')?.focus();
  };
  const stopLink = () => {
    setLinking(false);
    setLinkTarget(null);
  };

  // View-wide keys: "/" search, L link, F fit, Escape leaves link mode.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      if (event.key === 'Escape' && linking) {
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
    if (linking) {
      setLinkTarget(best.id);
      return;
    }
    canvas.current?.select([best.id], event.shiftKey);
    canvas.current?.centre(best.id);
    canvasHost.current?.querySelector<HTMLElement>('.graph-canvas')?.focus();
  };

  const run = async <T,>(call: () => Promise<Result<T>>): Promise<{ readonly value: T } | null> => {
    setBusy(true);
    const result = await call();
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return null;
    }
    setError(null);
    return result;
  };

  const createRelationship = async (relationship: NewRelationship) => {
    const source = selectedEntities[0];
    if (!source || linkTarget === null) return;
    setBusy(true);
    const result = await client.createRelationship({
      type: relationship.type,
      source: source.id,
      target: linkTarget,
      confidence: relationship.confidence,
      citedExhibits: relationship.citedExhibits,
      ...(relationship.note !== '' ? { note: relationship.note } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setDialogError(result.error.message);
      return;
    }
    setDialogError(null);
    stopLink();
    say(`Linked: ${names.get(result.value.source) ?? ''} ${result.value.type} ${names.get(result.value.target) ?? ''}`);
    setPending({ edge: result.value.id });
    reload();
  };

  const createEntity = async (input: { type: GraphEntity['type']; name: string; description: string }) => {
    setBusy(true);
    const result = await client.createEntity({
      type: input.type,
      name: input.name,
      ...(input.description !== '' ? { description: input.description } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setDialogError(result.error.message);
      return;
    }
    setDialogError(null);
    setDialog(null);
    say(`Created ${TYPE_STYLES[result.value.type].label.toLowerCase()} ${result.value.name}`);
    // A hidden type would hide the new entity: show it.
    setFilters((previous) => ({
      ...previous,
      hiddenTypes: previous.hiddenTypes.filter((type) => type !== result.value.type),
    }));
    setPending({ nodes: [result.value.id] });
    reload();
  };

  const merge = async (target: string, source: string) => {
    const members = selectedEntities.map((entity) => entity.id).filter((id) => id !== target);
    setBusy(true);
    const result = await client.mergeEntities({ target, members, ...(source !== '' ? { source } : {}) });
    setBusy(false);
    if (!result.ok) {
      setDialogError(result.error.message);
      return;
    }
    setDialogError(null);
    setDialog(null);
    const { mergeId, entity } = result.value;
    say(`Merged into ${entity.name}: ${plural(members.length, 'alias', 'aliases')}`, {
      label: 'Undo',
      run: () => void undoMerge(mergeId),
    });
    setPending({ nodes: [target] });
    reload();
  };

  const undoMerge = async (mergeId: number) => {
    const before = selection.nodes;
    const merged = [...entities.values()].find((entity) => entity.aliases.some((alias) => alias.mergeId === mergeId));
    const members = merged?.aliases.filter((alias) => alias.mergeId === mergeId).map((alias) => alias.id) ?? [];
    if (!(await run(() => client.undoMerge({ mergeId })))) return;
    say('Merge undone');
    setPending({ nodes: merged ? [merged.id, ...members] : before });
    reload();
  };

  const split = async (mergeId: number, member: string) => {
    if (!(await run(() => client.splitEntity({ mergeId, member })))) return;
    say('Alias split out');
    setPending({ nodes: [member] });
    reload();
  };

  const decide = async (accept: boolean) => {
    if (!selectedRel) return;
    const id = selectedRel.id;
    if (accept) {
      const result = await run(() => client.acceptSuggestion({ id }));
      if (!result) return;
      say('Suggestion accepted');
      setPending({ edge: result.value.id });
    } else {
      if (!(await run(() => client.rejectSuggestion({ id })))) return;
      say('Suggestion rejected; it will not be suggested again');
    }
    reload();
  };

  const retract = async () => {
    if (!selectedRel) return;
    const id = selectedRel.id;
    if (!(await run(() => client.updateRelationship({ id, retract: true })))) return;
    say('Relationship retracted');
    reload();
  };

  const exportPng = async () => {
    try {
      const blob = (await canvas.current?.png()) ?? null;
      if (!blob) return;
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = pngFileName(caseTitle, new Date());
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      say(`Exported ${link.download}`);
    } catch (problem) {
      setError(`The picture could not be made: ${problem instanceof Error ? problem.message : String(problem)}`);
    }
  };

  const counts = useMemo(() => (graph ? typeCounts(graph) : new Map<EntityType, number>()), [graph]);
  const kinds = useMemo(() => (graph ? kindCounts(graph) : new Map<RelationshipKind, number>()), [graph]);
  const types = useMemo(() => (graph ? presentTypes(graph) : []), [graph]);
  const filterCount = activeGraphFilterCount(filterState);
  const hiddenTypeCount = filterState.hiddenTypes.filter((type) => types.includes(type)).length;

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
        <button
          type="button"
          className="button"
          onClick={() => {
            setDialogError(null);
            setDialog('entity');
          }}
        >
          <Plus size={14} aria-hidden="true" />
          New entity…
        </button>
        <button
          type="button"
          className="button"
          disabled={!graph || graph.entities.length === 0}
          onClick={() => void exportPng()}
        >
          <Download size={14} aria-hidden="true" />
          Export PNG
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
      {linkTargetEntity && onlyEntity && (
        <LinkDialog
          source={onlyEntity}
          target={linkTargetEntity}
          exhibits={exhibits}
          busy={busy}
          error={dialogError}
          onSubmit={(relationship) => void createRelationship(relationship)}
          onCancel={stopLink}
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
      <aside className="detail graph-detail" aria-label="Selection">
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
            {selectedEntities.map((entity) => (
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
          {mergeBlocked && <p className="muted small">{mergeBlocked}</p>}
          <div className="graph-detail-actions">
            <button
              type="button"
              className="button button-small button-primary"
              disabled={mergeBlocked !== null || busy}
              onClick={() => {
                setDialogError(null);
                setDialog('merge');
              }}
            >
              <Merge size={12} aria-hidden="true" />
              Merge…
            </button>
          </div>
        </div>
      </aside>
    ) : onlyEntity ? (
      <EntityDetail
        key={onlyEntity.id}
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
            placeholder={linking ? 'Find the target, Enter to link' : 'Find an entity'}
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

        <span className="spacer" />

        <button
          type="button"
          className="button"
          aria-pressed={linking}
          aria-keyshortcuts="L"
          title="Link the selected entity to another (L)"
          disabled={selectedEntities.length !== 1 && !linking}
          onClick={() => (linking ? stopLink() : startLink())}
        >
          <Link2 size={14} aria-hidden="true" />
          Link
        </button>
        <select
          className="graph-layout-select"
          aria-label="Layout"
          value={layout}
          onChange={(event) => {
            setLayout(event.target.value as LayoutName);
            setLayoutRun((count) => count + 1);
          }}
        >
          {LAYOUTS.map((item) => (
            <option key={item.id} value={item.id}>
              {item.label}
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

      {timeWindow && (
        <p className="graph-window small muted">
          Asserted relationships limited to the Timeline&rsquo;s window:{' '}
          {new Date(timeWindow.start).toISOString().slice(0, 16)}Z –{' '}
          {new Date(timeWindow.end).toISOString().slice(0, 16)}Z
        </p>
      )}

      <div ref={canvasHost} className={`graph-split${detail ? ' has-detail' : ''}`}>
        <div className={`graph-stage${linking ? ' is-linking' : ''}`}>
          {graph !== null && (
            <GraphCanvas
              ref={canvas}
              elements={elements}
              layout={layout}
              layoutRun={layoutRun}
              highlighted={matchIds}
              linking={linking}
              onSelection={setSelection}
              onLinkTarget={(id) => {
                if (id === onlyEntity?.id) return;
                setDialogError(null);
                setLinkTarget(id);
              }}
              onError={setError}
            />
          )}
          {linking && (
            <div className="graph-banner" role="status">
              <Link2 size={14} aria-hidden="true" />
              Linking from <strong>{onlyEntity ? entityLabel(onlyEntity) : ''}</strong>: click the target, or find it
              with /. Esc cancels.
            </div>
          )}
          <Legend />
        </div>
        {detail}
      </div>
      {dialogs}
    </section>
  );
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
