/**
 * Exchange in, for both shells: a STIX 2.1 bundle or a MISP event (detected from the content), or a
 * CSV with the analyst's column mapping. The file is read and planned first (main/exchange): a
 * malformed one is refused before anything is written. Then it is imported through the normal intake
 * (hashed, stored, parsed, indicators extracted, custody) and, in that same transaction, its objects
 * become entities and relationships citing the new exhibit (main/exchange/store.ts): a failure
 * anywhere leaves the case as it was. Re-importing the same file adds nothing twice.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { CsvColumnMapping, CsvImportKind, CsvImportPreview, ExchangeImportResult } from '../../shared/exchange.js';
import { LocardError } from '../errors.js';
import { planCsvImport, previewCsv, readCsvText } from '../exchange/csv-import.js';
import { MAX_EXCHANGE_FILE_BYTES, parseExchangeJson, refuse, type ImportPlan } from '../exchange/plan.js';
import { mispEventOf, readMispEvent } from '../exchange/read-misp.js';
import { readStixBundle } from '../exchange/read-stix.js';
import { storeImportPlan } from '../exchange/store.js';
import { importPaths, type IntakeParsers } from '../intake/import.js';
import type { OpenCase } from '../locker/case-file.js';
import { exhibitRowByNumber } from '../locker/exhibits.js';

/** A regular file no larger than the exchange limit, read whole (it is parsed whole anyway). */
function readExchangeFile(path: string): { absolute: string; name: string; bytes: Buffer } {
  const absolute = resolve(path);
  const name = basename(absolute);
  let size: number;
  try {
    const stats = statSync(absolute);
    if (!stats.isFile()) throw new LocardError('invalid-argument', `${absolute} is not a file.`);
    size = stats.size;
  } catch (error) {
    if (error instanceof LocardError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LocardError('not-found', `There is no file ${absolute}.`);
    throw new LocardError('io', `${absolute} cannot be read (${code ?? 'error'}).`);
  }
  if (size > MAX_EXCHANGE_FILE_BYTES) {
    refuse(
      `${name} is ${(size / 1024 / 1024).toFixed(0)} MiB; exchange files up to ${String(MAX_EXCHANGE_FILE_BYTES / 1024 / 1024)} MiB are read. Import it as evidence instead.`,
    );
  }
  return { absolute, name, bytes: readFileSync(absolute) };
}

/** What a JSON exchange file is, as a plan: a STIX 2.1 bundle or a MISP event, or a clear refusal. */
export function planExchangeJson(bytes: Buffer, name: string): ImportPlan {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    refuse(`${name} is not UTF-8 text, so it is neither a STIX bundle nor a MISP event; nothing was imported.`);
  }
  const value = parseExchangeJson(text, name);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    refuse(`${name} is JSON but not an object: neither a STIX 2.1 bundle nor a MISP event; nothing was imported.`);
  }
  const json = value as Record<string, unknown>;
  if (json.type === 'bundle') return readStixBundle(json, name);
  if (typeof json.type === 'string' && typeof json.id === 'string' && json.id.startsWith(`${json.type}--`)) {
    refuse(
      `${name} is a single STIX object (${json.type}), not a bundle; wrap it in {"type": "bundle", …}. Nothing was imported.`,
    );
  }
  const event = mispEventOf(json);
  if (event) return readMispEvent(event, name);
  refuse(
    `${name} is neither a STIX 2.1 bundle ({"type": "bundle", "objects": […]}) nor a MISP event ({"Event": {…}}); nothing was imported.`,
  );
}

/**
 * Import `file` as an exhibit and write `plan` in the same transaction. The bytes imported must be the
 * bytes planned (the SHA-256 is compared), so a file changed in between is refused.
 */
async function importWithPlan(
  open: OpenCase,
  analyst: string,
  parsers: IntakeParsers,
  file: { absolute: string; name: string; bytes: Buffer },
  plan: ImportPlan,
  signal: AbortSignal,
): Promise<ExchangeImportResult> {
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  let result: ExchangeImportResult | undefined;
  let failure: Error | undefined;
  const report = await importPaths(open.db, [file.absolute], {
    analyst,
    parsers,
    signal,
    beforeCommit: (db, exhibit) => {
      try {
        if (exhibitRowByNumber(db, exhibit.number)?.sha256 !== sha256) {
          throw new LocardError(
            'io',
            `${file.name} changed while it was being imported; nothing was imported. Try again.`,
          );
        }
        result = storeImportPlan(db, plan, {
          analyst,
          exhibitNumber: exhibit.number,
          duplicateFile: exhibit.duplicate,
          fileName: file.name,
          now: Date.now(),
        });
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        throw failure;
      }
    },
  });
  if (failure !== undefined) throw failure;
  if (result !== undefined) return result;
  const outcome = report.files[0];
  if (outcome?.status === 'cancelled' || signal.aborted) {
    throw new LocardError(
      'case-locked',
      `The import of ${file.name} was cancelled (the case was locked or closed); nothing was imported.`,
    );
  }
  const reason = outcome !== undefined && 'error' in outcome ? outcome.error : 'unknown reason';
  throw new LocardError('io', `${file.name} could not be imported (${reason}); nothing was imported.`);
}

/** A STIX 2.1 bundle or a MISP event into the case; refused whole when malformed. */
export async function importExchangeFile(
  open: OpenCase,
  analyst: string,
  parsers: IntakeParsers,
  path: string,
  signal: AbortSignal,
): Promise<ExchangeImportResult> {
  const file = readExchangeFile(path);
  const plan = planExchangeJson(file.bytes, file.name);
  return importWithPlan(open, analyst, parsers, file, plan, signal);
}

export function previewCsvImport(path: string): CsvImportPreview {
  const file = readExchangeFile(path);
  return previewCsv(readCsvText(file.bytes, file.absolute), file.absolute);
}

export async function importCsvFile(
  open: OpenCase,
  analyst: string,
  parsers: IntakeParsers,
  input: { readonly path: string; readonly kind: CsvImportKind; readonly mapping: CsvColumnMapping },
  signal: AbortSignal,
): Promise<ExchangeImportResult> {
  const file = readExchangeFile(input.path);
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const plan = planCsvImport(readCsvText(file.bytes, file.absolute), input.kind, input.mapping, sha256);
  return importWithPlan(open, analyst, parsers, file, plan, signal);
}
