/**
 * Dropped files in the browser shell. A web page cannot learn where a dropped file lives on disk, so it
 * sends the bytes; they are streamed into a staging folder and imported from there with
 * `importEvidence({ uploadId })`, recorded under their original names.
 *
 *   POST   /api/uploads                                   create a batch → { uploadId }
 *   PUT    /api/uploads/<id>/files?name=<relative path>[&lastModified=<ms>]   one file, raw body
 *   DELETE /api/uploads/<id>                              discard a batch that will not be imported
 *
 * Every answer is a Result as JSON. These routes sit behind the same token, Host and Origin checks as
 * the API (main/serve/server.ts) and refuse while no case is open. Staging: one folder per batch,
 * `locard-import-<pid>-upload-…` under the temp folder (mode 0700, files 0600), named like the
 * importer's own temp folders so that the next import removes what a killed process left behind
 * (removeStaleImportFolders). Staged files are stored under sequence numbers; the relative path the
 * page sent is checked and recorded, never used as a file-system path. A batch is removed when its
 * import ends (however it ends), when it is discarded, when the case closes or locks, and when the
 * server stops.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fail, ok, type Result } from '../../shared/result.js';
import type { StagedUpload } from '../core/service.js';
import { LocardError, toFailure } from '../errors.js';
import { removeStaleImportFolders, type StagedFile } from '../intake/import.js';

export const UPLOADS_PATH = '/api/uploads';
/** How the original location of an uploaded file is recorded (exhibit path, sources, custody). */
export const UPLOAD_ORIGIN_PREFIX = 'browser upload: ';
/** The staged-file list of a batch is held in memory; a folder larger than this is better imported by path. */
export const MAX_FILES_PER_UPLOAD = 100_000;
/** The same limit as any path in the API (main/core/validate.ts). */
const MAX_RELATIVE_PATH_CHARS = 4096;

interface Batch {
  readonly directory: string;
  readonly files: (StagedFile & { readonly sequence: number })[];
  next: number;
}

/**
 * The relative path a page gave for a dropped file, as it will be recorded: `/`-separated, without
 * empty or `.` segments. Refuses NUL, `..` and over-long paths.
 */
export function uploadRelativePath(raw: string | null): string {
  if (raw === null || raw.trim() === '') {
    throw new LocardError('invalid-argument', 'Each uploaded file needs its name (?name=…).');
  }
  if (raw.length > MAX_RELATIVE_PATH_CHARS) {
    throw new LocardError('invalid-argument', 'The uploaded file’s path is longer than 4096 characters.');
  }
  if (raw.includes('\0')) throw new LocardError('invalid-argument', 'A file name cannot contain a NUL character.');
  const segments = raw.split(/[/\\]/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    throw new LocardError('invalid-argument', 'An uploaded file’s path cannot contain “..”.');
  }
  if (segments.length === 0) throw new LocardError('invalid-argument', 'Each uploaded file needs its name (?name=…).');
  return segments.join('/');
}

function lastModifiedParameter(raw: string | null): number | null {
  if (raw === null || raw === '') return null;
  const value = Number(raw);
  // Date's own range: ±8.64e15 ms around 1970.
  if (!Number.isInteger(value) || Math.abs(value) > 8.64e15) {
    throw new LocardError('invalid-argument', 'lastModified must be a time in milliseconds since 1970.');
  }
  return value;
}

export class UploadStaging {
  private readonly batches = new Map<string, Batch>();

  constructor(
    /** Throws the session's error (no case open, case locked) unless a case is open. */
    private readonly requireOpenCase: () => void,
    private readonly directory = tmpdir(),
  ) {}

  create(): string {
    this.requireOpenCase();
    removeStaleImportFolders(this.directory);
    const id = randomUUID();
    const directory = mkdtempSync(join(this.directory, `locard-import-${String(process.pid)}-upload-`));
    this.batches.set(id, { directory, files: [], next: 1 });
    return id;
  }

  private batch(id: string): Batch {
    const batch = this.batches.get(id);
    if (!batch) {
      throw new LocardError(
        'not-found',
        'That upload is no longer open (imported, discarded, or the case was closed).',
      );
    }
    return batch;
  }

  /** Stream one file of a batch into its staging folder. */
  async receive(
    id: string,
    rawName: string | null,
    rawLastModified: string | null,
    body: NodeJS.ReadableStream,
  ): Promise<{ readonly name: string; readonly size: number }> {
    this.requireOpenCase();
    const batch = this.batch(id);
    const relativePath = uploadRelativePath(rawName);
    const modifiedAt = lastModifiedParameter(rawLastModified);
    if (batch.next > MAX_FILES_PER_UPLOAD) {
      throw new LocardError(
        'invalid-argument',
        `One drop can hold at most ${String(MAX_FILES_PER_UPLOAD)} files; import larger folders with Import evidence… by path.`,
      );
    }
    const sequence = batch.next;
    batch.next += 1;
    const path = join(batch.directory, String(sequence).padStart(6, '0'));
    try {
      await pipeline(body, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      rmSync(path, { force: true });
      throw new LocardError(
        'io',
        `The upload of ${relativePath} did not complete (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    if (this.batches.get(id) !== batch) {
      // Discarded (case closed, server stopping) while the bytes were arriving.
      rmSync(path, { force: true });
      throw new LocardError('not-found', 'That upload was discarded while the file was arriving.');
    }
    const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
    batch.files.push({ sequence, path, name, originalPath: `${UPLOAD_ORIGIN_PREFIX}${relativePath}`, modifiedAt });
    return { name: relativePath, size: statSync(path).size };
  }

  /** Hand a batch to the importer, once: its files in the order they were sent; `release` removes them. */
  take(id: string): StagedUpload | undefined {
    const batch = this.batches.get(id);
    if (!batch) return undefined;
    this.batches.delete(id);
    const files = [...batch.files]
      .sort((a, b) => a.sequence - b.sequence)
      .map(({ path, name, originalPath, modifiedAt }) => ({ path, name, originalPath, modifiedAt }));
    return {
      files,
      release: () => {
        rmSync(batch.directory, { recursive: true, force: true });
      },
    };
  }

  discard(id: string): boolean {
    const batch = this.batches.get(id);
    if (!batch) return false;
    this.batches.delete(id);
    rmSync(batch.directory, { recursive: true, force: true });
    return true;
  }

  /** Batches not yet handed to the importer (the case closed or locked; the server stops). */
  discardAll(): void {
    for (const id of [...this.batches.keys()]) this.discard(id);
  }

  /** Staging folders of batches not yet imported (tests). */
  pendingDirectories(): string[] {
    return [...this.batches.values()].map((batch) => batch.directory);
  }
}

function reply(response: ServerResponse, status: number, result: Result<unknown>): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(result));
}

const STATUS_FOR: Partial<Record<string, number>> = {
  'invalid-argument': 400,
  'not-found': 404,
  'no-case-open': 409,
  'case-locked': 409,
};

/**
 * The upload routes. The caller has already checked the token, Host and Origin; `url.pathname`
 * starts with UPLOADS_PATH.
 */
export async function handleUploadRequest(
  staging: UploadStaging,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const rest = url.pathname.slice(UPLOADS_PATH.length);
  const contentType = request.headers['content-type'] ?? '';
  try {
    if (rest === '' && request.method === 'POST') {
      // JSON like the API: a plain cross-site form cannot send it.
      if (!contentType.startsWith('application/json')) {
        return reply(response, 415, fail('invalid-argument', 'Create an upload with a JSON request.'));
      }
      request.resume();
      return reply(response, 200, ok({ uploadId: staging.create() }));
    }
    const match = /^\/([0-9a-f-]{36})(\/files)?$/.exec(rest);
    const id = match?.[1];
    if (id !== undefined && match?.[2] === '/files' && request.method === 'PUT') {
      if (!contentType.startsWith('application/octet-stream')) {
        return reply(response, 415, fail('invalid-argument', 'Send the file as application/octet-stream.'));
      }
      const stored = await staging.receive(
        id,
        url.searchParams.get('name'),
        url.searchParams.get('lastModified'),
        request,
      );
      return reply(response, 200, ok(stored));
    }
    if (id !== undefined && match?.[2] === undefined && request.method === 'DELETE') {
      request.resume();
      return reply(response, 200, ok({ discarded: staging.discard(id) }));
    }
    request.resume();
    return reply(response, 405, fail('invalid-argument', 'Not an upload request.'));
  } catch (error) {
    request.resume();
    const failure = toFailure(error);
    return reply(response, STATUS_FOR[failure.code] ?? 500, { ok: false, error: failure });
  }
}
