import { useEffect, useMemo, useRef, useState } from 'react';
import { FileStack, FolderInput, Search, X } from 'lucide-react';
import type { ExhibitSummary, SearchHit } from '../../../../shared/evidence.js';
import type { OccurrenceLocation } from '../../../../shared/indicator-types.js';
import { useClient } from '../../api/context.js';
import { ErrorMessage } from '../../components/Feedback.js';
import { formatBytes } from '../../format.js';
import { ExhibitDetailPane } from './ExhibitDetail.js';
import type { ViewerTab } from './previews/ExhibitViewer.js';
import { buildRows, ExhibitTable, type Sort, type SortKey } from './ExhibitTable.js';
import { ImportPanel } from './ImportPanel.js';
import { OcrPanel, type OcrExhibitInfo } from './OcrPanel.js';
import { Snippet } from './text.js';
import type { ImportJob } from './useImportJob.js';
import { OcrJobContext, type OcrJob } from './useOcrJob.js';
import type { TimeWindow } from '../timeline/model.js';
import { TimeWindowChip } from '../timeline/TimeWindowChip.js';
import { useWindowExhibits } from '../timeline/useTimeWindow.js';

/** At most this often the list reloads while an import reports file after file. */
const REFRESH_MS = 500;
const SEARCH_DEBOUNCE_MS = 200;

function numberOfLabel(label: string): number | null {
  const match = /^E-(\d+)$/.exec(label);
  return match?.[1] ? Number(match[1]) : null;
}

/** An exhibit to open at a place in it (the Indicators view's "open occurrence"). */
export interface EvidenceFocus {
  readonly number: number;
  readonly location: OccurrenceLocation;
}

export interface EvidenceViewProps {
  readonly imports: ImportJob;
  readonly onImport: () => void;
  /** Select this exhibit and show the location (a new object each time re-applies it). */
  readonly focus?: EvidenceFocus | undefined;
  /** The workspace's OCR job: its panel docks here, and the exhibit's OCR tab follows it. */
  readonly ocr?: OcrJob | undefined;
  /** The range brushed on the timeline: only exhibits dated inside it are listed. */
  readonly timeWindow?: TimeWindow | null | undefined;
  readonly onClearTimeWindow?: (() => void) | undefined;
  /** Exhibits another view selected (the Graph's linked selection): the first is selected on opening. */
  readonly linkedExhibits?: readonly number[] | undefined;
  /** The selected exhibit changed (for the Graph's linked selection). */
  readonly onSelectExhibit?: ((number: number | null) => void) | undefined;
}

/** The case's exhibits: a sortable, filterable list, full-text search, and one exhibit in detail. */
export function EvidenceView({
  imports,
  onImport,
  focus,
  ocr,
  timeWindow,
  onClearTimeWindow,
  linkedExhibits,
  onSelectExhibit,
}: EvidenceViewProps) {
  const client = useClient();
  const [exhibits, setExhibits] = useState<readonly ExhibitSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const [sort, setSort] = useState<Sort>({ key: 'label', direction: 'ascending' });
  const [filter, setFilter] = useState('');
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<{ readonly query: string; readonly hits: readonly SearchHit[] } | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(focus?.number ?? linkedExhibits?.[0] ?? null);
  const [detailOpen, setDetailOpen] = useState(focus !== undefined);
  const [wide, setWide] = useState(false);
  /** The viewer tab an exhibit was opened on (a search hit opens its text). */
  const [openedOn, setOpenedOn] = useState<{ readonly number: number; readonly tab: ViewerTab } | null>(null);

  // A location handed in from elsewhere opens its exhibit, which the list filter must not hide
  // (state adjusted while rendering, not in an effect).
  const [seenFocus, setSeenFocus] = useState(focus);
  if (seenFocus !== focus) {
    setSeenFocus(focus);
    if (focus) {
      setFilter('');
      setSelected(focus.number);
      setDetailOpen(true);
    }
  }

  // The Graph's linked selection follows the exhibit selected here.
  const selectExhibit = useRef(onSelectExhibit);
  useEffect(() => {
    selectExhibit.current = onSelectExhibit;
  });
  useEffect(() => selectExhibit.current?.(selected), [selected]);

  useEffect(() => {
    let current = true;
    void client.listExhibits({}).then((result) => {
      if (!current) return;
      if (result.ok) {
        setExhibits(result.value);
        setError(null);
      } else setError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [client, revision]);

  // An import reports every file: reload at most every REFRESH_MS, and once more after the last event.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const off = client.on('evidenceChanged', () => {
      if (timer !== undefined) return;
      timer = setTimeout(
        () => {
          timer = undefined;
          last = Date.now();
          setRevision((count) => count + 1);
        },
        Math.max(0, last + REFRESH_MS - Date.now()),
      );
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [client]);

  useEffect(() => {
    const text = query.trim();
    if (text === '') return;
    let current = true;
    const timer = setTimeout(() => {
      void client.searchEvidence({ query: text, limit: 100 }).then((result) => {
        if (!current) return;
        if (result.ok) {
          setHits({ query: text, hits: result.value });
          setSearchError(null);
        } else setSearchError(result.error.message);
      });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, query, revision]);

  // The timeline's time window keeps the exhibits with a date inside it (timeline/window.ts).
  const windowExhibits = useWindowExhibits(timeWindow ?? null);
  const windowed = useMemo(
    () => (exhibits && windowExhibits ? exhibits.filter((e) => windowExhibits.inside.has(e.number)) : exhibits),
    [exhibits, windowExhibits],
  );
  const rows = useMemo(() => buildRows(windowed ?? [], sort, filter), [windowed, sort, filter]);
  const derived = exhibits?.filter((exhibit) => exhibit.parentNumber !== null).length ?? 0;
  const totalBytes = exhibits?.reduce((sum, exhibit) => sum + exhibit.size, 0) ?? 0;
  const shownHits = query.trim() === '' ? null : hits;

  const onSort = (key: SortKey) =>
    setSort((previous) =>
      previous.key === key
        ? { key, direction: previous.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: 'ascending' },
    );

  const open = (number: number) => {
    setSelected(number);
    setDetailOpen(true);
  };

  const reveal = (number: number) => {
    if (!rows.some((row) => row.exhibit.number === number)) setFilter('');
    open(number);
  };

  const importButton = (
    <button type="button" className="button button-primary" onClick={onImport} disabled={imports.running}>
      <FolderInput size={14} aria-hidden="true" />
      Import evidence…
    </button>
  );

  const describe = (label: string): OcrExhibitInfo | undefined => {
    const exhibit = exhibits?.find((item) => item.label === label);
    return exhibit && { name: exhibit.displayName, kind: exhibit.kind };
  };

  const panel = (
    <>
      {imports.job && (
        <ImportPanel
          job={imports.job}
          onCancel={imports.cancel}
          onClose={imports.dismiss}
          onSelect={(label) => {
            const number = numberOfLabel(label);
            if (number !== null) reveal(number);
          }}
        />
      )}
      {ocr?.job && (
        <OcrPanel
          job={ocr.job}
          describe={describe}
          onCancel={ocr.cancel}
          onClose={ocr.dismiss}
          onSelect={(label) => {
            const number = numberOfLabel(label);
            if (number === null) return;
            // Opened from the OCR panel: show what was read.
            setOpenedOn({ number, tab: 'ocr' });
            reveal(number);
          }}
        />
      )}
    </>
  );

  if (exhibits !== null && exhibits.length === 0) {
    return (
      <section className="view view-evidence" aria-labelledby="view-title">
        <header className="view-header">
          <h1 id="view-title">Evidence</h1>
          <div className="view-actions">{importButton}</div>
        </header>
        <ErrorMessage message={error} />
        <div className="empty">
          <FileStack size={32} strokeWidth={1.5} aria-hidden="true" />
          <h2>No evidence in this case yet</h2>
          <div className="empty-text">
            <p>
              Imported files will be listed here as numbered exhibits: original name, size, SHA‑256 (with MD5 and
              SHA‑1), detected type, who imported it and when, and the items derived from it, such as email attachments,
              archive members and video frames.
            </p>
            <p>Every file is stored encrypted inside the case and recorded in the custody log.</p>
          </div>
        </div>
        {panel}
      </section>
    );
  }

  return (
    <section className="view view-evidence" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">Evidence</h1>
        <p className="view-sub">
          {exhibits === null
            ? 'Loading exhibits…'
            : `${exhibits.length} ${exhibits.length === 1 ? 'exhibit' : 'exhibits'}${
                derived > 0 ? `, ${derived} derived` : ''
              } · ${formatBytes(totalBytes)}. Times in UTC.`}
        </p>
        <div className="view-actions">{importButton}</div>
      </header>
      <ErrorMessage message={error} />
      <div className="evidence-toolbar">
        <div className="search-field">
          <input
            type="search"
            aria-label="Filter exhibits"
            placeholder="Filter by name, type or tag"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
        </div>
        <div className="search-field search-field-text">
          <Search size={14} aria-hidden="true" />
          <input
            type="search"
            aria-label="Search evidence text"
            placeholder="Search the text of all evidence"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </div>
        <span className="muted small tabular toolbar-count">
          {(filter.trim() !== '' || windowExhibits) && exhibits ? `${rows.length} of ${exhibits.length} shown` : ''}
        </span>
      </div>
      {timeWindow && (
        <TimeWindowChip
          window={timeWindow}
          detail={
            windowExhibits
              ? `${windowExhibits.inside.size.toLocaleString('en')} of ${windowExhibits.dated.toLocaleString('en')} dated exhibits inside; undated ones are hidden`
              : 'Reading the exhibits’ dates…'
          }
          onClear={onClearTimeWindow}
        />
      )}
      {shownHits && (
        <section className="search-results" aria-label="Search results">
          <header className="search-results-head">
            <strong>
              {shownHits.hits.length === 0
                ? `No text matches “${shownHits.query}”`
                : `${shownHits.hits.length}${shownHits.hits.length === 100 ? '+' : ''} ${
                    shownHits.hits.length === 1 ? 'hit' : 'hits'
                  } for “${shownHits.query}”`}
            </strong>
            <button
              type="button"
              className="icon-button icon-button-small"
              aria-label="Clear search"
              title="Clear search"
              onClick={() => setQuery('')}
            >
              <X size={14} aria-hidden="true" />
            </button>
          </header>
          <ErrorMessage message={searchError} />
          {shownHits.hits.length > 0 && (
            <ul className="hits">
              {shownHits.hits.map((hit) => (
                <li key={hit.number}>
                  <button
                    type="button"
                    className={`hit${hit.number === selected ? ' is-selected' : ''}`}
                    onClick={() => {
                      // Found by its text: open it on the Text tab.
                      setOpenedOn({ number: hit.number, tab: 'text' });
                      reveal(hit.number);
                    }}
                  >
                    <span className="hit-head">
                      <span className="mono hit-label">{hit.label}</span>
                      <span className="hit-name">{hit.displayName}</span>
                    </span>
                    <span className="hit-snippet">
                      <Snippet text={hit.snippet} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <div className={`evidence-split${detailOpen && selected !== null ? ' has-detail' : ''}${wide ? ' is-wide' : ''}`}>
        <ExhibitTable
          rows={rows}
          total={exhibits?.length ?? 0}
          selected={selected}
          sort={sort}
          compact={detailOpen && selected !== null}
          onSort={onSort}
          onSelect={(number) => {
            setOpenedOn(null);
            setSelected(number);
          }}
          onOpen={(number) => {
            setOpenedOn(null);
            open(number);
          }}
        />
        {detailOpen && selected !== null && (
          <OcrJobContext.Provider value={ocr ?? null}>
            <ExhibitDetailPane
              number={selected}
              revision={revision}
              onSelect={reveal}
              onClose={() => setDetailOpen(false)}
              focus={focus?.number === selected ? focus.location : undefined}
              initialTab={openedOn?.number === selected ? openedOn.tab : undefined}
              wide={wide}
              onToggleWide={() => setWide((value) => !value)}
            />
          </OcrJobContext.Provider>
        )}
      </div>
      {panel}
    </section>
  );
}
