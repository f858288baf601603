import { useState } from 'react';
import { Check, ChevronDown, ChevronRight, CircleSlash, ScanText, X } from 'lucide-react';
import type { OcrExhibitOutcome } from '../../../../shared/ocr.js';
import { ErrorMessage } from '../../components/Feedback.js';
import { ocrStepText, ocrSummary, type OcrJobState } from './ocr-job.js';

/** What the panel knows of an exhibit besides its label (from the exhibit list). */
export interface OcrExhibitInfo {
  readonly name: string;
  readonly kind: string;
}

function percent(done: number, total: number): number {
  return total <= 0 ? 0 : Math.min(100, Math.round((done / total) * 100));
}

function count(value: number, one: string, many: string): string {
  return `${value.toLocaleString('en')} ${value === 1 ? one : many}`;
}

function ExhibitRef({
  label,
  info,
  onSelect,
}: {
  readonly label: string;
  readonly info: OcrExhibitInfo | undefined;
  readonly onSelect: (label: string) => void;
}) {
  return (
    <>
      <button type="button" className="link-button mono" title={`Show ${label}'s OCR`} onClick={() => onSelect(label)}>
        {label}
      </button>
      <span className="outcome-path ocr-name" title={info?.name}>
        {info?.name ?? ''}
      </span>
    </>
  );
}

function Outcome({
  outcome,
  info,
  onSelect,
}: {
  readonly outcome: OcrExhibitOutcome;
  readonly info: OcrExhibitInfo | undefined;
  readonly onSelect: (label: string) => void;
}) {
  const ref = <ExhibitRef label={outcome.exhibit} info={info} onSelect={onSelect} />;
  switch (outcome.status) {
    case 'read':
      return (
        <li className="outcome outcome-ok">
          <Check size={13} aria-hidden="true" />
          {ref}
          <span className="muted">
            {outcome.pictures === 0
              ? 'no text found'
              : `${count(outcome.pictures, 'picture', 'pictures')} with text, ${count(outcome.words, 'word', 'words')}`}
            {outcome.occurrences > 0
              ? ` · ${count(outcome.occurrences, 'indicator occurrence', 'indicator occurrences')}`
              : ''}
          </span>
        </li>
      );
    case 'failed':
      return (
        <li className="outcome outcome-failed">
          <X size={13} aria-hidden="true" />
          {ref}
          <span className="outcome-note" title={outcome.reason}>
            failed: {outcome.reason}
          </span>
        </li>
      );
    case 'cancelled':
      return (
        <li className="outcome outcome-cancelled">
          <CircleSlash size={13} aria-hidden="true" />
          {ref}
          <span className="muted">cancelled, still to be read</span>
        </li>
      );
  }
}

/**
 * OCR of the case's pictures, docked under the evidence list beside the import panel: the exhibit
 * being read and its frame, exhibits done of all, Cancel; once done, one line of summary (failures
 * stay listed, the rest behind "Details").
 */
export function OcrPanel({
  job,
  describe,
  onCancel,
  onClose,
  onSelect,
}: {
  readonly job: OcrJobState;
  readonly describe: (label: string) => OcrExhibitInfo | undefined;
  readonly onCancel: () => void;
  readonly onClose: () => void;
  /** Show an exhibit's OCR (its label, e.g. "E-0002"). */
  readonly onSelect: (label: string) => void;
}) {
  const [expanded, setExpanded] = useState<{ readonly jobId: string; readonly open: boolean } | null>(null);
  const open = expanded?.jobId === job.jobId && expanded.open;
  const { done, current } = job;
  const total = job.exhibitCount;
  const finished = done ? total : job.exhibitsDone;
  const failures = job.outcomes.filter((outcome) => outcome.status === 'failed');
  const info = current ? describe(current.exhibit) : undefined;
  const video = info?.kind === 'video' || current?.stage === 'sampling' || (current?.frameCount ?? 0) > 1;
  const framesShown = current?.stage === 'reading' && current.frameCount > 0;
  const listed = done ? (open ? job.outcomes : failures) : job.outcomes;

  return (
    <section className="import-panel ocr-panel" aria-label="OCR progress">
      <header className="import-head">
        <ScanText size={15} aria-hidden="true" className="ocr-icon" />
        <strong>{done ? 'OCR finished' : job.cancelling ? 'Cancelling OCR…' : 'Reading text in pictures…'}</strong>
        {done ? (
          <span className="ocr-summary" role="status">
            {ocrSummary(job)}
          </span>
        ) : (
          <>
            <span className="muted tabular">
              {finished} / {total} {total === 1 ? 'exhibit' : 'exhibits'}
            </span>
            <div
              className="progress"
              role="progressbar"
              aria-label="Exhibits read"
              aria-valuemin={0}
              aria-valuemax={Math.max(total, 1)}
              aria-valuenow={finished}
            >
              <div className="progress-fill" style={{ width: `${percent(finished, total)}%` }} />
            </div>
          </>
        )}
        <span className="spacer" />
        {done && job.outcomes.length > failures.length && (
          <button
            type="button"
            className="button button-small"
            aria-expanded={open}
            onClick={() => setExpanded({ jobId: job.jobId, open: !open })}
          >
            {open ? <ChevronDown size={12} aria-hidden="true" /> : <ChevronRight size={12} aria-hidden="true" />}
            Details
          </button>
        )}
        {done ? (
          <button type="button" className="button button-small" onClick={onClose}>
            Close
          </button>
        ) : (
          <button type="button" className="button button-small" onClick={onCancel} disabled={job.cancelling}>
            Cancel OCR
          </button>
        )}
      </header>
      {!done && current && current.exhibit !== '' && (
        <div className="import-current">
          <ExhibitRef label={current.exhibit} info={info} onSelect={onSelect} />
          <span className="muted tabular small ocr-step">{ocrStepText(current, video)}</span>
          {framesShown && (
            <div
              className="progress progress-thin"
              role="progressbar"
              aria-label={`Pictures of ${current.exhibit} read`}
              aria-valuemin={0}
              aria-valuemax={current.frameCount}
              aria-valuenow={current.frameIndex}
            >
              <div className="progress-fill" style={{ width: `${percent(current.frameIndex, current.frameCount)}%` }} />
            </div>
          )}
        </div>
      )}
      <ErrorMessage message={job.error} />
      {listed.length > 0 && (
        <ul className="outcomes" role="log" aria-label="OCR outcomes">
          {listed.map((outcome, index) => (
            // Outcomes only ever append, so the index is stable.
            <Outcome
              key={`${index}:${outcome.exhibit}`}
              outcome={outcome}
              info={describe(outcome.exhibit)}
              onSelect={onSelect}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
