import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { FileDown, X } from 'lucide-react';
import type { CollectionRecord } from '../../../shared/evidence.js';
import { useClient } from '../api/context.js';
import { formatBytes } from '../format.js';
import { ImportDialog, type DroppedEntry } from '../views/evidence/ImportDialog.js';
import type { ImportJob } from '../views/evidence/useImportJob.js';
import { ErrorMessage } from './Feedback.js';
import { takeDrop, type DroppedRoot } from './DropZoneEntries.js';
import './DropZone.css';

type Dropped =
  | { readonly kind: 'paths'; readonly paths: readonly string[] }
  | { readonly kind: 'files'; readonly roots: readonly DroppedRoot[] };

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

function plural(count: number, one: string, many: string): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}

function describeRoot(root: DroppedRoot): string {
  const bytes = root.files.reduce((sum, item) => sum + item.file.size, 0);
  const parts =
    root.kind === 'folder'
      ? ['folder', root.files.length === 0 ? 'empty' : plural(root.files.length, 'file', 'files'), formatBytes(bytes)]
      : [formatBytes(bytes)];
  if (root.unreadable.length > 0) parts.push(`${plural(root.unreadable.length, 'item', 'items')} could not be read`);
  return parts.join(' · ');
}

interface DropZoneProps {
  readonly caseTitle: string;
  readonly imports: ImportJob;
  /** An import started from a drop: show where its progress is. */
  readonly onImportStarted: () => void;
}

/**
 * Files and folders dropped anywhere on the case window: an overlay while dragging, then the import
 * dialog (collection record) for what was dropped. The Electron shell names the dropped paths; the
 * browser shell cannot, so it walks dropped folders here and sends the files to main to be staged.
 */
export function DropZone({ caseTitle, imports, onImportStarted }: DropZoneProps) {
  const client = useClient();
  const [dragging, setDragging] = useState(false);
  const [dropped, setDropped] = useState<Dropped | null>(null);
  const [notice, setNotice] = useState<{ readonly text: string; readonly error: boolean } | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  // dragenter/dragleave fire for every element crossed; the overlay shows while the count is above 0.
  const depth = useRef(0);
  // Bumped when a drop's dialog is cancelled, so that a send still under way does not start an import.
  const generation = useRef(0);

  /** Why a drop cannot be taken now, if it cannot. */
  const blockedReason = (): string | null => {
    if (imports.running) return 'An import is running. Drop again when it has finished.';
    if (dropped !== null || document.querySelector('[aria-modal="true"]') !== null) {
      return 'Finish or cancel the open dialog first.';
    }
    return null;
  };
  const blocked = dragging ? blockedReason() : null;

  const take = useEffectEvent((data: DataTransfer) => {
    if (blockedReason() !== null) return;
    setNotice(null);
    if (client.droppedFilePaths) {
      const paths = client.droppedFilePaths(Array.from(data.files));
      if (paths.length === 0) {
        setNotice({
          text: 'Nothing dropped has a place on this computer’s disk; save it as a file first.',
          error: true,
        });
        return;
      }
      setDropped({ kind: 'paths', paths });
      return;
    }
    if (!client.uploadEvidence) {
      setNotice({ text: 'This window cannot take dropped files. Use Import evidence… instead.', error: true });
      return;
    }
    const read = takeDrop(data);
    setNotice({ text: 'Reading what was dropped…', error: false });
    void read().then(
      (roots) => {
        setNotice(null);
        if (roots.length === 0) setNotice({ text: 'The drop held no files or folders.', error: true });
        else setDropped({ kind: 'files', roots });
      },
      () => setNotice({ text: 'The dropped files could not be read.', error: true }),
    );
  });

  const onDragEvent = useEffectEvent((event: DragEvent) => {
    if (!carriesFiles(event)) return;
    // Always: otherwise the browser (or Electron) would open the dropped file in place of Locard.
    event.preventDefault();
    switch (event.type) {
      case 'dragenter':
        depth.current += 1;
        setDragging(true);
        break;
      case 'dragover':
        if (event.dataTransfer) event.dataTransfer.dropEffect = blockedReason() === null ? 'copy' : 'none';
        break;
      case 'dragleave':
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
        break;
      case 'drop':
        depth.current = 0;
        setDragging(false);
        if (event.dataTransfer) take(event.dataTransfer);
        break;
    }
  });

  useEffect(() => {
    const types = ['dragenter', 'dragover', 'dragleave', 'drop'] as const;
    const listener = (event: DragEvent) => onDragEvent(event);
    for (const type of types) window.addEventListener(type, listener);
    return () => {
      for (const type of types) window.removeEventListener(type, listener);
    };
  }, []);

  const started = (problem: string | null): string | null => {
    if (problem === null) {
      setDropped(null);
      onImportStarted();
    }
    return problem;
  };

  const importPaths = async (paths: readonly string[], collection: CollectionRecord | undefined) =>
    started(await imports.start(paths, collection));

  const importFiles = async (
    roots: readonly DroppedRoot[],
    keys: readonly string[],
    collection: CollectionRecord | undefined,
  ): Promise<string | null> => {
    const items = roots.filter((root) => keys.includes(root.key)).flatMap((root) => root.files);
    if (items.length === 0) return 'The dropped folders hold no files.';
    if (!client.uploadEvidence) return 'This window cannot take dropped files. Use Import evidence… instead.';
    const mine = generation.current;
    const sent = await client.uploadEvidence(items, (step) => {
      setProgress(
        step.current === ''
          ? 'Sent; starting the import…'
          : `Sending ${String(step.filesDone + 1)} of ${String(step.fileCount)}: ${step.current} (${formatBytes(step.bytesDone)} of ${formatBytes(step.bytesTotal)})`,
      );
    });
    if (generation.current !== mine) return null;
    if (!sent.ok) {
      setProgress(null);
      return sent.error.message;
    }
    const problem = await imports.start({ uploadId: sent.value.uploadId }, collection);
    setProgress(null);
    return started(problem);
  };

  const entries: readonly DroppedEntry[] | undefined =
    dropped?.kind === 'files'
      ? dropped.roots.map((root) => ({ key: root.key, name: root.name, detail: describeRoot(root) }))
      : undefined;

  return (
    <>
      {dragging && (
        <div className={blocked === null ? 'drop-overlay' : 'drop-overlay drop-overlay-blocked'} aria-hidden="true">
          <div className="drop-card">
            <FileDown size={36} aria-hidden="true" />
            {blocked === null ? (
              <>
                <p className="drop-title">
                  Drop to import into <strong>{caseTitle}</strong>
                </p>
                <p className="drop-hint">
                  Files and folders are hashed, stored encrypted in this case and recorded in the custody log. You
                  describe where they came from next.
                </p>
              </>
            ) : (
              <p className="drop-title">{blocked}</p>
            )}
          </div>
        </div>
      )}
      {/* Screen readers hear what the overlay says (the overlay itself is decoration). */}
      <p className="visually-hidden" role="status">
        {dragging ? (blocked ?? `Drop to import into ${caseTitle}`) : ''}
      </p>
      {notice && (
        <div className="drop-notice">
          {notice.error ? <ErrorMessage message={notice.text} /> : <p role="status">{notice.text}</p>}
          <button
            type="button"
            className="icon-button icon-button-small"
            aria-label="Dismiss"
            onClick={() => setNotice(null)}
          >
            <X size={14} aria-hidden="true" />
          </button>
        </div>
      )}
      {dropped?.kind === 'paths' && (
        <ImportDialog
          initialPaths={dropped.paths}
          showBrowser={false}
          onImport={importPaths}
          onCancel={() => setDropped(null)}
        />
      )}
      {dropped?.kind === 'files' && entries && (
        <ImportDialog
          dropped={entries}
          showBrowser={false}
          progress={progress}
          onImport={() => Promise.resolve('Nothing to import.')}
          onImportDropped={(keys, collection) => importFiles(dropped.roots, keys, collection)}
          onCancel={() => {
            generation.current += 1;
            setProgress(null);
            setDropped(null);
          }}
        />
      )}
    </>
  );
}
