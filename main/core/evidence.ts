/** Evidence for the API: row mappers and the import jobs that run behind `importEvidence`. */
import { randomUUID } from 'node:crypto';
import type { EventName, LocardEvents } from '../../shared/api.js';
import type {
  CollectionRecord,
  ExhibitDetail,
  ExhibitLabel,
  ExhibitSummary,
  ImportProgress,
} from '../../shared/evidence.js';
import { LocardError } from '../errors.js';
import { escapeDisplayName } from '../intake/detect.js';
import { importPaths, type IntakeParsers } from '../intake/import.js';
import type { OpenCase } from '../locker/case-file.js';
import { appendCustody } from '../locker/custody.js';
import {
  exhibitChildren,
  exhibitCollection,
  exhibitLabel,
  exhibitRowByNumber,
  exhibitSources,
  exhibitSummaryRows,
  exhibitTextPreview,
  searchText,
  setExhibitNotes,
  setExhibitTags,
} from '../locker/exhibits.js';

/** Enough text to read an exhibit in the detail pane without shipping a 30 MB log over IPC. */
const TEXT_PREVIEW_CHARS = 64 * 1024;

type SummaryRow = ReturnType<typeof exhibitSummaryRows>[number];

function toSummary(row: SummaryRow): ExhibitSummary {
  return {
    number: row.number,
    label: exhibitLabel(row.number) as ExhibitLabel,
    name: row.original_name,
    displayName: escapeDisplayName(row.original_name),
    kind: row.kind,
    mime: row.mime,
    size: row.size,
    sha256: row.sha256,
    importedAt: row.imported_at,
    modifiedAt: row.fs_modified_at,
    parentNumber: row.parent_number,
    derivation: row.derivation,
    parseStatus: row.parse_status,
    parseError: row.parse_error,
    extensionMismatch: row.extension_mismatch === 1,
    tags: row.tags ? (JSON.parse(row.tags) as string[]) : [],
  };
}

export function listExhibitSummaries(open: OpenCase): ExhibitSummary[] {
  return exhibitSummaryRows(open.db).map(toSummary);
}

export function exhibitDetail(open: OpenCase, number: number): ExhibitDetail {
  const row = exhibitRowByNumber(open.db, number);
  if (!row) throw new LocardError('not-found', `There is no exhibit ${exhibitLabel(number)} in this case.`);
  const text = exhibitTextPreview(open.db, row.id, TEXT_PREVIEW_CHARS);
  const collection = row.collection_id === null ? undefined : exhibitCollection(open.db, row.collection_id);
  return {
    ...toSummary(row),
    originalPath: row.original_path,
    sha1: row.sha1,
    md5: row.md5,
    importedBy: row.imported_by,
    fileTimes: {
      modified: row.fs_modified_at,
      changed: row.fs_changed_at,
      accessed: row.fs_accessed_at,
      created: row.fs_created_at,
    },
    collection: collection ?? null,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    notes: row.notes,
    sources: exhibitSources(open.db, row.id).map((s) => ({
      path: s.original_path,
      seenAt: s.seen_at,
      seenBy: s.seen_by,
    })),
    children: exhibitChildren(open.db, row.id).map((c) => ({
      number: c.number,
      name: escapeDisplayName(c.original_name),
      derivation: c.derivation,
    })),
    textPreview: text.preview,
    textLength: text.length,
  };
}

export function updateExhibit(
  open: OpenCase,
  analyst: string,
  change: { readonly number: number; readonly tags?: readonly string[]; readonly notes?: string },
): ExhibitDetail {
  const before = exhibitDetail(open, change.number);
  const row = exhibitRowByNumber(open.db, change.number);
  if (!row) throw new LocardError('not-found', `There is no exhibit ${exhibitLabel(change.number)} in this case.`);
  const details: Record<string, unknown> = {};
  open.db.transaction(() => {
    if (change.tags !== undefined) {
      const tags = [...new Set(change.tags.map((t) => t.trim()).filter((t) => t !== ''))].sort();
      if (JSON.stringify(tags) !== JSON.stringify(before.tags)) {
        setExhibitTags(open.db, row.id, tags);
        details.tags = { from: before.tags, to: tags };
      }
    }
    if (change.notes !== undefined && change.notes !== before.notes) {
      setExhibitNotes(open.db, row.id, change.notes);
      details.notes = { from: before.notes, to: change.notes };
    }
    if (Object.keys(details).length > 0) {
      appendCustody(open.db, { analyst, action: 'evidence.edited', objectIds: [before.label], details });
    }
  });
  return exhibitDetail(open, change.number);
}

export function searchEvidence(open: OpenCase, query: string, limit: number) {
  return searchText(open.db, query, limit).map((hit) => ({
    number: hit.number,
    label: exhibitLabel(hit.number) as ExhibitLabel,
    displayName: escapeDisplayName(hit.original_name),
    snippet: hit.snippet,
  }));
}

type Emit = <E extends EventName>(event: E, payload: LocardEvents[E]) => void;

/** Imports run one at a time per case; lock and close wait for (and cancel) a running one. */
export class ImportJobs {
  private running: { id: string; controller: AbortController; done: Promise<void> } | undefined;

  constructor(
    private readonly parsers: IntakeParsers,
    private readonly emit: Emit,
    private readonly onActivity: () => void,
    /** After a job ends: the case summary (custody count, size) has changed. */
    private readonly onFinished: () => void = () => undefined,
  ) {}

  start(open: OpenCase, analyst: string, paths: readonly string[], collection: CollectionRecord | undefined): string {
    if (this.running) {
      throw new LocardError(
        'invalid-argument',
        'An import is already running. Wait for it to finish or cancel it first.',
      );
    }
    const id = randomUUID();
    const controller = new AbortController();
    const progress = (event: Omit<ImportProgress, 'jobId'>) => {
      this.emit('importProgress', { jobId: id, ...event });
    };
    const done = importPaths(open.db, paths, {
      analyst,
      parsers: this.parsers,
      signal: controller.signal,
      ...(collection ? { collection } : {}),
      onProgress: (event) => {
        this.onActivity();
        progress(event);
        if (event.outcome) this.emit('evidenceChanged', { count: 1 });
      },
    })
      .then((report) => {
        progress({
          fileIndex: report.files.length,
          fileCount: report.files.length,
          path: '',
          bytesDone: 0,
          bytesTotal: 0,
          done: {
            imported: report.imported,
            duplicates: report.duplicates,
            failed: report.failed,
            cancelled: report.files.filter((f) => f.status === 'cancelled').length,
          },
        });
      })
      .catch((error: unknown) => {
        console.error('[locard] import job failed:', error);
        progress({
          fileIndex: 0,
          fileCount: 0,
          path: '',
          bytesDone: 0,
          bytesTotal: 0,
          done: { imported: 0, duplicates: 0, failed: 1, cancelled: 0 },
        });
      })
      .finally(() => {
        this.running = undefined;
        this.onFinished();
      });
    this.running = { id, controller, done };
    return id;
  }

  cancel(jobId: string): void {
    if (this.running?.id === jobId) this.running.controller.abort();
  }

  /** Cancel whatever runs and wait until the case is no longer being written. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.controller.abort();
    await running.done;
  }
}
