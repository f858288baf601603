/**
 * `locard`: the headless face of the same core the windows use. Each command opens the case with the
 * locker, does one job, logs it in custody, and exits with a code scripts can rely on (usage.ts).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import { TLP_MARKINGS, type TlpMarking } from '../../shared/domain.js';
import { ConfigStore } from '../config/settings.js';
import { LocardError } from '../errors.js';
import { verifyEvidence } from '../locker/blobs.js';
import { appendCustody, verifyCustody } from '../locker/custody.js';
import { exhibitLabel } from '../locker/exhibits.js';
import {
  changePassphrase,
  closeCase,
  createCase,
  openCase,
  readSummary,
  withCaseExtension,
  type OpenCase,
} from '../locker/case-file.js';
import { LOCARD_VERSION } from '../version.js';
import { readPassphrase } from './passphrase.js';
import { EXIT, HELP, UsageError } from './usage.js';
import { formatBytes } from '../../shared/format.js';

const OPTIONS = {
  title: { type: 'string' },
  analyst: { type: 'string' },
  tlp: { type: 'string' },
  json: { type: 'boolean' },
  port: { type: 'string' },
  'passphrase-file': { type: 'string' },
  'new-passphrase-file': { type: 'string' },
  source: { type: 'string' },
  method: { type: 'string' },
  collector: { type: 'string' },
  notes: { type: 'string' },
  'no-ocr': { type: 'boolean' },
  force: { type: 'boolean' },
  csv: { type: 'boolean' },
  defang: { type: 'boolean' },
  stats: { type: 'boolean' },
  'include-dismissed': { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string' },
  briefing: { type: 'string' },
  table: { type: 'string' },
  overwrite: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} satisfies ParseArgsConfig['options'];

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function analystName(values: Values, config: ConfigStore): string {
  return values.analyst ?? process.env.LOCARD_ANALYST ?? config.settings().analystName;
}

function requireCase(positionals: string[], command: string): string {
  const path = positionals[0];
  if (!path) throw new UsageError(`${command} needs the path of a case file, e.g. locard ${command} operation.locard`);
  return resolve(path);
}

async function passphrase(values: Values): Promise<string> {
  return readPassphrase({ file: values['passphrase-file'], envVar: 'LOCARD_PASSPHRASE', prompt: 'Passphrase: ' });
}

/** Open a case, run `work`, always close it. */
async function withCase<T>(path: string, values: Values, work: (open: OpenCase) => T): Promise<T> {
  const open = openCase(path, await passphrase(values));
  try {
    return work(open);
  } finally {
    closeCase(open);
  }
}

async function commandNew(positionals: string[], values: Values, config: ConfigStore): Promise<number> {
  const path = withCaseExtension(requireCase(positionals, 'new'));
  const tlp = (values.tlp ?? 'AMBER').toUpperCase();
  if (!(TLP_MARKINGS as readonly string[]).includes(tlp)) {
    throw new UsageError(`--tlp must be one of ${TLP_MARKINGS.join(', ')}.`);
  }
  const title = values.title ?? 'Untitled case';
  const secret = await readPassphrase({
    file: values['passphrase-file'],
    envVar: 'LOCARD_PASSPHRASE',
    prompt: 'Passphrase for the new case: ',
    confirm: true,
  });
  const open = createCase({
    path,
    passphrase: secret,
    title,
    analyst: analystName(values, config),
    tlp: tlp as TlpMarking,
  });
  closeCase(open);
  config.rememberCase(path);
  out(`Created ${path}`);
  return EXIT.ok;
}

async function commandInfo(positionals: string[], values: Values, config: ConfigStore): Promise<number> {
  const path = requireCase(positionals, 'info');
  const summary = await withCase(path, values, (open) => {
    appendCustody(open.db, {
      analyst: analystName(values, config),
      action: 'case.opened',
      objectIds: [readSummary(open).caseId],
      details: { via: 'locard info' },
    });
    return readSummary(open);
  });
  if (values.json) {
    out(JSON.stringify(summary, null, 2));
  } else {
    out(`Case        ${summary.title}`);
    out(`File        ${summary.path} (${formatBytes(summary.fileBytes)})`);
    out(`Case id     ${summary.caseId}`);
    out(`Created     ${new Date(summary.createdAt).toISOString()} by ${summary.analyst}`);
    out(`Marking     TLP:${summary.tlp}`);
    out(`Custody     ${String(summary.custodyEntries)} entries`);
    out(`Schema      ${String(summary.schemaVersion)}`);
  }
  return EXIT.ok;
}

async function commandVerify(positionals: string[], values: Values, config: ConfigStore): Promise<number> {
  const path = requireCase(positionals, 'verify');
  const report = await withCase(path, values, (open) => {
    // Verify what is on disk before this run adds its own entry.
    const custody = verifyCustody(open.db);
    const evidence = verifyEvidence(open.db);
    const verification = { ...custody, ok: custody.ok && evidence.ok, custodyOk: custody.ok, evidence };
    appendCustody(open.db, {
      analyst: analystName(values, config),
      action: 'custody.verified',
      objectIds: [readSummary(open).caseId],
      details: {
        via: 'locard verify',
        ok: verification.ok,
        entries: verification.entries,
        evidenceItems: evidence.checked,
        evidenceFailures: evidence.failures.length,
        ...(verification.firstBroken ? { firstBroken: verification.firstBroken.seq } : {}),
      },
    });
    return verification;
  });
  if (values.json) {
    out(JSON.stringify(report, null, 2));
  } else {
    if (report.custodyOk) {
      out(`Custody: ${String(report.entries)} entries, chain intact. Head ${report.headHash}`);
    } else {
      out(
        `VERIFICATION FAILED at custody entry #${String(report.firstBroken?.seq)}: ${report.firstBroken?.message ?? ''}`,
      );
      out(`The ${String(report.entries)} entries before it are intact.`);
    }
    const { evidence } = report;
    if (evidence.ok) {
      out(`Evidence: ${String(evidence.checked)} stored items re-hashed (${String(evidence.bytes)} bytes), all match.`);
    } else {
      for (const failure of evidence.failures) {
        const where = failure.exhibits.map((n) => exhibitLabel(n)).join(', ') || 'no exhibit';
        out(`EVIDENCE MISMATCH (${where}): ${failure.reason}`);
      }
    }
  }
  return report.ok ? EXIT.ok : EXIT.verificationFailed;
}

async function commandPasswd(positionals: string[], values: Values, config: ConfigStore): Promise<number> {
  const path = requireCase(positionals, 'passwd');
  const current = await passphrase(values);
  const open = openCase(path, current);
  try {
    const next = await readPassphrase({
      file: values['new-passphrase-file'],
      envVar: 'LOCARD_NEW_PASSPHRASE',
      prompt: 'New passphrase: ',
      confirm: true,
    });
    if (next === current)
      throw new UsageError('The new passphrase is the same as the current one; nothing was changed.');
    changePassphrase(open, analystName(values, config), next);
  } finally {
    closeCase(open);
  }
  out(`Passphrase changed for ${path}. The old passphrase no longer opens it.`);
  return EXIT.ok;
}

async function commandServe(positionals: string[], values: Values, config: ConfigStore): Promise<number> {
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError('--port must be a number from 0 to 65535.');
  }
  const casePath = positionals[0] ? withCaseExtension(resolve(positionals[0])) : undefined;
  const { startServer } = await import('../serve/server.js');
  const server = await startServer({ port, config, ...(casePath ? { casePath } : {}) });
  out(`Locard is serving on 127.0.0.1 only. Open this address in Chromium:`);
  out(server.url);
  await new Promise<void>((resolveStop) => {
    const stop = () => {
      void server.close().then(resolveStop);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return EXIT.ok;
}

async function commandImport(positionals: string[], values: Values, config: ConfigStore): Promise<number> {
  const path = requireCase(positionals, 'import');
  const sources = positionals.slice(1);
  if (sources.length === 0) throw new UsageError('import needs at least one file or folder after the case.');
  // The parse worker and the hashing thread boot on the other core first, while this thread loads the
  // import's modules and stretches the passphrase, so that they are ready before the first file.
  const { productParsers } = await import('../intake/product-parsers.js');
  productParsers.warm?.();
  (await import('../locker/hash-thread.js')).warmHashThread();
  const { importPaths } = await import('../intake/import.js');
  const { escapeDisplayName } = await import('../intake/detect.js');
  const { lastExhibitNumber } = await import('../locker/ocr.js');
  // The OCR engine's modules only when OCR will run.
  const ocrModule = values['no-ocr'] === true ? undefined : await import('./ocr.js');
  const open = openCase(path, await passphrase(values));
  let report: Awaited<ReturnType<typeof importPaths>>;
  let ocr: Awaited<ReturnType<NonNullable<typeof ocrModule>['ocrAfterImport']>> = null;
  try {
    const before = lastExhibitNumber(open.db);
    report = await importPaths(open.db, sources, {
      analyst: analystName(values, config),
      parsers: productParsers,
      collection: {
        ...(values.source !== undefined ? { source: values.source } : {}),
        ...(values.method !== undefined ? { method: values.method } : {}),
        ...(values.collector !== undefined ? { collector: values.collector } : {}),
        ...(values.notes !== undefined ? { notes: values.notes } : {}),
      },
      onProgress: values.json
        ? undefined
        : (event) => {
            if (!event.outcome) return;
            const o = event.outcome;
            // A name with a right-to-left override (voter-roll-\u202Efdp.exe) must not display as something else.
            const shown = escapeDisplayName(o.path);
            const line =
              o.status === 'imported'
                ? `${o.exhibit}  ${shown}${o.children > 0 ? `  (+${String(o.children)} derived)` : ''}${o.parseError ? `  — not parsed: ${o.parseError}` : ''}`
                : o.status === 'duplicate'
                  ? `${o.exhibit}  ${shown}  (already in the case; new source recorded)`
                  : o.status === 'failed'
                    ? `FAILED  ${shown}: ${o.error}`
                    : `cancelled  ${shown}`;
            out(line);
            if (o.status === 'imported') for (const warning of o.warnings ?? []) out(`        ! ${warning}`);
          },
    });
    if (ocrModule) {
      ocr = await ocrModule.ocrAfterImport(open, {
        analyst: analystName(values, config),
        config,
        aboveNumber: before,
        quiet: values.json === true,
      });
    }
  } finally {
    closeCase(open);
  }
  if (values.json) {
    out(JSON.stringify(ocr ? { ...report, ocr } : report, null, 2));
  } else {
    out(
      `${String(report.imported)} imported, ${String(report.duplicates)} already present, ${String(report.failed)} failed.`,
    );
    if (ocr) {
      out(
        `OCR: ${String(ocr.read)} read, ${String(ocr.failed)} not readable, ${String(ocr.occurrences)} indicator occurrences found in pixels.`,
      );
    }
  }
  return report.failed > 0 ? EXIT.failure : EXIT.ok;
}

const COMMANDS: Record<string, (p: string[], v: Values, c: ConfigStore) => Promise<number>> = {
  new: commandNew,
  info: commandInfo,
  verify: commandVerify,
  passwd: commandPasswd,
  import: commandImport,
  serve: commandServe,
  // The commands below load their modules when run: loading every parser, exporter and the service
  // up front made each CLI start ~0.5 s slower (`locard import` of an empty folder took 0.8 s).
  extract: async (positionals, values) => {
    const { commandExtract } = await import('./indicators.js');
    return commandExtract(positionals, { json: values.json, defang: values.defang, stats: values.stats }, out);
  },
  indicators: async (positionals, values, config) => {
    const { commandIndicators } = await import('./indicators.js');
    return withCase(requireCase(positionals, 'indicators'), values, (open) =>
      commandIndicators(
        open,
        { json: values.json, csv: values.csv, defang: values.defang, includeDismissed: values['include-dismissed'] },
        analystName(values, config),
        out,
      ),
    );
  },
  graph: async (positionals, values, config) => {
    const { commandGraph } = await import('./graph.js');
    return withCase(requireCase(positionals, 'graph'), values, (open) =>
      commandGraph(open, { json: values.json }, analystName(values, config), out),
    );
  },
  timeline: async (positionals, values, config) => {
    const { commandTimeline } = await import('./timeline.js');
    return withCase(requireCase(positionals, 'timeline'), values, (open) =>
      commandTimeline(open, { json: values.json }, analystName(values, config), out),
    );
  },
  demo: async (positionals, values, config) => {
    const { commandDemo } = await import('./demo.js');
    return commandDemo(positionals, values, analystName(values, config), config, out);
  },
  export: async (positionals, values, config) => {
    const { commandExport } = await import('./export.js');
    return commandExport(
      positionals,
      values,
      analystName(values, config),
      () => passphrase(values),
      out,
      (line) => process.stderr.write(`${line}\n`),
    );
  },
};

export async function main(argv: string[]): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`locard: ${(error as Error).message}\n\n${HELP}\n`);
    return EXIT.usage;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.version) {
    out(LOCARD_VERSION);
    return EXIT.ok;
  }
  if (parsed.values.help || !command) {
    (command || parsed.values.help ? out : (line: string) => process.stderr.write(`${line}\n`))(HELP);
    return parsed.values.help ? EXIT.ok : EXIT.usage;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`locard: unknown command "${command}".\n\n${HELP}\n`);
    return EXIT.usage;
  }
  try {
    return await run(rest, parsed.values, new ConfigStore());
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`locard: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof LocardError) {
      process.stderr.write(`locard: ${error.message}\n`);
      if (error.code === 'weak-passphrase' || error.code === 'invalid-argument' || error.code === 'file-exists')
        return EXIT.usage;
      if (['wrong-passphrase', 'not-a-case', 'newer-version', 'not-found'].includes(error.code)) return EXIT.cannotOpen;
      return EXIT.failure;
    }
    process.stderr.write(
      `locard: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.failure;
  }
}

// Run when executed as the CLI entry (bin/locard.js imports this bundle and calls main()).
