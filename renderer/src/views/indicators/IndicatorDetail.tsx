import { useEffect, useId, useState } from 'react';
import { X } from 'lucide-react';
import { defang } from '../../../../shared/defang.js';
import {
  INDICATOR_STATUSES,
  type IndicatorDetail,
  type IndicatorOccurrenceDetail,
  type OccurrenceLocation,
} from '../../../../shared/indicator-types.js';
import { useClient } from '../../api/context.js';
import { ErrorMessage } from '../../components/Feedback.js';
import { formatUtc } from '../../format.js';
import {
  enrichmentKindLabel,
  FLAG_INFO,
  formatLocation,
  sortFlags,
  STATUS_LABELS,
  TYPE_LABELS,
  type IndicatorChange,
} from './model.js';
import { FlagChips, OccurrenceContext } from './parts.js';
import { NotesEditor, TagEditor } from '../../components/TagsAndNotes.js';
import { CopyButton } from '../../components/CopyButton.js';

/** Occurrences listed at first; a common domain can occur thousands of times. */
const OCCURRENCE_PAGE = 200;

function Occurrence({
  occurrence,
  onChoose,
}: {
  readonly occurrence: IndicatorOccurrenceDetail;
  readonly onChoose: () => void;
}) {
  const where = formatLocation(occurrence.location);
  const contextId = useId();
  return (
    <li>
      <button
        type="button"
        className="occurrence"
        aria-label={`Open ${occurrence.exhibitLabel} ${occurrence.exhibitName} at ${where}`}
        aria-describedby={contextId}
        title="Open the exhibit at this place in the Evidence view"
        onClick={onChoose}
      >
        <span className="occurrence-head">
          <span className="mono occurrence-label">{occurrence.exhibitLabel}</span>
          <span className="occurrence-name" dir="auto">
            {occurrence.exhibitName}
          </span>
          <span className="occurrence-where">{where}</span>
          <FlagChips flags={occurrence.flags.filter((flag) => flag === 'defanged' || flag === 'idn')} all />
        </span>
        <OccurrenceContext
          id={contextId}
          context={occurrence.context}
          surface={occurrence.surface}
          start={occurrence.location.start}
        />
      </button>
    </li>
  );
}

interface IndicatorDetailProps {
  readonly id: number;
  /** Bumped when indicators change, here or elsewhere: reload. */
  readonly revision: number;
  /** An edit is on its way (no second one meanwhile). */
  readonly busy: boolean;
  /** Change this indicator (the view sends it, so the list and the custody log follow). */
  readonly onUpdate: (change: IndicatorChange) => void;
  readonly onOpenOccurrence: (exhibitNumber: number, location: OccurrenceLocation) => void;
  readonly onClose: () => void;
}

/** One indicator in full: both forms, flags explained, enrichment with its source, notes, tags, occurrences. */
export function IndicatorDetailPane({ id, revision, busy, onUpdate, onOpenOccurrence, onClose }: IndicatorDetailProps) {
  const client = useClient();
  const [detail, setDetail] = useState<IndicatorDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [limit, setLimit] = useState(OCCURRENCE_PAGE);

  useEffect(() => {
    let current = true;
    void client.getIndicator({ id }).then((result) => {
      if (!current) return;
      if (result.ok) {
        setDetail(result.value);
        setError(null);
      } else setError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [client, id, revision]);

  const update = onUpdate;

  const shown = detail?.id === id ? detail : null;
  const defanged = shown ? defang(shown.value, shown.type) : '';

  return (
    <aside className="detail indicator-detail" aria-label="Indicator detail">
      <header className="detail-header">
        <div className="detail-title">
          <span className="detail-label">{shown ? TYPE_LABELS[shown.type] : 'Indicator'}</span>
          <h2 className="mono indicator-title">{shown ? <bdi>{shown.value}</bdi> : 'Loading…'}</h2>
        </div>
        <button type="button" className="icon-button" aria-label="Close detail" title="Close detail" onClick={onClose}>
          <X size={16} aria-hidden="true" />
        </button>
      </header>
      <ErrorMessage message={error} />
      {shown && (
        <div className="detail-body">
          <div className="status-switch" role="group" aria-label="Verdict">
            {INDICATOR_STATUSES.map((status) => (
              <button
                key={status}
                type="button"
                className={`button button-small status-option status-option-${status}`}
                aria-pressed={shown.status === status}
                disabled={busy}
                onClick={() => {
                  if (shown.status !== status) update({ status });
                }}
              >
                {STATUS_LABELS[status]}
              </button>
            ))}
          </div>

          <section className="detail-section" aria-label="Value">
            <h3>Value</h3>
            <dl className="kv">
              <div className="kv-row">
                <dt>Refanged</dt>
                <dd className="hash">
                  <span className="mono break">{shown.value}</span>
                  <CopyButton value={shown.value} label="refanged value" />
                </dd>
              </div>
              <div className="kv-row">
                <dt>Defanged</dt>
                <dd className="hash">
                  <span className="mono break">{defanged}</span>
                  <CopyButton value={defanged} label="defanged value" />
                </dd>
              </div>
              <div className="kv-row">
                <dt>Type</dt>
                <dd>
                  {TYPE_LABELS[shown.type]}
                  {shown.platform && <span className="faint"> · {shown.platform}</span>}
                </dd>
              </div>
              <div className="kv-row">
                <dt>Seen</dt>
                <dd>
                  {shown.occurrenceCount.toLocaleString('en')} {shown.occurrenceCount === 1 ? 'time' : 'times'} in{' '}
                  {shown.exhibitCount.toLocaleString('en')} {shown.exhibitCount === 1 ? 'exhibit' : 'exhibits'}
                  <span className="faint small">
                    {' '}
                    · imported {formatUtc(shown.firstSeen)}
                    {shown.lastSeen !== shown.firstSeen ? ` – ${formatUtc(shown.lastSeen)}` : ''}
                  </span>
                </dd>
              </div>
            </dl>
          </section>

          {shown.flags.length > 0 && (
            <section className="detail-section" aria-label="Flags">
              <h3>Flags</h3>
              <ul className="plain-list flag-list">
                {sortFlags(shown.flags).map((flag) => (
                  <li key={flag}>
                    <FlagChips flags={[flag]} all />
                    <span className="muted small">{FLAG_INFO[flag].description}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}

          <section className="detail-section" aria-label="Enrichment">
            <h3>Enrichment</h3>
            {shown.enrichment.length === 0 ? (
              <p className="faint small">
                No offline enrichment for this indicator. Import an enrichment CSV to add ranges the bundled data does
                not know.
              </p>
            ) : (
              <table className="mini-table" aria-label="Enrichment facts">
                <thead>
                  <tr>
                    <th scope="col">Fact</th>
                    <th scope="col">Value</th>
                    <th scope="col">Source</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.enrichment.map((item) => (
                    <tr key={`${item.kind}:${item.value}:${item.source}`}>
                      <td className="nowrap">{enrichmentKindLabel(item)}</td>
                      <td>
                        <span className="mono">{item.value}</span>
                        {item.label && <span> {item.label}</span>}
                      </td>
                      <td className="muted">
                        {item.source}
                        <span className="faint"> · {formatUtc(item.sourceDate).slice(0, 10)}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section className="detail-section" aria-label="Occurrences">
            <h3>
              Occurrences{' '}
              <span className="tabular">
                (
                {shown.occurrences.length < shown.occurrenceCount
                  ? `first ${shown.occurrences.length.toLocaleString('en')} of ${shown.occurrenceCount.toLocaleString('en')}`
                  : shown.occurrences.length.toLocaleString('en')}
                )
              </span>
            </h3>
            <p className="faint small">Choose one to open the exhibit at that place.</p>
            <ul className="plain-list occurrences">
              {shown.occurrences.slice(0, limit).map((occurrence, index) => (
                <Occurrence
                  // One loaded list, never reordered: the position is part of the identity.
                  key={`${index}:${occurrence.exhibitNumber}:${occurrence.location.start}`}
                  occurrence={occurrence}
                  onChoose={() => onOpenOccurrence(occurrence.exhibitNumber, occurrence.location)}
                />
              ))}
            </ul>
            {shown.occurrences.length > limit && (
              <button
                type="button"
                className="button button-small occurrences-more"
                onClick={() => setLimit((count) => count + OCCURRENCE_PAGE)}
              >
                Show {Math.min(OCCURRENCE_PAGE, shown.occurrences.length - limit)} more of{' '}
                {(shown.occurrences.length - limit).toLocaleString('en')}
              </button>
            )}
          </section>
          <section className="detail-section" aria-label="Tags">
            <h3>Tags</h3>
            <TagEditor
              tags={shown.tags}
              busy={busy}
              onAdd={(tag) => update({ addTags: [tag] })}
              onRemove={(tag) => update({ removeTags: [tag] })}
            />
          </section>

          <section className="detail-section" aria-label="Notes">
            <h3>Notes</h3>
            <NotesEditor
              key={`${shown.id}:${shown.notes}`}
              notes={shown.notes}
              busy={busy}
              onSave={(notes) => update({ notes })}
              placeholder="Analyst notes on this indicator"
            />
          </section>
        </div>
      )}
    </aside>
  );
}
