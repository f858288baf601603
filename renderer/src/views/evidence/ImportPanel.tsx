import { useEffect, useRef } from 'react';
import { AlertTriangle, Check, CircleSlash, Copy, X } from 'lucide-react';
import type { ImportFileOutcome } from '../../../../shared/evidence.js';
import { ErrorMessage } from '../../components/Feedback.js';
import { baseName, formatBytes } from '../../format.js';
import type { ImportJobState } from './useImportJob.js';

function percent(done: number, total: number): number {
  return total <= 0 ? 0 : Math.min(100, Math.round((done / total) * 100));
}

function Outcome({
  outcome,
  onSelect,
}: {
  readonly outcome: ImportFileOutcome;
  readonly onSelect: (label: string) => void;
}) {
  const name = (
    <span className="outcome-path mono" title={outcome.path}>
      {baseName(outcome.path)}
    </span>
  );
  switch (outcome.status) {
    case 'imported':
      return (
        <li className={outcome.parseError ? 'outcome outcome-warn' : 'outcome outcome-ok'}>
          {outcome.parseError ? <AlertTriangle size={13} aria-hidden="true" /> : <Check size={13} aria-hidden="true" />}
          {name}
          <button type="button" className="link-button mono" onClick={() => onSelect(outcome.exhibit)}>
            {outcome.exhibit}
          </button>
          {outcome.children > 0 && (
            <span className="muted">
              + {outcome.children} derived {outcome.children === 1 ? 'item' : 'items'}
            </span>
          )}
          {outcome.parseError && <span className="outcome-note">not parsed: {outcome.parseError}</span>}
        </li>
      );
    case 'duplicate':
      return (
        <li className="outcome outcome-dup">
          <Copy size={13} aria-hidden="true" />
          {name}
          <span className="muted">already in the case as</span>
          <button type="button" className="link-button mono" onClick={() => onSelect(outcome.exhibit)}>
            {outcome.exhibit}
          </button>
        </li>
      );
    case 'failed':
      return (
        <li className="outcome outcome-failed">
          <X size={13} aria-hidden="true" />
          {name}
          <span className="outcome-note">failed: {outcome.error}</span>
        </li>
      );
    case 'cancelled':
      return (
        <li className="outcome outcome-cancelled">
          <CircleSlash size={13} aria-hidden="true" />
          {name}
          <span className="muted">cancelled</span>
        </li>
      );
  }
}

/** The running (or last) import, docked under the evidence list. */
export function ImportPanel({
  job,
  onCancel,
  onClose,
  onSelect,
}: {
  readonly job: ImportJobState;
  readonly onCancel: () => void;
  readonly onClose: () => void;
  readonly onSelect: (label: string) => void;
}) {
  const { done } = job;
  const log = useRef<HTMLUListElement>(null);
  // Follow the newest outcome, as a log does.
  useEffect(() => {
    const list = log.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [job.outcomes.length]);
  const total = job.fileCount;
  const filesDone = done ? total : job.filesDone;
  return (
    <section className="import-panel" aria-label="Import progress">
      <header className="import-head">
        <strong>{done ? 'Import finished' : job.cancelling ? 'Cancelling import…' : 'Importing evidence…'}</strong>
        <span className="muted tabular">
          {filesDone} / {total} {total === 1 ? 'file' : 'files'}
        </span>
        <div
          className="progress"
          role="progressbar"
          aria-label="Files imported"
          aria-valuemin={0}
          aria-valuemax={Math.max(total, 1)}
          aria-valuenow={filesDone}
        >
          <div className="progress-fill" style={{ width: `${done ? 100 : percent(filesDone, total)}%` }} />
        </div>
        <span className="spacer" />
        {done ? (
          <button type="button" className="button button-small" onClick={onClose}>
            Close
          </button>
        ) : (
          <button type="button" className="button button-small" onClick={onCancel} disabled={job.cancelling}>
            Cancel
          </button>
        )}
      </header>
      {!done && job.current && (
        <div className="import-current">
          <span className="mono outcome-path" title={job.current.path}>
            {baseName(job.current.path)}
          </span>
          <div
            className="progress progress-thin"
            role="progressbar"
            aria-label="Current file"
            aria-valuemin={0}
            aria-valuemax={Math.max(job.current.bytesTotal, 1)}
            aria-valuenow={job.current.bytesDone}
          >
            <div
              className="progress-fill"
              style={{ width: `${percent(job.current.bytesDone, job.current.bytesTotal)}%` }}
            />
          </div>
          <span className="muted tabular small">
            {formatBytes(job.current.bytesDone)} of {formatBytes(job.current.bytesTotal)}
          </span>
        </div>
      )}
      {done && (
        <p className="import-summary" role="status">
          Done: {done.imported} imported, {done.duplicates} already in the case, {done.failed} failed
          {done.cancelled > 0 ? `, ${done.cancelled} cancelled` : ''}.
        </p>
      )}
      <ErrorMessage message={job.error} />
      {job.outcomes.length > 0 && (
        <ul ref={log} className="outcomes" role="log" aria-label="Import outcomes">
          {job.outcomes.map((outcome, index) => (
            // Outcomes only ever append, so the index is stable.
            <Outcome key={`${index}:${outcome.path}`} outcome={outcome} onSelect={onSelect} />
          ))}
        </ul>
      )}
    </section>
  );
}
