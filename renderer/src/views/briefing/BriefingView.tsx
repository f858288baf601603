import { useCallback, useEffect, useRef, useState } from 'react';
import { AlertTriangle, Check, Copy, Eye, FileDown, FileText, Loader2, Plus, RotateCw, Trash2 } from 'lucide-react';
import type { Briefing, BriefingContent, BriefingSummary } from '../../../../shared/briefing.js';
import type { CaseSummary } from '../../../../shared/domain.js';
import type { ExhibitSummary } from '../../../../shared/evidence.js';
import type { Timeline } from '../../../../shared/timeline.js';
import { useClient } from '../../api/context.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/Feedback.js';
import { TlpBadge } from '../../components/TlpBadge.js';
import { dirName, formatUtc, formatUtcShort } from '../../format.js';
import { Toast, type ToastMessage } from '../indicators/parts.js';
import { ExportDialog } from './ExportDialog.js';
import { GraphFigureEditor, TimelineFigureEditor, type SavedViewChoice } from './FiguresEditor.js';
import { JudgementsEditor } from './JudgementsEditor.js';
import { CLASSIFICATION_SUGGESTIONS } from './model.js';
import { PreviewPane } from './PreviewPane.js';
import { Switch } from './Switch.js';
import { TlpPicker } from './TlpPicker.js';
import { afterPendingSaves, TITLE_NEEDED, useAutosave, type SaveStatus } from './useAutosave.js';
import '../../styles/briefing.css';

interface BriefingViewProps {
  readonly summary: CaseSummary;
  /** The shell has system file dialogs (Electron); the browser shell asks for a folder and a name. */
  readonly nativeDialogs: boolean;
}

/** At most one reload of the exhibits per this long while an import reports. */
const REFRESH_MS = 500;

const isMac = typeof navigator !== 'undefined' && /Macintosh|Mac OS X/.test(navigator.userAgent);

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

function SaveIndicator({ status, onRetry }: { readonly status: SaveStatus; readonly onRetry: () => void }) {
  return (
    <span className={`briefing-save briefing-save-${status.kind}`} role="status" aria-live="polite">
      {status.kind === 'saved' && (
        <>
          <Check size={13} aria-hidden="true" />
          {status.at > 0 ? (
            <span title={`Saved ${formatUtc(status.at)}`}>Saved {formatUtc(status.at).slice(11, 16)} UTC</span>
          ) : (
            'Saved'
          )}
        </>
      )}
      {status.kind === 'pending' && <>Unsaved changes</>}
      {status.kind === 'saving' && (
        <>
          <Loader2 size={13} aria-hidden="true" className="spin" />
          Saving…
        </>
      )}
      {status.kind === 'error' && (
        <>
          <AlertTriangle size={13} aria-hidden="true" />
          <span title={`Not saved: ${status.message}`}>Not saved: {status.message}</span>
          {status.message !== TITLE_NEEDED && (
            <button type="button" className="button button-small" onClick={onRetry}>
              <RotateCw size={12} aria-hidden="true" />
              Retry
            </button>
          )}
        </>
      )}
    </span>
  );
}

/**
 * Briefings: the case's briefings (several per audience), the open one's editor with autosave, a live
 * preview of what an export renders, and the Export dialog (documents and exchange files).
 */
export function BriefingView({ summary, nativeDialogs }: BriefingViewProps) {
  const client = useClient();
  const [briefings, setBriefings] = useState<readonly BriefingSummary[] | null>(null);
  const [exhibits, setExhibits] = useState<readonly ExhibitSummary[]>([]);
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [views, setViews] = useState<readonly SavedViewChoice[] | null>(null);
  const [viewsError, setViewsError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const [previewRevision, setPreviewRevision] = useState(0);
  const [showPreview, setShowPreview] = useState(true);
  const [exporting, setExporting] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState<BriefingSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const toastIds = useRef(0);
  const titleInput = useRef<HTMLInputElement>(null);
  const focusTitle = useRef(false);

  const say = (text: string) => {
    toastIds.current += 1;
    setToast({ text, id: toastIds.current });
  };

  const onSaved = useCallback((saved: Briefing) => {
    setBriefings(
      (list) =>
        list?.map((b) =>
          b.id === saved.id
            ? {
                ...b,
                title: saved.title,
                tlp: saved.tlp,
                judgements: saved.judgements.length,
                updatedAt: saved.updatedAt,
                updatedBy: saved.updatedBy,
              }
            : b,
        ) ?? list,
    );
    setPreviewRevision((n) => n + 1);
  }, []);
  const autosave = useAutosave(client, onSaved);
  const { load, flush, edit } = autosave;
  const draft = autosave.draft;
  const openId = autosave.id;

  const open = useCallback(
    async (id: string | null) => {
      if (!(await flush())) {
        setError(
          'This briefing has changes that are not saved yet (see why above the editor); they are kept here until they are.',
        );
        return;
      }
      if (id === null) {
        load(null);
        return;
      }
      setOpening(id);
      await afterPendingSaves();
      const result = await client.getBriefing({ id });
      setOpening(null);
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setError(null);
      load(result.value);
    },
    [client, flush, load],
  );

  // The case's briefings, exhibits (to cite), timeline (the figure's range) and saved graph views.
  useEffect(() => {
    let current = true;
    // An editor left a moment ago may still be saving: list what it saved.
    void afterPendingSaves()
      .then(() =>
        Promise.all([
          client.listBriefings({}),
          client.listExhibits({}),
          client.listTimeline({}),
          client.listGraphViews({}),
        ]),
      )
      .then(([list, ex, tl, gv]) => {
        if (!current) return;
        if (list.ok) {
          setBriefings(list.value);
          const first = list.value[0];
          if (first) void open(first.id);
        } else setError(list.error.message);
        if (ex.ok) setExhibits(ex.value);
        if (tl.ok) setTimeline(tl.value);
        if (gv.ok) {
          setViews(gv.value.map((view) => ({ id: view.id, name: view.name })));
          setViewsError(null);
        } else {
          setViews([]);
          setViewsError(`Saved graph views could not be read: ${gv.error.message}`);
        }
      });
    return () => {
      current = false;
    };
  }, [client, open]);

  // Evidence imported meanwhile (a drop on the window) can be cited at once.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.on('evidenceChanged', () => {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        void Promise.all([client.listExhibits({}), client.listTimeline({})]).then(([ex, tl]) => {
          if (ex.ok) setExhibits(ex.value);
          if (tl.ok) setTimeline(tl.value);
        });
      }, REFRESH_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [client]);

  useEffect(() => {
    if (focusTitle.current && draft) {
      focusTitle.current = false;
      titleInput.current?.focus();
      titleInput.current?.select();
    }
  }, [draft]);

  // Ctrl/⌘+S saves now (autosave would anyway, a moment later).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void flush();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [flush]);

  const create = async (copyOf?: string) => {
    if (!(await flush())) return;
    setBusy(true);
    const result = await client.createBriefing(copyOf === undefined ? {} : { copyOf });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setError(null);
    const made = result.value;
    setBriefings((list) => [
      {
        id: made.id,
        title: made.title,
        tlp: made.tlp,
        judgements: made.judgements.length,
        updatedAt: made.updatedAt,
        updatedBy: made.updatedBy,
      },
      ...(list ?? []),
    ]);
    focusTitle.current = true;
    load(made);
    setPreviewRevision((n) => n + 1);
    say(copyOf === undefined ? 'New briefing created' : `Duplicated as “${made.title}”`);
  };

  const remove = async (target: BriefingSummary) => {
    setBusy(true);
    if (target.id === openId) load(null);
    const result = await client.deleteBriefing({ id: target.id });
    setBusy(false);
    setConfirmDelete(null);
    if (!result.ok) {
      setError(result.error.message);
      if (target.id === openId) void open(target.id);
      return;
    }
    setError(null);
    const rest = (briefings ?? []).filter((b) => b.id !== target.id);
    setBriefings(rest);
    say(`Deleted “${target.title}”`);
    if (target.id === openId || openId === null) void open(rest[0]?.id ?? null);
  };

  const change = (patch: Partial<BriefingContent>) => edit(patch);
  const openSummary = briefings?.find((b) => b.id === openId) ?? null;

  const header = (
    <header className="view-header">
      <h1 id="view-title">Briefings</h1>
      <p className="view-sub">
        Judgements with their likelihood and confidence, citing exhibits by number and SHA-256; the marking on every
        page. Saved as you type.
      </p>
      <div className="view-actions">
        <button type="button" className="button" onClick={() => setExporting(true)}>
          <FileDown size={14} aria-hidden="true" />
          Export…
        </button>
        <button type="button" className="button button-primary" onClick={() => void create()} disabled={busy}>
          <Plus size={14} aria-hidden="true" />
          New briefing
        </button>
      </div>
    </header>
  );

  const exportDialog = exporting && (
    <ExportDialog
      briefings={briefings ?? []}
      briefingId={openId}
      caseTitle={summary.title}
      defaultFolder={dirName(summary.path)}
      nativeDialogs={nativeDialogs}
      beforeExport={flush}
      onClose={() => setExporting(false)}
    />
  );

  if (briefings !== null && briefings.length === 0) {
    return (
      <section className="view" aria-labelledby="view-title">
        {header}
        <ErrorMessage message={error} />
        <div className="empty">
          <FileText size={32} strokeWidth={1.5} aria-hidden="true" />
          <h2>No briefing drafted yet</h2>
          <div className="empty-text">
            <p>
              A briefing puts the bottom line up front, then key judgements — each with its ICD 203 likelihood, analytic
              confidence and the exhibits it rests on — with timeline and infrastructure figures, the indicators
              (defanged) and the exhibit list. It exports to PDF, Word, HTML and Markdown.
            </p>
            <p>Until one is written, exports use a standard briefing generated from the case.</p>
          </div>
          <div className="briefing-empty-actions">
            <button type="button" className="button button-primary" onClick={() => void create()} disabled={busy}>
              <Plus size={14} aria-hidden="true" />
              New briefing
            </button>
            <button type="button" className="button" onClick={() => setExporting(true)}>
              <FileDown size={14} aria-hidden="true" />
              Export the standard briefing…
            </button>
          </div>
        </div>
        {exportDialog}
        <Toast message={toast} onDone={() => setToast(null)} />
      </section>
    );
  }

  return (
    <section className="view view-briefing" aria-labelledby="view-title" data-briefing-id={openId ?? ''}>
      {header}
      <ErrorMessage message={error} />
      <div className={`briefing-layout${showPreview ? ' with-preview' : ''}`}>
        <nav className="briefing-list" aria-label="Briefings in this case">
          <ul>
            {(briefings ?? []).map((b) => (
              <li key={b.id}>
                <button
                  type="button"
                  className="briefing-list-item"
                  aria-current={b.id === openId ? 'true' : undefined}
                  aria-busy={opening === b.id}
                  onClick={() => {
                    if (b.id !== openId) void open(b.id);
                  }}
                >
                  <span className="briefing-list-title">{b.title || 'Untitled briefing'}</span>
                  <span className="briefing-list-meta">
                    <TlpBadge tlp={b.tlp} />
                    <span>{plural(b.judgements, 'judgement')}</span>
                  </span>
                  <span className="briefing-list-when" title={formatUtc(b.updatedAt)}>
                    {formatUtcShort(b.updatedAt)} · {b.updatedBy}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </nav>

        {draft && openId ? (
          <div className="briefing-editor" data-save-state={autosave.status.kind}>
            <div className="briefing-toolbar" role="toolbar" aria-label="Briefing">
              <SaveIndicator status={autosave.status} onRetry={() => void flush()} />
              <span className="spacer" />
              <button
                type="button"
                className="button button-small"
                onClick={() => void create(openId)}
                disabled={busy}
                title="Make a copy of this briefing (e.g. for another audience)"
              >
                <Copy size={13} aria-hidden="true" />
                Duplicate
              </button>
              <button
                type="button"
                className="button button-small"
                onClick={() => openSummary && setConfirmDelete(openSummary)}
                disabled={busy || !openSummary}
              >
                <Trash2 size={13} aria-hidden="true" />
                Delete…
              </button>
              {!showPreview && (
                <button type="button" className="button button-small" onClick={() => setShowPreview(true)}>
                  <Eye size={13} aria-hidden="true" />
                  Preview
                </button>
              )}
            </div>
            <form
              className="briefing-form"
              aria-label="Briefing editor"
              onSubmit={(event) => {
                event.preventDefault();
                void flush();
              }}
            >
              <section className="briefing-section" aria-labelledby="briefing-h-heading">
                <h2 id="briefing-h-heading">Title and handling</h2>
                <div className="field">
                  <label htmlFor="briefing-title">Title</label>
                  <input
                    id="briefing-title"
                    ref={titleInput}
                    className="briefing-title-input"
                    value={draft.title}
                    onChange={(event) => change({ title: event.target.value })}
                    aria-invalid={draft.title.trim() === '' || undefined}
                  />
                  {draft.title.trim() === '' && <span className="field-error">A briefing needs a title.</span>}
                </div>
                <div className="field">
                  <label htmlFor="briefing-classification">Classification banner</label>
                  <input
                    id="briefing-classification"
                    className="mono"
                    list="briefing-classifications"
                    value={draft.classification}
                    placeholder="e.g. UNCLASSIFIED//FOR OFFICIAL USE ONLY (empty: no banner)"
                    onChange={(event) => change({ classification: event.target.value })}
                    aria-describedby="briefing-classification-hint"
                  />
                  <datalist id="briefing-classifications">
                    {CLASSIFICATION_SUGGESTIONS.map((text) => (
                      <option key={text} value={text} />
                    ))}
                  </datalist>
                  <span className="field-hint" id="briefing-classification-hint">
                    Printed with the TLP marking at the top and bottom of every page.
                  </span>
                </div>
                <TlpPicker value={draft.tlp} onChange={(tlp) => change({ tlp })} />
              </section>

              <section className="briefing-section" aria-labelledby="briefing-h-bluf">
                <h2 id="briefing-h-bluf">
                  <label htmlFor="briefing-bluf">Bottom line up front</label>
                </h2>
                <textarea
                  id="briefing-bluf"
                  rows={3}
                  value={draft.bluf}
                  placeholder="What the decision maker must know, in two or three sentences."
                  onChange={(event) => change({ bluf: event.target.value })}
                />
              </section>

              <section className="briefing-section" aria-labelledby="briefing-h-judgements">
                <h2 id="briefing-h-judgements">
                  Key judgements <span className="briefing-count">{draft.judgements.length}</span>
                </h2>
                <JudgementsEditor
                  judgements={draft.judgements}
                  exhibits={exhibits}
                  onChange={(judgements) => change({ judgements })}
                  announce={setAnnouncement}
                />
              </section>

              <section className="briefing-section" aria-labelledby="briefing-h-background">
                <h2 id="briefing-h-background">
                  <label htmlFor="briefing-background">Background</label>
                </h2>
                <textarea
                  id="briefing-background"
                  rows={4}
                  value={draft.background}
                  placeholder="Context the reader needs. Separate paragraphs with a blank line."
                  onChange={(event) => change({ background: event.target.value })}
                />
              </section>

              <section className="briefing-section" aria-labelledby="briefing-h-figures">
                <h2 id="briefing-h-figures">Figures</h2>
                <TimelineFigureEditor
                  figure={draft.timelineFigure}
                  timeline={timeline}
                  onChange={(timelineFigure) => change({ timelineFigure })}
                />
                <GraphFigureEditor
                  figure={draft.graphFigure}
                  views={views}
                  viewsError={viewsError}
                  onChange={(graphFigure) => change({ graphFigure })}
                />
              </section>

              <section className="briefing-section" aria-labelledby="briefing-h-generated">
                <h2 id="briefing-h-generated">From the case</h2>
                <p className="field-hint">
                  Read from the case when the briefing is rendered, so an export is never stale.
                </p>
                <Switch
                  label="Indicators table"
                  detail="defanged; benign and false positives left out"
                  checked={draft.includeIndicators}
                  onChange={(includeIndicators) => change({ includeIndicators })}
                />
                <Switch
                  label="Exhibit list"
                  detail="number, name, SHA-256, when, how and by whom collected"
                  checked={draft.includeExhibits}
                  onChange={(includeExhibits) => change({ includeExhibits })}
                />
                <Switch
                  label="Custody statement"
                  detail="always included: the custody log’s head hash and the result of verifying it"
                  checked
                  disabled
                  onChange={() => undefined}
                />
              </section>

              <section className="briefing-section" aria-labelledby="briefing-h-methodology">
                <h2 id="briefing-h-methodology">
                  <label htmlFor="briefing-methodology">Methodology</label>
                </h2>
                <textarea
                  id="briefing-methodology"
                  rows={3}
                  value={draft.methodology}
                  placeholder="How the evidence was collected and analysed; the limits of the analysis."
                  onChange={(event) => change({ methodology: event.target.value })}
                />
              </section>

              <section className="briefing-section" aria-labelledby="briefing-h-appendix">
                <h2 id="briefing-h-appendix">
                  <label htmlFor="briefing-appendix">Appendix</label>
                </h2>
                <textarea
                  id="briefing-appendix"
                  rows={3}
                  value={draft.appendix}
                  onChange={(event) => change({ appendix: event.target.value })}
                />
              </section>
              <p className="briefing-form-foot muted small">
                Changes save by themselves ({isMac ? '⌘S' : 'Ctrl+S'} saves at once) and each save is recorded in
                custody.
              </p>
            </form>
          </div>
        ) : (
          <div className="briefing-editor briefing-editor-empty" aria-busy={opening !== null}>
            <p className="muted">{opening !== null || briefings === null ? 'Opening…' : 'Choose a briefing.'}</p>
          </div>
        )}

        {showPreview && draft && openId && (
          <PreviewPane
            briefingId={openId}
            revision={previewRevision}
            title={draft.title || 'the briefing'}
            onHide={() => setShowPreview(false)}
          />
        )}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {confirmDelete && (
        <Dialog title="Delete briefing?" onClose={() => setConfirmDelete(null)} size="sm">
          <div className="form">
            <p>
              “{confirmDelete.title || 'Untitled briefing'}” and its {plural(confirmDelete.judgements, 'judgement')}{' '}
              will be deleted. The deletion is recorded in custody; files already exported are not touched.
            </p>
            <div className="form-actions">
              <button type="button" className="button" data-autofocus onClick={() => setConfirmDelete(null)}>
                Cancel
              </button>
              <button
                type="button"
                className="button briefing-danger"
                onClick={() => void remove(confirmDelete)}
                disabled={busy}
              >
                <Trash2 size={14} aria-hidden="true" />
                Delete briefing
              </button>
            </div>
          </div>
        </Dialog>
      )}
      {exportDialog}
      <Toast message={toast} onDone={() => setToast(null)} />
    </section>
  );
}
