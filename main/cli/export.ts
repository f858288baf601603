/**
 * `locard export CASE --format pdf|docx|html|md|stix|misp|csv --out PATH [--briefing NAME_OR_ID]
 * [--table indicators|entities|events] [--overwrite] [--json]`: writes a briefing (the standard case
 * briefing when none is named) or an exchange file, records it in custody with its SHA-256, and
 * prints what it wrote. Everything that can be checked before the passphrase is asked for is checked
 * first (the format, the folder, an existing file, a Chromium for PDF), so a mistake writes nothing
 * and leaves the case as it was.
 */
import { resolve } from 'node:path';
import {
  CSV_TABLES,
  DOCUMENT_FORMATS,
  EXPORT_FORMATS,
  type CsvTable,
  type ExportFormat,
} from '../../shared/briefing.js';
import { findChromium } from '../briefing/chromium.js';
import { checkExportTarget, exportCase } from '../core/briefings.js';
import { LocardError } from '../errors.js';
import { findBriefing } from '../locker/briefings.js';
import { closeCase, openCase } from '../locker/case-file.js';
import { EXIT, UsageError } from './usage.js';

export interface ExportArgs {
  readonly format?: string;
  readonly out?: string;
  readonly briefing?: string;
  readonly table?: string;
  readonly overwrite?: boolean;
  readonly json?: boolean;
}

interface CheckedArgs {
  readonly casePath: string;
  readonly format: ExportFormat;
  readonly out: string;
  readonly briefing: string | undefined;
  readonly table: CsvTable | undefined;
  readonly overwrite: boolean;
}

export function checkExportArgs(positionals: readonly string[], args: ExportArgs): CheckedArgs {
  const [casePath, extra] = positionals;
  if (!casePath)
    throw new UsageError(
      'export needs the path of a case file, e.g. locard export operation.locard --format pdf --out briefing.pdf',
    );
  if (extra !== undefined) throw new UsageError(`export takes one case; "${extra}" is one argument too many.`);
  if (args.format === undefined) throw new UsageError(`export needs --format, one of ${EXPORT_FORMATS.join(', ')}.`);
  const format = args.format.toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')} (not "${args.format}").`);
  if (args.out === undefined || args.out === '') throw new UsageError('export needs --out PATH, the file to write.');
  const isDocument = (DOCUMENT_FORMATS as readonly string[]).includes(format);
  if (args.briefing !== undefined && !isDocument)
    throw new UsageError(`--briefing applies to pdf, docx, html and md; a ${format} export carries the whole case.`);
  if (args.table !== undefined && format !== 'csv') throw new UsageError('--table applies to --format csv only.');
  const table = args.table?.toLowerCase();
  if (table !== undefined && !(CSV_TABLES as readonly string[]).includes(table))
    throw new UsageError(`--table must be one of ${CSV_TABLES.join(', ')} (not "${args.table ?? ''}").`);
  if (args.briefing?.trim() === '') throw new UsageError('--briefing needs a briefing title or id.');
  return {
    casePath: resolve(casePath),
    format: format as ExportFormat,
    out: resolve(args.out),
    briefing: args.briefing,
    table: table as CsvTable | undefined,
    overwrite: args.overwrite === true,
  };
}

/** A problem with where to write is the caller's to fix: a usage error (exit 2), raised before the case is opened. */
function checkTarget(out: string, overwrite: boolean): void {
  try {
    checkExportTarget(out, overwrite);
  } catch (error) {
    if (error instanceof LocardError)
      throw new UsageError(
        error.code === 'file-exists'
          ? `${out} already exists; nothing was written. Choose another name, or add --overwrite to replace it.`
          : error.message,
      );
    throw error;
  }
}

export async function commandExport(
  positionals: readonly string[],
  args: ExportArgs,
  analyst: string,
  passphrase: () => Promise<string>,
  out: (line: string) => void,
  warn: (line: string) => void,
): Promise<number> {
  const checked = checkExportArgs(positionals, args);
  checkTarget(checked.out, checked.overwrite);
  // Fail before the passphrase prompt when there is no Chromium to print with.
  if (checked.format === 'pdf') findChromium();
  const open = openCase(checked.casePath, await passphrase());
  let result: Awaited<ReturnType<typeof exportCase>>;
  try {
    let briefingId: string | undefined;
    if (checked.briefing !== undefined) {
      try {
        briefingId = findBriefing(open.db, checked.briefing).id;
      } catch (error) {
        if (error instanceof LocardError && (error.code === 'not-found' || error.code === 'invalid-argument'))
          throw new UsageError(`${error.message} Nothing was written.`);
        throw error;
      }
    }
    checkTarget(checked.out, checked.overwrite);
    result = await exportCase(
      open,
      analyst,
      {
        format: checked.format,
        path: checked.out,
        overwrite: checked.overwrite,
        ...(briefingId !== undefined ? { briefingId } : {}),
        ...(checked.table !== undefined ? { table: checked.table } : {}),
      },
      { via: 'locard export' },
    );
  } finally {
    closeCase(open);
  }
  for (const warning of result.warnings) warn(`locard: ${warning}`);
  if (args.json) {
    out(JSON.stringify(result, null, 2));
    return EXIT.ok;
  }
  const what = (DOCUMENT_FORMATS as readonly string[]).includes(result.format)
    ? result.briefing
      ? `briefing "${result.briefing.title}"`
      : 'the standard case briefing'
    : result.format === 'csv'
      ? `${checked.table ?? 'indicators'} table`
      : 'the case';
  out(`Wrote ${result.path} (${result.format}, ${what}, ${result.bytes.toLocaleString('en')} bytes)`);
  out(`SHA-256 ${result.sha256}`);
  out(`Recorded in custody as entry #${String(result.custodySeq)}.`);
  return EXIT.ok;
}
