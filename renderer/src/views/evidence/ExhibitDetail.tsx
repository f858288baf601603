import { useEffect, useState } from 'react';
import { CheckCircle2, CornerLeftUp, Maximize2, Minimize2, X } from 'lucide-react';
import type { CustodyEntry } from '../../../../shared/domain.js';
import type { ExhibitDetail as Detail, ExhibitSummary } from '../../../../shared/evidence.js';
import type { OccurrenceLocation } from '../../../../shared/indicator-types.js';
import { useClient } from '../../api/context.js';
import { ErrorMessage } from '../../components/Feedback.js';
import { NotesEditor, TagEditor } from '../../components/TagsAndNotes.js';
import { formatBytes, formatUtc } from '../../format.js';
import { ExhibitViewer, type ViewerTab } from './previews/ExhibitViewer.js';
import { formatTimecode } from './previews/timecode.js';
import { ExhibitName } from './text.js';
import { CopyButton } from '../../components/CopyButton.js';

function label(number: number): string {
  return `E-${String(number).padStart(4, '0')}`;
}

function ExhibitLink({ number, onSelect }: { readonly number: number; readonly onSelect: (n: number) => void }) {
  return (
    <button type="button" className="link-button mono" onClick={() => onSelect(number)}>
      {label(number)}
    </button>
  );
}

function time(ms: number | null): string {
  return ms === null ? '—' : formatUtc(ms);
}

function Custody({ entries }: { readonly entries: readonly CustodyEntry[] }) {
  if (entries.length === 0) return <p className="faint small">No custody entries.</p>;
  return (
    <table className="mini-table">
      <thead>
        <tr>
          <th scope="col" className="num">
            Seq
          </th>
          <th scope="col">Time (UTC)</th>
          <th scope="col">Analyst</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.seq} title={JSON.stringify(entry.details)}>
            <td className="num mono">{entry.seq}</td>
            <td className="mono nowrap">{formatUtc(entry.at).replace(' UTC', '')}</td>
            <td>{entry.analyst}</td>
            <td>
              <span className="action-tag mono">{entry.action}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface ExhibitDetailProps {
  readonly number: number;
  /** Bumped when evidence changes elsewhere: reload. */
  readonly revision: number;
  readonly onSelect: (number: number) => void;
  readonly onClose: () => void;
  /**
   * Where to look (from the Indicators view): a text range is highlighted in the Text tab, a PDF page
   * opened, an OCR box outlined on the image or on the video frame it was read from.
   */
  readonly focus?: OccurrenceLocation | undefined;
  /** The viewer tab to start on when there is no focus (e.g. 'text' for a search hit). */
  readonly initialTab?: ViewerTab | undefined;
  /** The pane is widened over the exhibit list (toggled by its header button). */
  readonly wide?: boolean;
  readonly onToggleWide?: () => void;
}

/** Everything known about one exhibit: its viewer, tags, hashes, provenance, notes and custody history. */
export function ExhibitDetailPane({
  number,
  revision,
  onSelect,
  onClose,
  focus,
  initialTab,
  wide = false,
  onToggleWide,
}: ExhibitDetailProps) {
  const client = useClient();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [custody, setCustody] = useState<readonly CustodyEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [edits, setEdits] = useState(0);

  useEffect(() => {
    let current = true;
    void Promise.all([client.getExhibit({ number }), client.listCustody({ objectId: label(number), limit: 100 })]).then(
      ([exhibit, log]) => {
        if (!current) return;
        if (exhibit.ok) setDetail(exhibit.value);
        if (log.ok) setCustody(log.value.entries);
        setError(!exhibit.ok ? exhibit.error.message : !log.ok ? log.error.message : null);
      },
    );
    return () => {
      current = false;
    };
  }, [client, number, revision, edits]);

  const update = async (change: { tags?: readonly string[]; notes?: string }) => {
    setBusy(true);
    const result = await client.updateExhibit({ number, ...change });
    setBusy(false);
    if (result.ok) {
      setDetail(result.value);
      setError(null);
      setEdits((count) => count + 1);
    } else setError(result.error.message);
  };

  const shown = detail?.number === number ? detail : null;

  // A saved video frame: say so on the new exhibit's pane, which is selected at once.
  const [saved, setSaved] = useState<{ readonly number: number; readonly text: string } | null>(null);
  const onFrameSaved = (summary: ExhibitSummary, timeS: number) => {
    setSaved({
      number: summary.number,
      text: `The frame shown at ${formatTimecode(timeS)} of ${label(number)} was saved as ${summary.label} (${summary.displayName}).`,
    });
    onSelect(summary.number);
  };

  return (
    <aside className="detail" aria-label={`Exhibit ${label(number)}`}>
      <header className="detail-header">
        <div className="detail-title">
          <span className="detail-label mono">{label(number)}</span>
          <h2 title={shown?.displayName}>{shown ? <ExhibitName name={shown.displayName} /> : 'Loading…'}</h2>
        </div>
        <div className="detail-actions">
          {onToggleWide && (
            <button
              type="button"
              className="icon-button"
              aria-label={wide ? 'Narrow the detail pane' : 'Widen the detail pane'}
              aria-pressed={wide}
              title={wide ? 'Narrow the detail pane' : 'Widen the detail pane'}
              onClick={onToggleWide}
            >
              {wide ? <Minimize2 size={15} aria-hidden="true" /> : <Maximize2 size={15} aria-hidden="true" />}
            </button>
          )}
          <button
            type="button"
            className="icon-button"
            aria-label="Close detail"
            title="Close detail"
            onClick={onClose}
          >
            <X size={16} aria-hidden="true" />
          </button>
        </div>
      </header>
      <ErrorMessage message={error} />
      {saved?.number === number && (
        <p className="saved-notice" role="status">
          <CheckCircle2 size={14} aria-hidden="true" />
          <span>{saved.text}</span>
        </p>
      )}
      {shown && (
        <div className="detail-body">
          <div className="detail-badges">
            <span className="badge">{shown.kind}</span>
            <span className="faint mono small">{shown.mime}</span>
            {shown.parseStatus !== 'parsed' && (
              <span className="badge badge-warn" title={shown.parseError}>
                not parsed
              </span>
            )}
            {shown.extensionMismatch && <span className="badge badge-warn">extension mismatch</span>}
          </div>
          {shown.parseStatus !== 'parsed' && shown.parseError !== '' && (
            <p className="parse-error">
              <strong>Not parsed:</strong> {shown.parseError}
            </p>
          )}

          <ExhibitViewer
            key={shown.number}
            detail={shown}
            focus={focus}
            initialTab={initialTab}
            onSelect={onSelect}
            onFrameSaved={onFrameSaved}
          />

          <section className="detail-section" aria-label="Tags">
            <h3>Tags</h3>
            <TagEditor
              tags={shown.tags}
              busy={busy}
              onAdd={(tag) => void update({ tags: [...shown.tags, tag] })}
              onRemove={(tag) => void update({ tags: shown.tags.filter((item) => item !== tag) })}
            />
          </section>

          <section className="detail-section" aria-label="Hashes">
            <h3>Hashes</h3>
            <dl className="kv">
              {(
                [
                  ['SHA-256', shown.sha256],
                  ['SHA-1', shown.sha1],
                  ['MD5', shown.md5],
                ] as const
              ).map(([name, value]) => (
                <div key={name} className="kv-row">
                  <dt>{name}</dt>
                  <dd className="hash">
                    <span className="mono">{value}</span>
                    <CopyButton value={value} label={name} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>

          <section className="detail-section" aria-label="File">
            <h3>File</h3>
            <dl className="kv">
              <div className="kv-row">
                <dt>Size</dt>
                <dd>
                  {formatBytes(shown.size)} <span className="faint">({shown.size.toLocaleString('en')} bytes)</span>
                </dd>
              </div>
              <div className="kv-row">
                <dt>Original path</dt>
                <dd className="mono break">{shown.originalPath}</dd>
              </div>
              <div className="kv-row">
                <dt>Modified</dt>
                <dd className="mono">{time(shown.fileTimes.modified)}</dd>
              </div>
              <div className="kv-row">
                <dt>Changed</dt>
                <dd className="mono">{time(shown.fileTimes.changed)}</dd>
              </div>
              <div className="kv-row">
                <dt>Accessed</dt>
                <dd className="mono">{time(shown.fileTimes.accessed)}</dd>
              </div>
              <div className="kv-row">
                <dt>Created</dt>
                <dd className="mono">{time(shown.fileTimes.created)}</dd>
              </div>
              <div className="kv-row">
                <dt>Imported</dt>
                <dd>
                  <span className="mono">{formatUtc(shown.importedAt)}</span> by {shown.importedBy}
                </dd>
              </div>
            </dl>
          </section>

          {(shown.parentNumber !== null || shown.children.length > 0) && (
            <section className="detail-section" aria-label="Derivation">
              <h3>Derivation</h3>
              <dl className="kv">
                {shown.parentNumber !== null && (
                  <div className="kv-row">
                    <dt>Derived from</dt>
                    <dd>
                      <CornerLeftUp size={12} aria-hidden="true" className="faint" />{' '}
                      <ExhibitLink number={shown.parentNumber} onSelect={onSelect} />{' '}
                      <span className="faint">· {shown.derivation}</span>
                    </dd>
                  </div>
                )}
                {shown.children.length > 0 && (
                  <div className="kv-row">
                    <dt>Derived items</dt>
                    <dd>
                      <ul className="plain-list">
                        {shown.children.map((child) => (
                          <li key={child.number}>
                            <ExhibitLink number={child.number} onSelect={onSelect} /> <ExhibitName name={child.name} />{' '}
                            <span className="faint">· {child.derivation}</span>
                          </li>
                        ))}
                      </ul>
                    </dd>
                  </div>
                )}
              </dl>
            </section>
          )}

          <section className="detail-section" aria-label="Provenance">
            <h3>Provenance</h3>
            <dl className="kv">
              <div className="kv-row">
                <dt>Collection</dt>
                <dd>
                  {shown.collection ? (
                    <dl className="kv kv-nested">
                      {(
                        [
                          ['Source', shown.collection.source],
                          ['Method', shown.collection.method],
                          ['Collector', shown.collection.collector],
                          ['Notes', shown.collection.notes],
                        ] as const
                      )
                        .filter(([, value]) => value !== undefined && value !== '')
                        .map(([name, value]) => (
                          <div key={name} className="kv-row">
                            <dt>{name}</dt>
                            <dd className="break">{value}</dd>
                          </div>
                        ))}
                    </dl>
                  ) : (
                    <span className="faint">No collection record</span>
                  )}
                </dd>
              </div>
              <div className="kv-row">
                <dt>Sources ({shown.sources.length})</dt>
                <dd>
                  <ul className="plain-list">
                    {shown.sources.map((source) => (
                      <li key={`${source.path}@${source.seenAt}`}>
                        <span className="mono break">{source.path}</span>
                        <span className="faint small">
                          {' '}
                          · {formatUtc(source.seenAt)} · {source.seenBy}
                        </span>
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            </dl>
          </section>

          <section className="detail-section" aria-label="Notes">
            <h3>Notes</h3>
            <NotesEditor
              key={`${shown.number}:${shown.notes}`}
              notes={shown.notes}
              busy={busy}
              onSave={(notes) => void update({ notes })}
              placeholder="Analyst notes on this exhibit"
            />
          </section>

          <section className="detail-section" aria-label="Custody history">
            <h3>Custody history</h3>
            <Custody entries={custody} />
          </section>
        </div>
      )}
    </aside>
  );
}
