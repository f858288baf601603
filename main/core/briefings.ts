/**
 * Briefings and exports for both shells and the CLI: create a briefing from the case's skeleton or a
 * copy, render one (or the standard case briefing) to HTML for the editor's preview, and export a
 * briefing (pdf, docx, html, md) or an exchange file (stix, misp, csv). An export is checked before
 * any work (the folder exists, the file does not unless `overwrite`), written beside its final name
 * and moved into place, then logged in custody with its SHA-256, format, path and briefing; if the
 * custody entry cannot be written the file is removed again, so no export exists without its record.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import {
  DOCUMENT_FORMATS,
  type Briefing,
  type DocumentFormat,
  type ExportRequest,
  type ExportResult,
} from '../../shared/briefing.js';
import { openChromiumEngine } from '../briefing/chromium.js';
import type { PrintEngineFactory } from '../briefing/engine.js';
import { renderHtml } from '../briefing/html.js';
import { assembleDocument, type DocumentContext } from '../briefing/model.js';
import { renderDocument } from '../briefing/render.js';
import { LocardError } from '../errors.js';
import { exportExchange } from '../exchange/index.js';
import { briefingContent, briefingSkeleton, citedExhibits, createBriefing, getBriefing } from '../locker/briefings.js';
import { readSummary, type OpenCase } from '../locker/case-file.js';
import { appendCustody } from '../locker/custody.js';
import type { WriteDb } from '../locker/driver.js';
import { exhibitLabel } from '../locker/exhibits.js';

/** A new briefing: a skeleton under the case's marking, or a copy of another one. */
export function newBriefing(
  open: OpenCase,
  analyst: string,
  input: { readonly title?: string; readonly copyOf?: string },
): Briefing {
  const summary = readSummary(open);
  if (input.copyOf !== undefined) {
    const source = getBriefing(open.db, input.copyOf);
    const content = briefingContent(source);
    return createBriefing(
      open.db,
      analyst,
      { ...content, title: input.title ?? clip(`Copy of ${content.title}`) },
      source.id,
    );
  }
  return createBriefing(
    open.db,
    analyst,
    briefingSkeleton(input.title ?? clip(`Briefing: ${summary.title}`), summary.tlp, summary.description),
  );
}

function clip(text: string, max = 300): string {
  return [...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;
}

function documentContext(open: OpenCase, analyst: string, now: number): DocumentContext {
  const summary = readSummary(open);
  return {
    caseId: summary.caseId,
    caseTitle: summary.title,
    caseDescription: summary.description,
    caseTlp: summary.tlp,
    analyst,
    now,
  };
}

/** The self-contained HTML of a briefing (the standard case briefing when `id` is omitted). */
export function briefingHtml(open: OpenCase, analyst: string, id?: string, now = Date.now()): string {
  const briefing = id === undefined ? null : getBriefing(open.db, id);
  return renderHtml(assembleDocument(open.db, briefing, documentContext(open, analyst, now)));
}

export interface ExportOptions {
  /** The print engine for PDF (and DOCX figures); default: the system Chromium through playwright-core. */
  readonly openEngine?: PrintEngineFactory;
  /** Where the export was asked for ("locard export"), recorded in custody. */
  readonly via?: string;
  readonly now?: number;
}

export interface ExportOutcome extends ExportResult {
  /** What the analyst should know about the file (a figure left out of a Word file). */
  readonly warnings: readonly string[];
  /** The briefing rendered (document formats); null for the standard case briefing or an exchange file. */
  readonly briefing: { readonly id: string; readonly title: string } | null;
}

/** The contract's ExportResult of an outcome (the API hands back only that). */
export function exportResult(outcome: ExportOutcome): ExportResult {
  return {
    path: outcome.path,
    format: outcome.format,
    bytes: outcome.bytes,
    sha256: outcome.sha256,
    custodySeq: outcome.custodySeq,
    warnings: outcome.warnings,
  };
}

function isDocumentFormat(format: string): format is DocumentFormat {
  return (DOCUMENT_FORMATS as readonly string[]).includes(format);
}

/**
 * Refuse, before any work, an export that would write where it must not: a folder that does not
 * exist, a path that is a folder, an existing file without `overwrite`.
 */
export function checkExportTarget(path: string, overwrite: boolean): void {
  if (!isAbsolute(path))
    throw new LocardError('invalid-argument', `Give the export's full path (${path} is relative).`);
  const folder = dirname(path);
  let folderStats;
  try {
    folderStats = statSync(folder);
  } catch {
    throw new LocardError('not-found', `The folder ${folder} does not exist; nothing was written.`);
  }
  if (!folderStats.isDirectory())
    throw new LocardError('invalid-argument', `${folder} is a file, not a folder; nothing was written.`);
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory())
    throw new LocardError('invalid-argument', `${path} is a folder; give the path of the file to write.`);
  if (!overwrite)
    throw new LocardError(
      'file-exists',
      `${path} already exists; nothing was written. Choose another name, or replace it (overwrite).`,
    );
}

/** Write an export, then record it in custody (the file is removed again if that fails). */
export async function exportCase(
  open: OpenCase,
  analyst: string,
  request: ExportRequest,
  options: ExportOptions = {},
): Promise<ExportOutcome> {
  if (!isAbsolute(request.path))
    throw new LocardError('invalid-argument', `Give the export's full path (${request.path} is relative).`);
  const path = resolve(request.path);
  const overwrite = request.overwrite === true;
  checkExportTarget(path, overwrite);
  const { format } = request;
  if (!isDocumentFormat(format) && request.briefingId !== undefined)
    throw new LocardError('invalid-argument', `A briefing is rendered as pdf, docx, html or md, not as ${format}.`);
  if (format !== 'csv' && request.table !== undefined)
    throw new LocardError('invalid-argument', 'Choosing a table applies to CSV exports only.');
  await waitForWriter(open.db);
  const now = options.now ?? Date.now();
  const context = documentContext(open, analyst, now);

  let bytes: Uint8Array;
  let warnings: readonly string[] = [];
  let briefing: Briefing | null = null;
  let cited: number[] = [];
  if (isDocumentFormat(format)) {
    briefing = request.briefingId === undefined ? null : getBriefing(open.db, request.briefingId);
    cited = briefing ? citedExhibits(briefing) : [];
    const doc = assembleDocument(open.db, briefing, context);
    const rendered = await renderDocument(doc, format, options.openEngine ?? (() => openChromiumEngine()));
    bytes = rendered.bytes;
    warnings = rendered.warnings;
  } else {
    const output = exportExchange(
      open.db,
      format,
      { caseId: context.caseId, caseTitle: context.caseTitle, analyst, tlp: context.caseTlp, now },
      request.table,
    );
    bytes = Buffer.from(output.text, 'utf8');
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  // The target is checked again: the rendering took time, and someone may have made the file meanwhile.
  checkExportTarget(path, overwrite);
  writeInPlace(path, bytes, overwrite);
  try {
    await waitForWriter(open.db);
    const entry = appendCustody(open.db, {
      analyst,
      action: 'case.exported',
      objectIds: [context.caseId, ...(briefing ? [`briefing:${briefing.id}`] : []), ...cited.map(exhibitLabel)],
      details: {
        format,
        path,
        sha256,
        bytes: bytes.byteLength,
        briefing: briefing?.id ?? null,
        ...(briefing ? { briefingTitle: briefing.title } : {}),
        ...(isDocumentFormat(format) && !briefing ? { standard: true } : {}),
        ...(format === 'csv' ? { table: request.table ?? 'indicators' } : {}),
        ...(options.via ? { via: options.via } : {}),
      },
      at: now,
    });
    return {
      path,
      format,
      bytes: bytes.byteLength,
      sha256,
      custodySeq: entry.seq,
      warnings,
      briefing: briefing ? { id: briefing.id, title: briefing.title } : null,
    };
  } catch (error) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone; the error below is what matters.
    }
    throw error;
  }
}

/**
 * Write the bytes to a private file beside the target, flush them, and move it into place: a reader
 * never sees half a file. Without `overwrite` the move is a hard link, which fails if the name was
 * taken meanwhile (no check-then-write race); where links are not supported it falls back to a check.
 */
function writeInPlace(path: string, bytes: Uint8Array, overwrite: boolean): void {
  const temp = join(dirname(path), `.${basename(path)}.${String(process.pid)}-${randomBytes(6).toString('hex')}.part`);
  let fd: number;
  try {
    fd = openSync(temp, 'wx', 0o600);
  } catch (error) {
    throw new LocardError('io', `Could not write in ${dirname(path)} (${errorCode(error)}); nothing was written.`);
  }
  try {
    try {
      let offset = 0;
      while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (overwrite) {
      renameSync(temp, path);
      return;
    }
    try {
      linkSync(temp, path);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EEXIST') throw new LocardError('file-exists', `${path} already exists; nothing was written.`);
      if (existsSync(path)) throw new LocardError('file-exists', `${path} already exists; nothing was written.`);
      renameSync(temp, path);
      return;
    }
    unlinkSync(temp);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Moved into place or never made.
    }
    if (error instanceof LocardError) throw error;
    throw new LocardError('io', `Could not write ${path} (${errorCode(error)}); nothing was written.`);
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

const WRITE_WAIT_MS = 50;

/** An import or frame save holds the case's transaction across awaits: read and log only once it is closed. */
async function waitForWriter(db: WriteDb): Promise<void> {
  while (db.inTransaction()) await new Promise((done) => setTimeout(done, WRITE_WAIT_MS));
}
