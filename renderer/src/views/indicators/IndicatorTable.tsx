import { useEffect, useRef, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp } from 'lucide-react';
import type { IndicatorStatus, IndicatorSummary } from '../../../../shared/indicator-types.js';
import { formatUtc, formatUtcShort } from '../../format.js';
import {
  displayValue,
  enrichmentSummary,
  extendTo,
  moveFocus,
  selectAll,
  selectOnly,
  STATUS_LABELS,
  toggleRow,
  TYPE_LABELS,
  type Selection,
  type Sort,
  type SortKey,
} from './model.js';
import { FlagChips } from './parts.js';

interface Column {
  readonly key: SortKey;
  readonly label: string;
  /** Left out beside the detail pane. */
  readonly wide?: boolean;
  readonly numeric?: boolean;
}

const COLUMNS: readonly Column[] = [
  { key: 'value', label: 'Indicator' },
  { key: 'type', label: 'Type' },
  { key: 'flags', label: 'Flags' },
  { key: 'enrichment', label: 'Enrichment', wide: true },
  { key: 'occurrences', label: 'Occurrences', numeric: true },
  { key: 'exhibits', label: 'Exhibits', numeric: true },
  { key: 'firstSeen', label: 'First seen (UTC)', wide: true },
  { key: 'lastSeen', label: 'Last seen (UTC)', wide: true },
  { key: 'status', label: 'Status · tags', wide: true },
];

const ROW_HEIGHT = 30;
const HEADER_HEIGHT = 30;

export interface TableActions {
  readonly onMark: (status: IndicatorStatus) => void;
  /** Copy the selection, defanged or as it is. */
  readonly onCopy: (defanged: boolean) => void;
  readonly onTag: () => void;
}

interface IndicatorTableProps extends TableActions {
  readonly rows: readonly IndicatorSummary[];
  /** Shown in place of rows when none matches. */
  readonly empty: ReactNode;
  readonly selection: Selection;
  readonly sort: Sort;
  readonly compact: boolean;
  readonly defanged: boolean;
  readonly onSort: (key: SortKey) => void;
  readonly onSelection: (selection: Selection) => void;
  /** Show the row in the detail pane. */
  readonly onOpen: (id: number) => void;
}

function HeaderCheckbox({
  checked,
  indeterminate,
  onChange,
}: {
  readonly checked: boolean;
  readonly indeterminate: boolean;
  readonly onChange: () => void;
}) {
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={box}
      type="checkbox"
      tabIndex={-1}
      aria-label="Select all shown"
      title="Select all shown (Ctrl+A)"
      checked={checked}
      onChange={onChange}
    />
  );
}

/**
 * Every indicator, virtualized (only the rows on screen are in the DOM, so tens of thousands stay
 * smooth), with a spreadsheet's selection: click, Shift-click, Ctrl/⌘-click, Ctrl+A, arrows, Space.
 */
export function IndicatorTable({
  rows,
  empty,
  selection,
  sort,
  compact,
  defanged,
  onSort,
  onSelection,
  onOpen,
  onMark,
  onCopy,
  onTag,
}: IndicatorTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const columns = compact ? COLUMNS.filter((column) => !column.wide) : COLUMNS;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // The sticky header sits above the rows inside the same scroller.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });

  const focusIndex = selection.focus === null ? -1 : rows.findIndex((row) => row.id === selection.focus);
  useEffect(() => {
    if (focusIndex >= 0) virtualizer.scrollToIndex(focusIndex, { align: 'auto' });
  }, [focusIndex, virtualizer]);

  const shownSelected = selection.ids.size === 0 ? 0 : rows.filter((row) => selection.ids.has(row.id)).length;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const modifier = event.ctrlKey || event.metaKey;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (modifier && !event.altKey && key === 'a') {
      event.preventDefault();
      onSelection(selectAll(selection, rows));
      return;
    }
    if (modifier && !event.altKey && key === 'c') {
      event.preventDefault();
      onCopy(true);
      return;
    }
    if (!modifier && !event.altKey && !event.shiftKey) {
      const status = key === 'b' ? 'benign' : key === 'f' ? 'false_positive' : key === 'o' ? 'open' : null;
      if (status) {
        event.preventDefault();
        onMark(status);
        return;
      }
      if (key === 't') {
        event.preventDefault();
        onTag();
        return;
      }
    }
    if (rows.length === 0) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 2);
    const from = focusIndex;
    let to: number;
    switch (event.key) {
      case 'ArrowDown':
        to = from < 0 ? 0 : Math.min(rows.length - 1, from + 1);
        break;
      case 'ArrowUp':
        to = from < 0 ? 0 : Math.max(0, from - 1);
        break;
      case 'PageDown':
        to = Math.min(rows.length - 1, Math.max(0, from) + page);
        break;
      case 'PageUp':
        to = Math.max(0, from - page);
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        to = rows.length - 1;
        break;
      case ' ': {
        event.preventDefault();
        const row = rows[Math.max(0, from)];
        if (row) onSelection(toggleRow(selection, row.id));
        return;
      }
      case 'Enter': {
        const row = rows[from];
        if (row) {
          event.preventDefault();
          onOpen(row.id);
        }
        return;
      }
      case 'Escape':
        if (selection.ids.size > 0) {
          event.preventDefault();
          onSelection({ ...selection, ids: new Set() });
        }
        return;
      default:
        return;
    }
    event.preventDefault();
    const row = rows[to];
    if (!row) return;
    if (event.shiftKey) onSelection(extendTo(selection, rows, row.id, modifier));
    else if (modifier) onSelection(moveFocus(selection, row.id));
    else onSelection(selectOnly(row.id));
  };

  const idAt = (event: MouseEvent<HTMLElement>): number | null => {
    const target = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-id]') : null;
    const value = target?.dataset.id;
    return value === undefined ? null : Number(value);
  };

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const id = idAt(event);
    if (id === null) return;
    const onCheckbox = event.target instanceof HTMLInputElement && event.target.type === 'checkbox';
    if (event.shiftKey) onSelection(extendTo(selection, rows, id, event.ctrlKey || event.metaKey));
    else if (onCheckbox || event.ctrlKey || event.metaKey) onSelection(toggleRow(selection, id));
    else {
      onSelection(selectOnly(id));
      onOpen(id);
    }
  };

  return (
    <div
      ref={scroller}
      className={`indicator-grid${compact ? ' indicator-grid-compact' : ''}`}
      role="grid"
      aria-label="Indicators"
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length + 1}
      aria-multiselectable="true"
      aria-activedescendant={focusIndex >= 0 ? `indicator-row-${String(selection.focus)}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      // Shift-click selects rows, not the text between two clicks.
      onMouseDown={(event) => {
        if (event.shiftKey && idAt(event) !== null) {
          event.preventDefault();
          scroller.current?.focus();
        }
      }}
      onClick={onClick}
    >
      <div className="indicator-row indicator-head" role="row" aria-rowindex={1}>
        <div role="columnheader" className="c-check">
          <HeaderCheckbox
            checked={rows.length > 0 && shownSelected === rows.length}
            indeterminate={shownSelected > 0 && shownSelected < rows.length}
            onChange={() =>
              onSelection(shownSelected === rows.length ? { ...selection, ids: new Set() } : selectAll(selection, rows))
            }
          />
        </div>
        {columns.map((column) => {
          const active = sort.key === column.key;
          return (
            <div
              key={column.key}
              role="columnheader"
              className={`c-${column.key}${column.numeric ? ' num' : ''}`}
              aria-sort={active ? sort.direction : 'none'}
            >
              <button type="button" className="sort-button" tabIndex={-1} onClick={() => onSort(column.key)}>
                {column.label}
                {active &&
                  (sort.direction === 'ascending' ? (
                    <ArrowUp size={12} aria-hidden="true" />
                  ) : (
                    <ArrowDown size={12} aria-hidden="true" />
                  ))}
              </button>
            </div>
          );
        })}
      </div>
      <div className="indicator-body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const isSelected = selection.ids.has(row.id);
          const isFocused = row.id === selection.focus;
          const value = displayValue(row, defanged);
          const enrichment = enrichmentSummary(row);
          return (
            <div
              key={row.id}
              id={`indicator-row-${row.id}`}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={isSelected}
              data-id={row.id}
              className={`indicator-row${isSelected ? ' is-selected' : ''}${isFocused ? ' is-focused' : ''}${
                row.status === 'open' ? '' : ' is-dismissed'
              }`}
              style={{ transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
            >
              <div role="gridcell" className="c-check">
                <input type="checkbox" tabIndex={-1} aria-label={`Select ${value}`} checked={isSelected} readOnly />
              </div>
              <div role="gridcell" className="c-value mono" title={value}>
                <bdi>{value}</bdi>
                {row.platform && <span className="faint c-platform"> {row.platform}</span>}
                {compact && row.status !== 'open' && (
                  <span className={`badge status-${row.status} c-inline-status`}>
                    {STATUS_LABELS[row.status].toLowerCase()}
                  </span>
                )}
              </div>
              <div role="gridcell" className="c-type">
                {TYPE_LABELS[row.type]}
              </div>
              <div role="gridcell" className="c-flags">
                <FlagChips flags={row.flags} limit={1} />
              </div>
              {!compact && (
                <div role="gridcell" className="c-enrichment" title={enrichment}>
                  {enrichment === '' ? <span className="faint">—</span> : enrichment}
                </div>
              )}
              <div role="gridcell" className="c-occurrences num">
                {row.occurrenceCount.toLocaleString('en')}
              </div>
              <div role="gridcell" className="c-exhibits num">
                {row.exhibitCount.toLocaleString('en')}
              </div>
              {!compact && (
                <div role="gridcell" className="c-firstSeen mono" title={formatUtc(row.firstSeen)}>
                  {formatUtcShort(row.firstSeen)}
                </div>
              )}
              {!compact && (
                <div role="gridcell" className="c-lastSeen mono" title={formatUtc(row.lastSeen)}>
                  {formatUtcShort(row.lastSeen)}
                </div>
              )}
              {!compact && (
                <div role="gridcell" className="c-status" title={[STATUS_LABELS[row.status], ...row.tags].join(', ')}>
                  {row.status !== 'open' && (
                    <span className={`badge status-${row.status}`}>{STATUS_LABELS[row.status].toLowerCase()}</span>
                  )}
                  {row.tags.map((tag) => (
                    <span key={tag} className="tag">
                      {tag}
                    </span>
                  ))}
                </div>
              )}
            </div>
          );
        })}
        {rows.length === 0 && <div className="indicator-none">{empty}</div>}
      </div>
    </div>
  );
}
