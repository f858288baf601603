import { useState } from 'react';
import { Check, Pencil, Sparkles, X } from 'lucide-react';
import type { ExhibitSummary } from '../../../../shared/evidence.js';
import type { TimelineProposal } from '../../../../shared/timeline.js';
import { formatInstant, isFloating, valueMs, type DisplayZone } from './model.js';

const PAGE = 100;

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

/** Events the evidence proposes, each with where it was read: accept, edit then accept, or reject. */
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
  const open = proposals.filter((p) => p.status === 'open');
  const decided = proposals.length - open.length;
  const sorted = [...open].sort((a, b) => valueMs(a.start) - valueMs(b.start) || a.key.localeCompare(b.key));
  const shown = sorted.slice(0, limit);

  return (
    <section className="timeline-panel timeline-proposals" aria-label="Proposed events">
      <header className="timeline-panel-header">
        <h2>
          Proposed events <span className="timeline-count">{open.length.toLocaleString('en')}</span>
        </h2>
        <button type="button" className="button button-small" onClick={onPropose} disabled={proposing}>
          <Sparkles size={12} aria-hidden="true" className={proposing ? 'spin' : undefined} />
          {proposing ? 'Proposing…' : 'Propose from evidence'}
        </button>
      </header>
      <div className="timeline-panel-body" aria-busy={proposing}>
        {open.length === 0 ? (
          <p className="muted small timeline-proposals-empty">
            {proposals.length === 0
              ? 'Nothing proposed yet. “Propose from evidence” reads dates from e-mail headers, file metadata, platform data and the text of the exhibits.'
              : `All ${decided.toLocaleString('en')} proposals are decided.`}
          </p>
        ) : (
          <ul className="timeline-proposal-list">
            {shown.map((proposal) => {
              const exhibit = exhibits.get(proposal.exhibitNumber);
              return (
                <li key={proposal.key} className="timeline-proposal" aria-label={proposal.title}>
                  <div className="timeline-proposal-head">
                    <span className="timeline-proposal-time mono">
                      {formatInstant(valueMs(proposal.start), proposal.precision, zone, isFloating(proposal.start))}
                    </span>
                    <span className="timeline-proposal-kind">{SOURCE_LABEL[proposal.source]}</span>
                  </div>
                  <p className="timeline-proposal-title">{proposal.title}</p>
                  <p className="timeline-proposal-source">
                    <span className="mono timeline-exhibit-label" title={exhibit?.displayName}>
                      {exhibit?.label ?? `#${String(proposal.exhibitNumber)}`}
                    </span>{' '}
                    <span className="muted">{proposal.location.label}</span>
                  </p>
                  {proposal.sourceText && (
                    <blockquote className="timeline-proposal-quote" title={proposal.context}>
                      {proposal.sourceText}
                    </blockquote>
                  )}
                  <div className="timeline-proposal-actions">
                    <button
                      type="button"
                      className="button button-small"
                      disabled={busy}
                      onClick={() => onAccept(proposal)}
                    >
                      <Check size={12} aria-hidden="true" />
                      Accept
                    </button>
                    <button
                      type="button"
                      className="button button-small"
                      disabled={busy}
                      onClick={() => onEdit(proposal)}
                    >
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
                </li>
              );
            })}
          </ul>
        )}
        {sorted.length > limit && (
          <button type="button" className="button button-small timeline-more" onClick={() => setLimit(limit + PAGE)}>
            Show {Math.min(PAGE, sorted.length - limit)} more of {(sorted.length - limit).toLocaleString('en')}
          </button>
        )}
        {decided > 0 && open.length > 0 && (
          <p className="muted small">{decided.toLocaleString('en')} already accepted or rejected.</p>
        )}
      </div>
    </section>
  );
}
