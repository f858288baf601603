/** Evidence for the API: row mappers and the import jobs that run behind `importEvidence`. */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { EventName, LocardEvents } from '../../shared/api.js';
import type {
  CollectionRecord,
  ExhibitDetail,
  ExhibitLabel,
  ExhibitPreview,
  ExhibitSummary,
  ImportProgress,
} from '../../shared/evidence.js';
import { LocardError } from '../errors.js';
import { escapeDisplayName } from '../intake/detect.js';
import {
  importDerivedFile,
  importPaths,
  makeImportTempDir,
  type IntakeParsers,
  type StagedFile,
} from '../intake/import.js';
import type { OpenCase } from '../locker/case-file.js';
import { readBlob } from '../locker/blobs.js';
import { previewRows, savedFrameNumber } from '../locker/previews.js';
import { FfmpegError } from '../media/ffmpeg.js';
import { extractFrameAt } from '../media/frames.js';
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

  /** `staged`: files staged from a browser upload; `release` removes them when the job ends, however it ends. */
  start(
    open: OpenCase,
    analyst: string,
    paths: readonly string[],
    collection: CollectionRecord | undefined,
    staged?: { readonly files: readonly StagedFile[]; release(): void },
  ): string {
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
      ...(staged ? { staged: staged.files } : {}),
      onProgress: (event) => {
        this.onActivity();
        progress(event);
        if (event.outcome) {
          this.emit('evidenceChanged', { count: 1 });
          // The file's text was scanned for indicators in the same transaction.
          if (event.outcome.status === 'imported') this.emit('indicatorsChanged', { count: 1 });
        }
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
        staged?.release();
        this.onFinished();
      });
    this.running = { id, controller, done };
    return id;
  }

  /**
   * Run a write that must not overlap an import (saving a video frame): refused while an import runs,
   * and an import, lock or close started meanwhile waits for it (or cancels it) as for an import.
   */
  exclusive<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.running) {
      throw new LocardError('invalid-argument', 'An import is running. Wait for it to finish or cancel it first.');
    }
    const controller = new AbortController();
    const task = work(controller.signal);
    const done = task
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.running = undefined;
        this.onFinished();
      });
    this.running = { id: randomUUID(), controller, done };
    return task;
  }

  /** Save the frame of a video shown at `timeS` as a derived exhibit (see saveVideoFrame). */
  saveVideoFrame(open: OpenCase, analyst: string, input: { number: number; timeS: number }): Promise<ExhibitSummary> {
    return this.exclusive((signal) => saveVideoFrame(open, analyst, this.parsers, input, signal));
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

/** The thumbnail and key-frame strip stored at import, in display order. */
export function exhibitPreviews(open: OpenCase, number: number): ExhibitPreview[] {
  const row = exhibitRowByNumber(open.db, number);
  if (!row) throw new LocardError('not-found', `There is no exhibit ${exhibitLabel(number)} in this case.`);
  return previewRows(open.db, row.id).map((preview) => ({
    kind: preview.kind,
    timeS: preview.time_s,
    width: preview.width,
    height: preview.height,
    mime: preview.mime,
    dataBase64: preview.data.toString('base64'),
  }));
}

/** 10.3 → "00:00:10.300" (file names and messages). */
export function clockTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/**
 * The frame of video exhibit `number` shown at `timeS`, as a full-resolution PNG added as a derived
 * exhibit ('video-frame') through the importer (hashed, stored, parsed, thumbnail, custody
 * 'evidence.derived'). The video's stored bytes are written to a pid-named temporary folder (removed
 * afterwards, or by the next import if Locard is killed). Saving the same frame again returns the
 * exhibit saved the first time.
 */
export async function saveVideoFrame(
  open: OpenCase,
  analyst: string,
  parsers: IntakeParsers,
  input: { readonly number: number; readonly timeS: number },
  signal: AbortSignal,
): Promise<ExhibitSummary> {
  const video = exhibitRowByNumber(open.db, input.number);
  const label = exhibitLabel(input.number);
  if (!video) throw new LocardError('not-found', `There is no exhibit ${label} in this case.`);
  if (video.kind !== 'video') {
    throw new LocardError(
      'invalid-argument',
      `${label} is not a video (it is ${video.kind}); only a video has frames to save.`,
    );
  }
  const metadata = JSON.parse(video.metadata) as Record<string, unknown>;
  const duration =
    typeof metadata.duration === 'number' && Number.isFinite(metadata.duration) ? metadata.duration : null;
  if (input.timeS < 0 || (duration !== null && input.timeS > duration)) {
    throw new LocardError(
      'invalid-argument',
      `${clockTime(input.timeS)} is outside ${label}, which lasts ${clockTime(duration ?? 0)}.`,
    );
  }
  const tempDir = makeImportTempDir();
  try {
    const videoPath = join(tempDir, 'video');
    const fd = openSync(videoPath, 'w');
    try {
      for (const chunk of readBlob(open.db, video.blob_id)) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    const framePath = join(tempDir, 'frame.png');
    let frame: Awaited<ReturnType<typeof extractFrameAt>>;
    try {
      frame = await extractFrameAt(videoPath, input.timeS, framePath);
    } catch (error) {
      if (!(error instanceof FfmpegError)) throw error;
      throw new LocardError(
        'unsupported',
        `The frame at ${clockTime(input.timeS)} of ${label} could not be extracted: ${error.message.replace(/[.]$/, '')}.`,
      );
    }
    const stopped = () => signal.aborted;
    if (stopped()) throw new LocardError('case-locked', 'The frame was not saved: the case was locked or closed.');
    const sha256 = createHash('sha256').update(readFileSync(framePath)).digest('hex');
    const existing = savedFrameNumber(open.db, video.id, sha256);
    let number = existing;
    if (number === undefined) {
      let depth = 1;
      for (let parent = video.parent_number; parent !== null && depth < 64; depth += 1) {
        parent = exhibitRowByNumber(open.db, parent)?.parent_number ?? null;
      }
      try {
        const created = await importDerivedFile(
          open.db,
          {
            parentId: video.id,
            depth,
            path: framePath,
            name: `${video.original_name} @ ${clockTime(frame.timeS)}.png`,
            derivation: 'video-frame',
            metadata: { frameTimeS: frame.timeS, requestedTimeS: input.timeS, sourceExhibit: label },
            custodyDetails: { sourceExhibit: label, frameTimeS: frame.timeS },
          },
          { analyst, parsers, signal },
        );
        number = created.number;
      } catch (error) {
        if (stopped()) throw new LocardError('case-locked', 'The frame was not saved: the case was locked or closed.');
        throw error;
      }
    }
    const row = exhibitRowByNumber(open.db, number);
    if (!row) throw new Error(`exhibit ${String(number)} vanished after it was saved`);
    return toSummary(row);
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}
