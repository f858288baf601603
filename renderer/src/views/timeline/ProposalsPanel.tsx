import { useMemo, useState } from 'react';
import { Check, ChevronDown, ChevronRight, Pencil, Sparkles, X } from 'lucide-react';
import type { ExhibitSummary } from '../../../../shared/evidence.js';
import type { TimelineProposal } from '../../../../shared/timeline.js';
import { formatInstant, isFloating, proposalGroups, valueMs, type DisplayZone } from './model.js';

const PAGE = 100;
const ROWS_PAGE = 50;

const SOURCE_LABEL: Record<TimelineProposal['source'], string> = {
  'email-date': 'E-mail Date',
  'email-received': 'E-mail Received',
  exif: 'EXIF',
  video: 'Video metadata',
  pdf: 'PDF metadata',
  mhtml: 'MHTML',
  'platform-row': 'Platform data',
  'platform-burst': 'Platform data',
  json: 'JSON',
  prose: 'Text',
};

interface ProposalsPanelProps {
  readonly proposals: readonly TimelineProposal[];
  readonly exhibits: ReadonlyMap<number, ExhibitSummary>;
  readonly zone: DisplayZone;
  readonly busy: boolean;
  readonly proposing: boolean;
  readonly onPropose: () => void;
  readonly onAccept: (proposal: TimelineProposal) => void;
  readonly onEdit: (proposal: TimelineProposal) => void;
  readonly onReject: (proposal: TimelineProposal) => void;
}

function when(proposal: TimelineProposal, zone: DisplayZone): string {
  const start = formatInstant(valueMs(proposal.start), proposal.precision, zone, isFloating(proposal.start));
  if (proposal.end === null) return start;
  return `${start} → ${formatInstant(valueMs(proposal.end), proposal.precision, zone, isFloating(proposal.end))}`;
}

/**
 * Events the evidence proposes, each with where it was read: accept (into the lane it names), edit
 * then accept, or reject. Rows of a platform dataset sit inside their aggregate ("39 posts of a
 * link…"), which is decided for all of them at once, or opened to decide one row.
 */
export function ProposalsPanel({
  proposals,
  exhibits,
  zone,
  busy,
  proposing,
  onPropose,
  onAccept,
  onEdit,
  onReject,
}: ProposalsPanelProps) {
  const [limit, setLimit] = useState(PAGE);
  const [expanded, setExpanded] = useState<ReadonlyMap<string, number>>(new Map());
  const groups = useMemo(() => proposalGroups(proposals), [proposals]);
  const openCount = groups.top.length;
  const decided = proposals.filter((p) => p.status !== 'open').length;
  const shown = groups.top.slice(0, limit);

  const toggle = (key: string) =>
    setExpanded((previous) => {
      const next = new Map(previous);
      if (next.has(key)) next.delete(key);
      else next.set(key, ROWS_PAGE);
      return next;
    });

  const actions = (proposal: TimelineProposal, small = false) => (
    <div className={`timeline-proposal-actions${small ? ' is-small' : ''}`}>
      <button
        type="button"
        className="button button-small"
        disabled={busy}
        onClick={() => onAccept(proposal)}
        title={proposal.lane ? `Accept into the ${proposal.lane} lane` : 'Accept'}
      >
        <Check size={12} aria-hidden="true" />
        Accept
      </button>
      <button type="button" className="button button-small" disabled={busy} onClick={() => onEdit(proposal)}>
        <Pencil size={12} aria-hidden="true" />
        Edit…
      </button>
      <button
        type="button"
        className="button button-small timeline-reject"
        disabled={busy}
        onClick={() => onReject(proposal)}
      >
        <X size={12} aria-hidden="true" />
        Reject
      </button>
    </div>
  );

  return (
    <section className="timeline-panel timeline-proposals" aria-label="Proposed events">
      <header className="timeline-panel-header">
        <h2>
          Proposed events <span className="timeline-count">{openCount.toLocaleString('en')}</span>
        </h2>
        <button type="button" className="button button-small" onClick={onPropose} disabled={proposing}>
          <Sparkles size={12} aria-hidden="true" className={proposing ? 'spin' : undefined} />
          {proposing ? 'Proposing…' : 'Propose from evidence'}
        </button>
      </header>
      <div className="timeline-panel-body" aria-busy={proposing}>
        {proposing && (
          <div className="timeline-progress" role="status">
            <div className="progress-track" role="progressbar" aria-label="Reading dates from the evidence">
              <div className="progress-indeterminate" />
            </div>
            <span className="muted small">
              Reading dates from every exhibit: headers, metadata, platform rows and text…
            </span>
          </div>
        )}
        {groups.grouped > 0 && (
          <p className="muted small timeline-proposals-note">
            {groups.grouped.toLocaleString('en')} dataset rows are grouped inside the aggregates below: accept or reject
            an aggregate for all its rows, or open it to decide one row.
          </p>
        )}
        {openCount === 0 ? (
          <p className="muted small timeline-proposals-empty">
            {proposals.length === 0
              ? 'Nothing proposed yet. “Propose from evidence” reads dates from e-mail headers, file metadata, platform data and the text of the exhibits.'
              : `All ${decided.toLocaleString('en')} proposals are decided.`}
          </p>
        ) : (
          <ul className="timeline-proposal-list">
            {shown.map((proposal) => {
              const exhibit = exhibits.get(proposal.exhibitNumber);
              const rows = groups.rows.get(proposal.key) ?? [];
              const rowLimit = expanded.get(proposal.key);
              return (
                <li
                  key={proposal.key}
                  className={`timeline-proposal${rows.length > 0 ? ' is-aggregate' : ''}`}
                  aria-label={proposal.title}
                >
                  <div className="timeline-proposal-head">
                    <span className="timeline-proposal-time mono">{when(proposal, zone)}</span>
                    <span className="timeline-proposal-kind">{SOURCE_LABEL[proposal.source]}</span>
                  </div>
                  <p className="timeline-proposal-title">{proposal.title}</p>
                  <p className="timeline-proposal-source">
                    <span className="mono timeline-exhibit-label" title={exhibit?.displayName}>
                      {exhibit?.label ?? `#${String(proposal.exhibitNumber)}`}
                    </span>{' '}
                    <span className="muted">{proposal.location.label}</span>
                    {proposal.lane && (
                      <span className="timeline-proposal-lane" title="Accept puts the event in this lane">
                        {proposal.lane}
                      </span>
                    )}
                  </p>
                  {proposal.sourceText && rows.length === 0 && (
                    <blockquote className="timeline-proposal-quote" title={proposal.context}>
                      {proposal.sourceText}
                    </blockquote>
                  )}
                  {actions(proposal)}
                  {rows.length > 0 && (
                    <>
                      <button
                        type="button"
                        className="timeline-rows-toggle"
                        aria-expanded={rowLimit !== undefined}
                        onClick={() => toggle(proposal.key)}
                      >
                        {rowLimit !== undefined ? (
                          <ChevronDown size={13} aria-hidden="true" />
                        ) : (
                          <ChevronRight size={13} aria-hidden="true" />
                        )}
                        {rows.length.toLocaleString('en')} {rows.length === 1 ? 'row' : 'rows'}
                      </button>
                      {rowLimit !== undefined && (
                        <ul className="timeline-proposal-rows" aria-label={`Rows of ${proposal.title}`}>
                          {rows.slice(0, rowLimit).map((row) => (
                            <li key={row.key} className="timeline-proposal-row" aria-label={row.title}>
                              <span className="mono timeline-proposal-time">{when(row, zone)}</span>
                              <span className="timeline-proposal-row-title">{row.title}</span>
                              <span className="muted small">{row.location.label}</span>
                              {actions(row, true)}
                            </li>
                          ))}
                          {rows.length > rowLimit && (
                            <li>
                              <button
                                type="button"
                                className="button button-small timeline-more"
                                onClick={() => setExpanded(new Map(expanded).set(proposal.key, rowLimit + ROWS_PAGE))}
                              >
                                Show {Math.min(ROWS_PAGE, rows.length - rowLimit)} more of{' '}
                                {(rows.length - rowLimit).toLocaleString('en')}
                              </button>
                            </li>
                          )}
                        </ul>
                      )}
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {groups.top.length > limit && (
          <button type="button" className="button button-small timeline-more" onClick={() => setLimit(limit + PAGE)}>
            Show {Math.min(PAGE, groups.top.length - limit)} more of {(groups.top.length - limit).toLocaleString('en')}
          </button>
        )}
        {decided > 0 && openCount > 0 && (
          <p className="muted small">{decided.toLocaleString('en')} already accepted or rejected.</p>
        )}
      </div>
    </section>
  );
}
