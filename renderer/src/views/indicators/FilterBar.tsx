import { useState, type KeyboardEvent, type RefObject } from 'react';
import { ChevronDown, Link2Off, Search } from 'lucide-react';
import {
  INDICATOR_FLAGS,
  INDICATOR_STATUSES,
  INDICATOR_TYPES,
  type IndicatorFlag,
  type IndicatorStatus,
  type IndicatorType,
} from '../../../../shared/indicator-types.js';
import { activeFilterCount, FLAG_INFO, STATUS_LABELS, TYPE_LABELS, type FlagRule, type Filters } from './model.js';
import { FlagChips, Popover } from './parts.js';

/** How many indicators of each type, status and flag the case holds (the filters show them). */
export interface Counts {
  readonly types: ReadonlyMap<IndicatorType, number>;
  readonly statuses: ReadonlyMap<IndicatorStatus, number>;
  readonly flags: ReadonlyMap<IndicatorFlag, number>;
}

interface FilterBarProps {
  readonly filters: Filters;
  readonly counts: Counts;
  readonly defanged: boolean;
  readonly searchRef: RefObject<HTMLInputElement | null>;
  readonly onFilters: (patch: Partial<Filters>) => void;
  readonly onReset: () => void;
  readonly onDefanged: (defanged: boolean) => void;
  /** ↓ or Enter in the search box: on to the list. */
  readonly onLeaveSearch: () => void;
}

const RULES = [
  [undefined, 'Any'],
  ['hide', 'Hide'],
  ['only', 'Only'],
] as const;

function count(map: ReadonlyMap<string, number>, key: string): string {
  return (map.get(key) ?? 0).toLocaleString('en');
}

/** Search (`/`), type, status and flag filters, and the defanged display toggle. */
export function FilterBar({
  filters,
  counts,
  defanged,
  searchRef,
  onFilters,
  onReset,
  onDefanged,
  onLeaveSearch,
}: FilterBarProps) {
  const [open, setOpen] = useState<'types' | 'flags' | null>(null);

  const toggleStatus = (status: IndicatorStatus) =>
    onFilters({
      statuses: filters.statuses.includes(status)
        ? filters.statuses.filter((item) => item !== status)
        : INDICATOR_STATUSES.filter((item) => item === status || filters.statuses.includes(item)),
    });

  const toggleType = (type: IndicatorType) =>
    onFilters({
      types: filters.types.includes(type)
        ? filters.types.filter((item) => item !== type)
        : INDICATOR_TYPES.filter((item) => item === type || filters.types.includes(item)),
    });

  const setFlagRule = (flag: IndicatorFlag, rule: FlagRule | undefined) => {
    const others = Object.entries(filters.flags).filter(([name]) => name !== flag);
    onFilters({ flags: Object.fromEntries(rule === undefined ? others : [...others, [flag, rule]]) });
  };

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter') {
      event.preventDefault();
      onLeaveSearch();
    }
  };

  const flagRules = Object.keys(filters.flags).length;
  const [onlyType] = filters.types;
  const typesLabel =
    filters.types.length === 0
      ? 'All types'
      : filters.types.length === 1 && onlyType
        ? TYPE_LABELS[onlyType]
        : `${filters.types.length} types`;

  return (
    <div className="indicator-toolbar" role="search" aria-label="Filter indicators">
      <div className="search-field search-field-text">
        <Search size={14} aria-hidden="true" />
        <input
          ref={searchRef}
          type="search"
          aria-label="Search indicators"
          aria-keyshortcuts="/"
          placeholder="Search value, enrichment or tag"
          value={filters.text}
          onChange={(event) => onFilters({ text: event.target.value })}
          onKeyDown={onSearchKey}
        />
        <kbd className="search-key" aria-hidden="true">
          /
        </kbd>
      </div>

      <div className="popover-anchor">
        <button
          type="button"
          className={`button filter-button${filters.types.length > 0 ? ' is-active' : ''}`}
          aria-haspopup="dialog"
          aria-expanded={open === 'types'}
          aria-label={`Types: ${typesLabel}`}
          onClick={() => setOpen(open === 'types' ? null : 'types')}
        >
          {typesLabel}
          <ChevronDown size={12} aria-hidden="true" />
        </button>
        {open === 'types' && (
          <Popover label="Indicator types" onClose={() => setOpen(null)}>
            <div className="popover-head">
              <span className="field-label">Show types</span>
              <button
                type="button"
                className="link-button small"
                disabled={filters.types.length === 0}
                onClick={() => onFilters({ types: [] })}
              >
                All types
              </button>
            </div>
            <ul className="plain-list check-list">
              {INDICATOR_TYPES.filter((type) => counts.types.has(type)).map((type) => (
                <li key={type}>
                  <label>
                    <input type="checkbox" checked={filters.types.includes(type)} onChange={() => toggleType(type)} />
                    <span>{TYPE_LABELS[type]}</span>
                    <span className="faint tabular small">{count(counts.types, type)}</span>
                  </label>
                </li>
              ))}
            </ul>
          </Popover>
        )}
      </div>

      <div className="segmented" role="group" aria-label="Status">
        {INDICATOR_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            className="segment"
            aria-pressed={filters.statuses.includes(status)}
            title={`Show indicators marked ${STATUS_LABELS[status].toLowerCase()}`}
            onClick={() => toggleStatus(status)}
          >
            {STATUS_LABELS[status]}
            <span className="segment-count tabular">{count(counts.statuses, status)}</span>
          </button>
        ))}
      </div>

      <div className="popover-anchor">
        <button
          type="button"
          className={`button filter-button${flagRules > 0 ? ' is-active' : ''}`}
          aria-haspopup="dialog"
          aria-expanded={open === 'flags'}
          onClick={() => setOpen(open === 'flags' ? null : 'flags')}
        >
          Flags{flagRules > 0 ? ` · ${flagRules}` : ''}
          <ChevronDown size={12} aria-hidden="true" />
        </button>
        {open === 'flags' && (
          <Popover label="Flag filters" onClose={() => setOpen(null)} className="flag-popover">
            <div className="popover-head">
              <span className="field-label">Show by flag</span>
              <button
                type="button"
                className="link-button small"
                disabled={flagRules === 0}
                onClick={() => onFilters({ flags: {} })}
              >
                Clear
              </button>
            </div>
            {counts.flags.size === 0 ? (
              <p className="faint small">No indicator carries a flag.</p>
            ) : (
              <ul className="plain-list flag-rules">
                {INDICATOR_FLAGS.filter((flag) => counts.flags.has(flag)).map((flag) => {
                  const rule = filters.flags[flag];
                  return (
                    <li key={flag}>
                      <span className="flag-rule-name">
                        <FlagChips flags={[flag]} all />
                        <span className="faint small tabular">{count(counts.flags, flag)}</span>
                      </span>
                      <span className="segmented segmented-small" role="group" aria-label={FLAG_INFO[flag].label}>
                        {RULES.map(([value, label]) => (
                          <button
                            key={label}
                            type="button"
                            className="segment"
                            aria-pressed={rule === value}
                            onClick={() => setFlagRule(flag, value)}
                          >
                            {label}
                          </button>
                        ))}
                      </span>
                    </li>
                  );
                })}
              </ul>
            )}
          </Popover>
        )}
      </div>

      <button
        type="button"
        className="button toggle-button"
        aria-pressed={defanged}
        title="Show values defanged (hxxp, [.]) in the list"
        onClick={() => onDefanged(!defanged)}
      >
        <Link2Off size={14} aria-hidden="true" />
        Defanged
      </button>

      {activeFilterCount(filters) > 0 && (
        <button type="button" className="link-button small" onClick={onReset}>
          Reset filters
        </button>
      )}
    </div>
  );
}
