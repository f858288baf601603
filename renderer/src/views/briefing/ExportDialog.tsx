import { useId, useState, type SyntheticEvent } from 'react';
import { AlertTriangle, CheckCircle2, FileDown, FolderOpen, ScrollText } from 'lucide-react';
import {
  CSV_TABLES,
  DOCUMENT_FORMATS,
  EXCHANGE_FORMATS,
  type BriefingSummary,
  type CsvTable,
  type ExportFormat,
  type ExportResult,
} from '../../../../shared/briefing.js';
import { useClient } from '../../api/context.js';
import { CopyButton } from '../../components/CopyButton.js';
import { Dialog } from '../../components/Dialog.js';
import { DirectoryBrowser } from '../../components/DirectoryBrowser.js';
import { ErrorMessage } from '../../components/Feedback.js';
import { formatBytes, joinPath } from '../../format.js';
import { exportFileName, FORMAT_LABELS } from './model.js';

/** The standard case briefing's value in the briefing select. */
const STANDARD = '';

interface ExportDialogProps {
  readonly briefings: readonly BriefingSummary[];
  /** The briefing open in the editor (preselected), if any. */
  readonly briefingId: string | null;
  readonly caseTitle: string;
  /** Where the case file is: the default folder for exports in the browser shell. */
  readonly defaultFolder: string;
  /** The shell has a native save dialog (Electron). */
  readonly nativeDialogs: boolean;
  readonly initialFormat?: ExportFormat;
  /** Save what the editor holds before a document is rendered; false when that failed. */
  readonly beforeExport: () => Promise<boolean>;
  readonly onClose: () => void;
}

type Phase =
  | { readonly kind: 'choose' }
  | { readonly kind: 'running'; readonly format: ExportFormat }
  | { readonly kind: 'done'; readonly result: ExportResult };

/**
 * Export a briefing (PDF, DOCX, HTML, Markdown) or the case's exchange files (STIX 2.1, MISP, CSV):
 * format → where (a native save dialog, or a folder and file name in the browser shell) → progress →
 * the path, size and SHA-256 written, and the custody entry that records it.
 */
export function ExportDialog({
  briefings,
  briefingId,
  caseTitle,
  defaultFolder,
  nativeDialogs,
  initialFormat = 'pdf',
  beforeExport,
  onClose,
}: ExportDialogProps) {
  const client = useClient();
  const ids = { briefing: useId(), table: useId(), folder: useId(), name: useId(), path: useId() };
  const [format, setFormat] = useState<ExportFormat>(initialFormat);
  const [source, setSource] = useState<string>(briefingId ?? STANDARD);
  const [table, setTable] = useState<CsvTable>('indicators');
  const [folder, setFolder] = useState(defaultFolder);
  const [name, setName] = useState<string | null>(null);
  const [nativePath, setNativePath] = useState<string | null>(null);
  const [browsing, setBrowsing] = useState(false);
  const [overwrite, setOverwrite] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);

  const isDocument = (DOCUMENT_FORMATS as readonly string[]).includes(format);
  const sourceTitle = briefings.find((b) => b.id === source)?.title ?? caseTitle;
  const suggested = exportFileName(isDocument ? sourceTitle : caseTitle, format, table);
  const fileName = name ?? suggested;
  const path = nativeDialogs
    ? nativePath
    : folder.trim() === '' || fileName.trim() === ''
      ? null
      : joinPath(folder.trim(), fileName.trim());

  const chooseNative = async () => {
    setError(null);
    const result = await client.chooseExportPath({ format, suggestedName: suggested });
    if (!result.ok) setError(result.error.message);
    else if (result.value !== null) setNativePath(result.value);
  };

  const run = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (phase.kind === 'running') return;
    if (path === null) {
      setError(nativeDialogs ? 'Choose where to save the file.' : 'Give a folder and a file name.');
      return;
    }
    setError(null);
    setPhase({ kind: 'running', format });
    if (isDocument && source !== STANDARD && !(await beforeExport())) {
      setPhase({ kind: 'choose' });
      setError('The briefing’s latest edits could not be saved, so it was not exported. See the save status.');
      return;
    }
    const result = await client.exportCase({
      format,
      path,
      ...(overwrite ? { overwrite: true } : {}),
      ...(isDocument && source !== STANDARD ? { briefingId: source } : {}),
      ...(format === 'csv' ? { table } : {}),
    });
    if (!result.ok) {
      setPhase({ kind: 'choose' });
      setError(result.error.message);
      return;
    }
    setPhase({ kind: 'done', result: result.value });
  };

  if (phase.kind === 'done') {
    const { result } = phase;
    return (
      <Dialog title="Exported" onClose={onClose} size="lg">
        <div className="briefing-export-result" data-export-state="done" role="status">
          <p className="briefing-export-ok">
            <CheckCircle2 size={18} aria-hidden="true" />
            <span>
              {FORMAT_LABELS[result.format].name} written, {formatBytes(result.bytes)}.
            </span>
          </p>
          <dl className="briefing-export-facts">
            <dt>File</dt>
            <dd>
              <span className="mono" data-testid="export-path">
                {result.path}
              </span>
              <CopyButton value={result.path} label="path" />
            </dd>
            <dt>SHA-256</dt>
            <dd>
              <span className="mono briefing-hash" data-testid="export-sha256">
                {result.sha256}
              </span>
              <CopyButton value={result.sha256} label="SHA-256" />
            </dd>
            <dt>Custody</dt>
            <dd>
              <ScrollText size={14} aria-hidden="true" />
              <span>
                Recorded in the custody log as entry <strong className="mono">#{result.custodySeq}</strong>, with this
                hash.
              </span>
            </dd>
          </dl>
          {result.warnings && result.warnings.length > 0 && (
            <ul className="briefing-export-warnings" aria-label="Warnings">
              {result.warnings.map((warning) => (
                <li key={warning}>
                  <AlertTriangle size={13} aria-hidden="true" />
                  {warning}
                </li>
              ))}
            </ul>
          )}
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setPhase({ kind: 'choose' })}>
              Export another
            </button>
            <button type="button" className="button button-primary" data-autofocus onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      </Dialog>
    );
  }

  const running = phase.kind === 'running';
  const formatGroup = (label: string, formats: readonly ExportFormat[]) => (
    <fieldset className="briefing-format-group">
      <legend>{label}</legend>
      {formats.map((f) => (
        <label key={f} className="briefing-format">
          <input
            type="radio"
            name="export-format"
            value={f}
            checked={format === f}
            onChange={() => {
              setFormat(f);
              setNativePath(null);
            }}
          />
          <span className="briefing-format-name">{FORMAT_LABELS[f].name}</span>
          <span className="briefing-format-detail">{FORMAT_LABELS[f].detail}</span>
        </label>
      ))}
    </fieldset>
  );

  return (
    <Dialog
      title="Export"
      description="The file is written where you choose and recorded in the case’s custody log with its SHA-256."
      onClose={running ? undefined : onClose}
      size="lg"
    >
      <form className="form" onSubmit={(event) => void run(event)} data-export-state={running ? 'running' : 'idle'}>
        <div className="briefing-formats">
          {formatGroup('Briefing document', DOCUMENT_FORMATS)}
          {formatGroup('Case exchange', EXCHANGE_FORMATS)}
        </div>
        {isDocument ? (
          <div className="field">
            <label htmlFor={ids.briefing}>Briefing</label>
            <select id={ids.briefing} value={source} onChange={(event) => setSource(event.target.value)}>
              {briefings.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.title || 'Untitled briefing'}
                </option>
              ))}
              <option value={STANDARD}>Standard case briefing (generated from the case)</option>
            </select>
          </div>
        ) : format === 'csv' ? (
          <div className="field">
            <label htmlFor={ids.table}>Table</label>
            <select id={ids.table} value={table} onChange={(event) => setTable(event.target.value as CsvTable)}>
              {CSV_TABLES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="field-hint">The whole case: entities, relationships, indicators and events, marked TLP.</p>
        )}
        {nativeDialogs ? (
          <div className="field">
            <label htmlFor={ids.path}>Save as</label>
            <div className="input-with-button">
              <input id={ids.path} className="mono" readOnly value={nativePath ?? ''} placeholder={suggested} />
              <button type="button" className="button" onClick={() => void chooseNative()} disabled={running}>
                Choose…
              </button>
            </div>
          </div>
        ) : (
          <>
            <div className="field">
              <label htmlFor={ids.folder}>Folder</label>
              <div className="input-with-button">
                <input
                  id={ids.folder}
                  className="mono"
                  value={folder}
                  onChange={(event) => setFolder(event.target.value)}
                  spellCheck={false}
                  autoComplete="off"
                />
                <button
                  type="button"
                  className="button"
                  aria-expanded={browsing}
                  onClick={() => setBrowsing((open) => !open)}
                >
                  <FolderOpen size={15} aria-hidden="true" />
                  {browsing ? 'Hide folders' : 'Browse…'}
                </button>
              </div>
              {browsing && (
                <DirectoryBrowser
                  start={folder.trim() || undefined}
                  mode="folder"
                  onPick={(picked) => {
                    setFolder(picked);
                    setBrowsing(false);
                  }}
                />
              )}
            </div>
            <div className="field">
              <label htmlFor={ids.name}>File name</label>
              <input
                id={ids.name}
                className="mono"
                value={fileName}
                onChange={(event) => setName(event.target.value)}
                spellCheck={false}
                autoComplete="off"
              />
            </div>
          </>
        )}
        <label className="check briefing-check">
          <input type="checkbox" checked={overwrite} onChange={(event) => setOverwrite(event.target.checked)} />
          Replace the file if it already exists
        </label>
        <ErrorMessage message={error} />
        <div className="form-actions">
          {running && (
            <span className="briefing-export-progress" role="status">
              <span className="briefing-progress-bar" aria-hidden="true" />
              Exporting {FORMAT_LABELS[phase.format].name}…
            </span>
          )}
          <button type="button" className="button" onClick={onClose} disabled={running}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={running || path === null}>
            <FileDown size={14} aria-hidden="true" />
            {running ? 'Exporting…' : `Export ${FORMAT_LABELS[format].name}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
