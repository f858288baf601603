/**
 * The sample case: an encrypted case built from the synthetic evidence bundled in
 * resources/sample-evidence, so that Locard can be tried without real evidence (`locard demo DIR`, the
 * start screen's "Open sample case"). It is built with the product parsers, exactly as an analyst's
 * import would be, into a temporary file that is renamed into place only when complete: a build that
 * is interrupted never leaves a half-filled case under the sample case's name.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SAMPLE_CASE_PASSPHRASE } from '../../shared/api.js';
import { LocardError } from '../errors.js';
import { importPaths, type ImportReport, type IntakeParsers } from '../intake/import.js';
import { closeCase, createCase } from '../locker/case-file.js';
import { computeProposals } from '../locker/timeline.js';
import { resourcePath } from '../paths.js';

export { SAMPLE_CASE_PASSPHRASE };
export const SAMPLE_CASE_FILE = 'Sample case — Election 2020.locard';
export const SAMPLE_CASE_TITLE = 'Sample case — voter-intimidation e-mails (Oct 2020)';
const SAMPLE_CASE_DESCRIPTION =
  'Built by Locard from its bundled sample evidence. Everything in it is synthetic: fictional e-mails, ' +
  'reports, images, a screen recording and social-media exports loosely following the October 2020 ' +
  'e-mails to US voters that impersonated a far-right group. Every network identifier is from a ' +
  'documentation range. Not real evidence.';

/** resources/sample-evidence, wherever this build of Locard keeps its resources. */
export function sampleEvidenceDirectory(): string {
  const directory = resourcePath('sample-evidence');
  if (directory === undefined) {
    throw new LocardError(
      'not-found',
      'The bundled sample evidence (resources/sample-evidence) is missing from this installation of Locard.',
    );
  }
  return directory;
}

export interface BuildSampleCaseOptions {
  /** The case file to create. */
  readonly path: string;
  readonly passphrase?: string;
  readonly analyst: string;
  readonly parsers: IntakeParsers;
  /** Replace a case already at `path` (only once the new one is complete). */
  readonly replace?: boolean;
}

/** Build the sample case at `path`; refuses (file-exists) when something is there, unless `replace`. */
export async function buildSampleCase(options: BuildSampleCaseOptions): Promise<ImportReport> {
  const evidence = sampleEvidenceDirectory();
  if (!options.replace && existsSync(options.path)) {
    throw new LocardError(
      'file-exists',
      `${options.path} already exists. Open it (passphrase "${SAMPLE_CASE_PASSPHRASE}" unless you chose another), or build it again with --force.`,
    );
  }
  // Hidden, pid-named, beside the target: the rename at the end stays on one file system.
  const partial = join(dirname(options.path), `.${basename(options.path)}.partial-${String(process.pid)}`);
  removeCaseFiles(partial);
  const open = createCase({
    path: partial,
    passphrase: options.passphrase ?? SAMPLE_CASE_PASSPHRASE,
    title: SAMPLE_CASE_TITLE,
    analyst: options.analyst,
    tlp: 'CLEAR',
    description: SAMPLE_CASE_DESCRIPTION,
  });
  let report: ImportReport;
  try {
    report = await importPaths(open.db, [evidence], {
      analyst: options.analyst,
      parsers: options.parsers,
      collection: {
        source: 'Locard sample evidence (bundled with the application, resources/sample-evidence)',
        method: 'Imported by Locard when the sample case was built',
        collector: options.analyst,
        notes: 'Synthetic demonstration data; no real person, organisation or network is involved.',
      },
    });
    // The timeline's proposals are read from the evidence now, so the analyst opening the sample finds
    // dates to review rather than an empty panel (nothing is accepted on their behalf).
    computeProposals(open.db, options.analyst);
  } catch (error) {
    closeCase(open);
    removeCaseFiles(partial);
    throw error;
  }
  closeCase(open);
  if (options.replace) removeCaseFiles(options.path);
  renameSync(partial, options.path);
  return report;
}

/** A case file and the SQLite journal files that may sit beside it. */
function removeCaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}
