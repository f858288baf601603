import {
  Fragment,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type Dispatch,
  type SetStateAction,
} from 'react';
import { ArrowRightLeft, FileSpreadsheet, FolderInput, RotateCcw, ShieldCheck } from 'lucide-react';
import type {
  IndicatorFlag,
  IndicatorStatus,
  IndicatorSummary,
  IndicatorType,
  OccurrenceLocation,
} from '../../../../shared/indicator-types.js';
import { useClient } from '../../api/context.js';
import { ErrorMessage } from '../../components/Feedback.js';
import { BulkBar } from './BulkBar.js';
import { EnrichmentDialog } from './EnrichmentDialog.js';
import { ExchangeImportDialog } from '../exchange/ExchangeImportDialog.js';
import { FilterBar, type Counts } from './FilterBar.js';
import { IndicatorDetailPane } from './IndicatorDetail.js';
import { IndicatorTable } from './IndicatorTable.js';
import {
  activeFilterCount,
  buildRows,
  clipboardText,
  DEFAULT_FILTERS,
  DEFAULT_SORT,
  EMPTY_SELECTION,
  mergeSummaries,
  nextFocus,
  selectedRows,
  selectOnly,
  STATUS_LABELS,
  type Filters,
  type IndicatorChange,
  type Selection,
  type Sort,
  type SortKey,
} from './model.js';
import { Toast, type ToastMessage } from './parts.js';

/** At most this often the list reloads while an import reports file after file. */
const REFRESH_MS = 500;

/** What the view remembers while another section is shown (held by the Workspace). */
export interface IndicatorsViewState {
  readonly filters: Filters;
  readonly sort: Sort;
  readonly selection: Selection;
  readonly detailOpen: boolean;
  /** Show values defanged in the table. */
  readonly defanged: boolean;
}

export const INITIAL_INDICATORS_STATE: IndicatorsViewState = {
  filters: DEFAULT_FILTERS,
  sort: DEFAULT_SORT,
  selection: EMPTY_SELECTION,
  detailOpen: false,
  defanged: false,
};

interface IndicatorsViewProps {
  readonly state: IndicatorsViewState;
  readonly onStateChange: Dispatch<SetStateAction<IndicatorsViewState>>;
  /** Open the exhibit at this occurrence in the Evidence view. */
  readonly onOpenOccurrence: (exhibitNumber: number, location: OccurrenceLocation) => void;
  /** Start an evidence import (the empty state's action). */
  readonly onImport: () => void;
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
 * Indicators found in the case's evidence: a filterable, sortable list with bulk verdicts, tags and
 * copying, and one indicator in detail with every place it occurs.
 */
export function IndicatorsView({ state, onStateChange, onOpenOccurrence, onImport }: IndicatorsViewProps) {
  const client = useClient();
  const [indicators, setIndicators] = useState<readonly IndicatorSummary[] | null>(null);
  // The latest list for handlers that finish after other changes (Undo, the detail pane's edits).
  const listRef = useRef<readonly IndicatorSummary[] | null>(null);
  const [exhibitCount, setExhibitCount] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const [touched, setTouched] = useState(0);
  const [busy, setBusy] = useState(false);
  const [tagsOpen, setTagsOpen] = useState(false);
  const [enrichmentOpen, setEnrichmentOpen] = useState(false);
  const [exchangeOpen, setExchangeOpen] = useState(false);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const toastIds = useRef(0);
  // Edits of ours whose indicatorsChanged event has not arrived yet.
  const ownEdits = useRef(0);
  const searchInput = useRef<HTMLInputElement>(null);
  const gridHost = useRef<HTMLDivElement>(null);

  const { filters, sort, selection, detailOpen, defanged } = state;
  const showList = (list: readonly IndicatorSummary[]) => {
    listRef.current = list;
    setIndicators(list);
  };
  const set = (patch: Partial<IndicatorsViewState>) => onStateChange((previous) => ({ ...previous, ...patch }));
  const setFilters = (patch: Partial<Filters>) =>
    onStateChange((previous) => ({ ...previous, filters: { ...previous.filters, ...patch } }));

  useEffect(() => {
    let current = true;
    void client.listIndicators({ includeDismissed: true }).then((result) => {
      if (!current) return;
      if (result.ok) {
        listRef.current = result.value;
        setIndicators(result.value);
        setError(null);
      } else setError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [client, revision]);

  // With no indicators, say whether that is because there is no evidence yet.
  const empty = indicators !== null && indicators.length === 0;
  useEffect(() => {
    if (!empty) return;
    let current = true;
    void client.listExhibits({}).then((result) => {
      if (current && result.ok) setExhibitCount(result.value.length);
    });
    return () => {
      current = false;
    };
  }, [client, empty, revision]);

  // An import reports every file: reload at most every REFRESH_MS, and once more after the last event.
  // Our own edits announce themselves too; their answer already holds the rows, so those are skipped.
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
    const offIndicators = client.on('indicatorsChanged', () => {
      if (ownEdits.current > 0) ownEdits.current -= 1;
      else reload();
    });
    return () => {
      offEvidence();
      offIndicators();
      clearTimeout(timer);
    };
  }, [client]);

  // "/" goes to the search box from anywhere in the view but a text field.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isEditable(event.target)) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      event.preventDefault();
      searchInput.current?.focus();
      searchInput.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // Typing in the search box stays smooth with tens of thousands of rows: filtering may lag a frame.
  const deferredFilters = useDeferredValue(filters);
  const rows = useMemo(() => buildRows(indicators ?? [], deferredFilters, sort), [indicators, deferredFilters, sort]);

  const counts = useMemo((): Counts => {
    const types = new Map<IndicatorType, number>();
    const flags = new Map<IndicatorFlag, number>();
    const statuses = new Map<IndicatorStatus, number>();
    for (const indicator of indicators ?? []) {
      types.set(indicator.type, (types.get(indicator.type) ?? 0) + 1);
      statuses.set(indicator.status, (statuses.get(indicator.status) ?? 0) + 1);
      for (const flag of indicator.flags) flags.set(flag, (flags.get(flag) ?? 0) + 1);
    }
    return { types, flags, statuses };
  }, [indicators]);

  const total = indicators?.length ?? 0;
  // Bulk actions act on the selected rows that are shown.
  const targets = selectedRows(selection, rows);
  const focusRow = selection.focus === null ? undefined : rows.find((row) => row.id === selection.focus);
  const detailId = detailOpen && focusRow ? focusRow.id : null;

  const focusGrid = () => gridHost.current?.querySelector<HTMLElement>('[role="grid"]')?.focus();

  const say = (text: string, action?: ToastMessage['action']) => {
    toastIds.current += 1;
    setToast({ text, id: toastIds.current, ...(action ? { action } : {}) });
  };

  /** Put the rows the API returned in place, and keep the keyboard on a row that is still shown. */
  const apply = (updated: readonly IndicatorSummary[]) => {
    const previousList = listRef.current;
    if (!previousList) return;
    const next = mergeSummaries(previousList, updated);
    showList(next);
    onStateChange((previous) => {
      const before = buildRows(previousList, previous.filters, previous.sort);
      const after = buildRows(next, previous.filters, previous.sort);
      const focus = nextFocus(before, after, previous.selection.focus);
      const shown = new Set(after.map((row) => row.id));
      const ids = new Set([...previous.selection.ids].filter((id) => shown.has(id)));
      if (ids.size === 0 && focus !== null) ids.add(focus);
      return { ...previous, selection: { ids, anchor: focus, focus } };
    });
    setTouched((count) => count + 1);
  };

  const update = async (ids: readonly number[], change: IndicatorChange): Promise<boolean> => {
    setBusy(true);
    ownEdits.current += 1;
    const result = await client.updateIndicators({ ids, ...change });
    setBusy(false);
    if (!result.ok) {
      ownEdits.current -= 1;
      setError(result.error.message);
      return false;
    }
    setError(null);
    apply(result.value);
    return true;
  };

  const mark = async (status: IndicatorStatus) => {
    if (busy || targets.length === 0) return;
    const changing = targets.filter((target) => target.status !== status);
    if (changing.length === 0) {
      say(
        targets.length === 1
          ? `Already ${STATUS_LABELS[status].toLowerCase()}`
          : `All ${targets.length} are already ${STATUS_LABELS[status].toLowerCase()}`,
      );
      return;
    }
    const before = new Map<IndicatorStatus, number[]>();
    for (const target of changing) before.set(target.status, [...(before.get(target.status) ?? []), target.id]);
    const ids = changing.map((target) => target.id);
    if (!(await update(ids, { status }))) return;
    const what = changing.length === 1 ? (changing[0]?.value ?? '') : plural(changing.length, 'indicator');
    const verb = status === 'open' ? 'Reopened' : `Marked ${STATUS_LABELS[status].toLowerCase()}:`;
    say(`${verb} ${what}`, {
      label: 'Undo',
      run: () => {
        void (async () => {
          for (const [previous, ids] of before) await update(ids, { status: previous });
        })();
      },
    });
  };

  const copy = async (asDefanged: boolean) => {
    if (targets.length === 0) return;
    try {
      await navigator.clipboard.writeText(clipboardText(targets, asDefanged));
      say(`Copied ${plural(targets.length, 'indicator')}, ${asDefanged ? 'defanged' : 'refanged'}`);
    } catch (problem) {
      setError(`The clipboard refused the copy: ${problem instanceof Error ? problem.message : String(problem)}`);
    }
  };

  const tag = async (name: string, add: boolean) => {
    const ids = targets.filter((target) => target.tags.includes(name) !== add).map((target) => target.id);
    if (ids.length === 0) {
      say(add ? `All already tagged “${name}”` : `None is tagged “${name}”`);
      return;
    }
    if (await update(ids, add ? { addTags: [name] } : { removeTags: [name] })) {
      say(`${add ? 'Tagged' : 'Removed the tag from'} ${plural(ids.length, 'indicator')} “${name}”`);
      setTagsOpen(false);
      focusGrid();
    }
  };

  const onSort = (key: SortKey) =>
    set({
      sort:
        sort.key === key
          ? { key, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' }
          : {
              key,
              direction: ['occurrences', 'exhibits', 'firstSeen', 'lastSeen'].includes(key)
                ? 'descending'
                : 'ascending',
            },
    });

  const filterCount = activeFilterCount(filters);

  const header = (
    <header className="view-header">
      <h1 id="view-title">Indicators</h1>
      <p className="view-sub tabular" aria-live="polite">
        {indicators === null
          ? error === null
            ? 'Loading indicators…'
            : ''
          : indicators.length === 0
            ? 'IP addresses, domains, URLs, accounts, hashes and more found in the evidence.'
            : `${plural(total, 'indicator')} · ${rows.length.toLocaleString('en')} shown. Times in UTC.`}
      </p>
      <div className="view-actions">
        <button type="button" className="button" onClick={() => setExchangeOpen(true)}>
          <ArrowRightLeft size={14} aria-hidden="true" />
          Import STIX, MISP or CSV…
        </button>
        <button type="button" className="button" onClick={() => setEnrichmentOpen(true)}>
          <FileSpreadsheet size={14} aria-hidden="true" />
          Import enrichment CSV…
        </button>
      </div>
    </header>
  );

  // Keyed: the dialogs keep their state when the view switches between its empty and its list layout
  // (an import that adds the first indicators while a dialog is open).
  const dialogs = (
    <Fragment key="dialogs">
      {enrichmentOpen && (
        <EnrichmentDialog
          onCancel={() => setEnrichmentOpen(false)}
          onImported={(ranges) => {
            setEnrichmentOpen(false);
            say(`${plural(ranges, 'range')} imported`);
            setRevision((count) => count + 1);
          }}
        />
      )}
      {exchangeOpen && (
        <ExchangeImportDialog
          onCancel={() => setExchangeOpen(false)}
          onImported={(result) => {
            setExchangeOpen(false);
            say(
              `${result.exhibit} imported: ${plural(result.entitiesCreated + result.entitiesMatched, 'entity', 'entities')}, ${plural(result.relationshipsCreated, 'new relationship')}`,
            );
            setRevision((count) => count + 1);
          }}
        />
      )}
      <Toast message={toast} onDone={() => setToast(null)} />
    </Fragment>
  );

  if (indicators === null || indicators.length === 0) {
    const noEvidence = exhibitCount === 0;
    return (
      <section className="view view-indicators" aria-labelledby="view-title">
        {header}
        <ErrorMessage message={error} />
        {indicators !== null && (
          <div className="empty">
            <ShieldCheck size={32} strokeWidth={1.5} aria-hidden="true" />
            <h2>{noEvidence || exhibitCount === null ? 'No indicators yet' : 'No indicators found'}</h2>
            <div className="empty-text">
              {noEvidence || exhibitCount === null ? (
                <p>
                  Import evidence to find indicators. IP addresses, domains, URLs, e-mail addresses, hashes, file paths,
                  accounts, CVEs and ASNs found in it are listed here, each linked to every place it occurs, with
                  offline enrichment such as the network and country of an IP address.
                </p>
              ) : (
                <p>
                  None of the {plural(exhibitCount, 'exhibit')} in this case contains an IP address, domain, URL, e-mail
                  address, hash, file path, account, CVE or ASN that Locard recognises.
                </p>
              )}
            </div>
            {noEvidence && (
              <button type="button" className="button button-primary" onClick={onImport}>
                <FolderInput size={14} aria-hidden="true" />
                Import evidence…
              </button>
            )}
          </div>
        )}
        {dialogs}
      </section>
    );
  }

  const noMatch = (
    <div className="indicator-nomatch">
      <p>
        <strong>No indicator matches these filters.</strong>{' '}
        <span className="muted">
          {total > 0 && filters.statuses.length === 0 ? 'No status is ticked. ' : ''}
          {plural(total, 'indicator')} in the case.
        </span>
      </p>
      <button
        type="button"
        className="button button-small"
        onClick={() => set({ filters: DEFAULT_FILTERS })}
        disabled={filterCount === 0}
      >
        <RotateCcw size={12} aria-hidden="true" />
        Reset filters
      </button>
    </div>
  );

  return (
    <section className="view view-indicators" aria-labelledby="view-title">
      {header}
      <ErrorMessage message={error} />
      <FilterBar
        filters={filters}
        counts={counts}
        defanged={defanged}
        searchRef={searchInput}
        onFilters={setFilters}
        onReset={() => set({ filters: DEFAULT_FILTERS })}
        onDefanged={(next) => set({ defanged: next })}
        onLeaveSearch={() => {
          // The shown rows may lag the search box by a frame (deferred): go by the filters as typed.
          const current = buildRows(indicators, filters, sort);
          const first = current[0];
          if (first && !current.some((row) => row.id === selection.focus)) set({ selection: selectOnly(first.id) });
          focusGrid();
        }}
      />
      <BulkBar
        targets={targets}
        busy={busy}
        tagsOpen={tagsOpen}
        onTagsOpen={setTagsOpen}
        onMark={(status) => void mark(status)}
        onTag={(name, add) => void tag(name, add)}
        onCopy={(asDefanged) => void copy(asDefanged)}
      />

      <div ref={gridHost} className={`evidence-split indicator-split${detailId !== null ? ' has-detail' : ''}`}>
        <IndicatorTable
          rows={rows}
          empty={noMatch}
          selection={selection}
          sort={sort}
          compact={detailId !== null}
          defanged={defanged}
          onSort={onSort}
          onSelection={(next) => set({ selection: next })}
          onOpen={() => set({ detailOpen: true })}
          onMark={(status) => void mark(status)}
          onCopy={(asDefanged) => void copy(asDefanged)}
          onTag={() => {
            if (targets.length > 0) setTagsOpen(true);
          }}
        />
        {detailId !== null && (
          <IndicatorDetailPane
            key={detailId}
            id={detailId}
            revision={revision + touched}
            busy={busy}
            onUpdate={(change) => void update([detailId], change)}
            onOpenOccurrence={onOpenOccurrence}
            onClose={() => {
              set({ detailOpen: false });
              focusGrid();
            }}
          />
        )}
      </div>
      {dialogs}
    </section>
  );
}
