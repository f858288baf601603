/**
 * `locard demo DIR`: build the sample case (main/core/sample-case.ts) from the bundled synthetic
 * evidence in DIR, and say how to open it. The passphrase is `locard-sample` unless --passphrase-file
 * names another; LOCARD_PASSPHRASE is deliberately not read, so that a real case's passphrase is never
 * put on a sample case (and printed).
 */
import { join, resolve } from 'node:path';
import type { ConfigStore } from '../config/settings.js';
import { buildSampleCase, SAMPLE_CASE_FILE, SAMPLE_CASE_PASSPHRASE, SAMPLE_CASE_TITLE } from '../core/sample-case.js';
import { readPassphrase } from './passphrase.js';
import { EXIT, UsageError } from './usage.js';

export interface DemoOptions {
  readonly 'passphrase-file'?: string;
  readonly json?: boolean;
  readonly force?: boolean;
}

export async function commandDemo(
  positionals: readonly string[],
  values: DemoOptions,
  analyst: string,
  config: ConfigStore,
  out: (line: string) => void,
): Promise<number> {
  const [directory, ...extra] = positionals;
  if (directory === undefined) {
    throw new UsageError('demo needs the folder to build the sample case in, e.g. locard demo ~/cases');
  }
  if (extra.length > 0) throw new UsageError('demo takes one folder.');
  const path = join(resolve(directory), SAMPLE_CASE_FILE);
  const passphraseFile = values['passphrase-file'];
  const passphrase =
    passphraseFile === undefined
      ? SAMPLE_CASE_PASSPHRASE
      : await readPassphrase({ file: passphraseFile, envVar: 'LOCARD_PASSPHRASE', prompt: '' });
  const { productParsers } = await import('../intake/product-parsers.js');
  const report = await buildSampleCase({
    path,
    passphrase,
    analyst,
    parsers: productParsers,
    replace: values.force === true,
  });
  config.rememberCase(path);
  const derived = report.files.reduce((sum, file) => sum + (file.status === 'imported' ? file.children : 0), 0);
  if (values.json) {
    out(
      JSON.stringify(
        {
          path,
          title: SAMPLE_CASE_TITLE,
          passphrase: passphraseFile === undefined ? passphrase : null,
          imported: report.imported,
          derived,
          duplicates: report.duplicates,
          failed: report.failed,
        },
        null,
        2,
      ),
    );
  } else {
    out(`Built the sample case: ${path}`);
    out(`Title       ${SAMPLE_CASE_TITLE}`);
    out(
      `Evidence    ${String(report.imported)} files imported (+${String(derived)} derived items), ${String(report.failed)} failed`,
    );
    out(
      passphraseFile === undefined
        ? `Passphrase  ${passphrase}   (sample data only — never use it for a real case)`
        : `Passphrase  the one in ${passphraseFile}`,
    );
    out(`Open it in Locard (Open case…), or: locard serve "${path}"`);
  }
  return report.failed > 0 ? EXIT.failure : EXIT.ok;
}
