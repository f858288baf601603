import { useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp, CornerDownRight } from 'lucide-react';
import type { ExhibitSummary } from '../../../../shared/evidence.js';
import { formatBytes, formatUtcShort } from '../../format.js';
import { ExhibitName } from './text.js';

export type SortKey = 'label' | 'name' | 'type' | 'size' | 'modified' | 'imported' | 'tags' | 'status';
export interface Sort {
  readonly key: SortKey;
  readonly direction: 'ascending' | 'descending';
}

export interface DisplayRow {
  readonly exhibit: ExhibitSummary;
  /** Nesting under its parent in the tree view; 0 in a filtered (flat) list. */
  readonly depth: number;
  /** Shown as "from E-0003 · derivation" when the list is flat. */
  readonly parentLabel: string | null;
}

const COLUMNS: readonly { readonly key: SortKey; readonly label: string; readonly wide?: boolean }[] = [
  { key: 'label', label: 'Exhibit' },
  { key: 'name', label: 'Name' },
  { key: 'type', label: 'Type' },
  { key: 'size', label: 'Size' },
  { key: 'modified', label: 'Modified (UTC)', wide: true },
  { key: 'imported', label: 'Imported (UTC)', wide: true },
  { key: 'tags', label: 'Tags' },
  { key: 'status', label: 'Status' },
];

const ROW_HEIGHT = 30;
const HEADER_HEIGHT = 30;
const MAX_INDENT = 6;

export function notParsed(exhibit: ExhibitSummary): boolean {
  return exhibit.parseStatus !== 'parsed';
}

function sortValue(exhibit: ExhibitSummary, key: SortKey): string | number {
  switch (key) {
    case 'label':
      return exhibit.number;
    case 'name':
      return exhibit.displayName.toLowerCase();
    case 'type':
      return `${exhibit.kind} ${exhibit.mime}`;
    case 'size':
      return exhibit.size;
    case 'modified':
      return exhibit.modifiedAt ?? -1;
    case 'imported':
      return exhibit.importedAt;
    case 'tags':
      return exhibit.tags.join(',');
    case 'status':
      return (notParsed(exhibit) ? 2 : 0) + (exhibit.extensionMismatch ? 1 : 0);
  }
}

function comparator(sort: Sort): (a: ExhibitSummary, b: ExhibitSummary) => number {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return (a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    const order =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined);
    return order === 0 ? a.number - b.number : sign * order;
  };
}

function matches(exhibit: ExhibitSummary, needle: string): boolean {
  return (
    exhibit.displayName.toLowerCase().includes(needle) ||
    exhibit.label.toLowerCase().includes(needle) ||
    exhibit.kind.toLowerCase().includes(needle) ||
    exhibit.mime.toLowerCase().includes(needle) ||
    exhibit.tags.some((tag) => tag.toLowerCase().includes(needle))
  );
}

/** The rows to show: a tree (derived items under their parent) or, when filtering, a flat list. */
export function buildRows(exhibits: readonly ExhibitSummary[], sort: Sort, filter: string): DisplayRow[] {
  const compare = comparator(sort);
  const byNumber = new Map(exhibits.map((exhibit) => [exhibit.number, exhibit]));
  const labelOf = (number: number | null) => (number === null ? null : (byNumber.get(number)?.label ?? null));
  const needle = filter.trim().toLowerCase();
  if (needle !== '') {
    return exhibits
      .filter((exhibit) => matches(exhibit, needle))
      .sort(compare)
      .map((exhibit) => ({ exhibit, depth: 0, parentLabel: labelOf(exhibit.parentNumber) }));
  }
  const children = new Map<number, ExhibitSummary[]>();
  const roots: ExhibitSummary[] = [];
  for (const exhibit of exhibits) {
    if (exhibit.parentNumber !== null && byNumber.has(exhibit.parentNumber)) {
      const list = children.get(exhibit.parentNumber) ?? [];
      list.push(exhibit);
      children.set(exhibit.parentNumber, list);
    } else roots.push(exhibit);
  }
  const rows: DisplayRow[] = [];
  const seen = new Set<number>();
  const visit = (exhibit: ExhibitSummary, depth: number) => {
    if (seen.has(exhibit.number)) return;
    seen.add(exhibit.number);
    rows.push({ exhibit, depth, parentLabel: depth > 0 ? labelOf(exhibit.parentNumber) : null });
    for (const child of (children.get(exhibit.number) ?? []).sort(compare)) visit(child, depth + 1);
  };
  for (const root of roots.sort(compare)) visit(root, 0);
  return rows;
}

interface ExhibitTableProps {
  readonly rows: readonly DisplayRow[];
  readonly total: number;
  readonly selected: number | null;
  readonly sort: Sort;
  /** Narrow layout beside the detail pane: the time columns are left out. */
  readonly compact: boolean;
  readonly onSort: (key: SortKey) => void;
  readonly onSelect: (number: number) => void;
  readonly onOpen: (number: number) => void;
}

/** Every exhibit, virtualized: only the rows on screen are in the DOM, so thousands stay smooth. */
export function ExhibitTable({ rows, total, selected, sort, compact, onSort, onSelect, onOpen }: ExhibitTableProps) {
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

  const selectedIndex = rows.findIndex((row) => row.exhibit.number === selected);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const from = selectedIndex;
    let to: number | null = null;
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
      case 'Enter': {
        const row = rows[from];
        if (row) {
          event.preventDefault();
          onOpen(row.exhibit.number);
        }
        return;
      }
      default:
        return;
    }
    event.preventDefault();
    const row = rows[to];
    if (row) onSelect(row.exhibit.number);
  };

  const numberAt = (event: MouseEvent<HTMLDivElement>): number | null => {
    const target = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-number]') : null;
    const value = target?.dataset.number;
    return value === undefined ? null : Number(value);
  };

  return (
    <div
      ref={scroller}
      className={`exhibit-grid${compact ? ' exhibit-grid-compact' : ''}`}
      role="grid"
      aria-label="Exhibits"
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      aria-multiselectable="false"
      aria-activedescendant={selected !== null && selectedIndex >= 0 ? `exhibit-row-${selected}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onClick={(event) => {
        const number = numberAt(event);
        if (number !== null) onOpen(number);
      }}
    >
      <div className="exhibit-row exhibit-head" role="row" aria-rowindex={1}>
        {columns.map((column) => {
          const active = sort.key === column.key;
          return (
            <div
              key={column.key}
              role="columnheader"
              className={`c-${column.key}`}
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
      <div className="exhibit-body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const { exhibit, depth, parentLabel } = row;
          const isSelected = exhibit.number === selected;
          return (
            <div
              key={exhibit.number}
              id={`exhibit-row-${exhibit.number}`}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={isSelected}
              data-number={exhibit.number}
              className={`exhibit-row${isSelected ? ' is-selected' : ''}`}
              style={{ transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
            >
              <div role="gridcell" className="c-label mono">
                {exhibit.label}
              </div>
              <div
                role="gridcell"
                className="c-name"
                title={exhibit.displayName}
                style={depth > 0 ? { paddingLeft: `${Math.min(depth, MAX_INDENT) * 16 + 12}px` } : undefined}
              >
                {depth > 0 && <CornerDownRight size={12} aria-hidden="true" className="derived-mark" />}
                <span className="exhibit-name">
                  <ExhibitName name={exhibit.displayName} />
                </span>
                {exhibit.parentNumber !== null && (
                  <span className="derivation">
                    {depth === 0 && parentLabel ? `from ${parentLabel} · ` : ''}
                    {exhibit.derivation}
                  </span>
                )}
              </div>
              <div role="gridcell" className="c-type" title={exhibit.mime}>
                <span>{exhibit.kind}</span> <span className="faint mono">{exhibit.mime}</span>
              </div>
              <div role="gridcell" className="c-size num" title={`${exhibit.size.toLocaleString('en')} bytes`}>
                {formatBytes(exhibit.size)}
              </div>
              {!compact && (
                <div role="gridcell" className="c-modified mono">
                  {exhibit.modifiedAt === null ? '—' : formatUtcShort(exhibit.modifiedAt)}
                </div>
              )}
              {!compact && (
                <div role="gridcell" className="c-imported mono">
                  {formatUtcShort(exhibit.importedAt)}
                </div>
              )}
              <div role="gridcell" className="c-tags" title={exhibit.tags.join(', ')}>
                {exhibit.tags.map((tag) => (
                  <span key={tag} className="tag">
                    {tag}
                  </span>
                ))}
              </div>
              <div role="gridcell" className="c-status">
                {notParsed(exhibit) && (
                  <span className="badge badge-warn" title={exhibit.parseError || 'Not parsed'}>
                    not parsed
                  </span>
                )}
                {exhibit.extensionMismatch && (
                  <span className="badge badge-warn" title="The content does not match the file extension">
                    extension mismatch
                  </span>
                )}
              </div>
            </div>
          );
        })}
        {rows.length === 0 && (
          <p className="exhibit-none muted">{total === 0 ? 'No exhibits.' : 'No exhibit matches the filter.'}</p>
        )}
      </div>
    </div>
  );
}
