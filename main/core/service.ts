/**
 * The core behind both shells: one handler per contract method, over the case session and the config
 * store. No Electron import here; shell-specific pieces (native dialogs, which shell) come in as hooks.
 */
import { readdirSync, statSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import type { ApiInput, ApiMethod, ApiValue, LocardEvents, EventName } from '../../shared/api.js';
import { API_METHODS } from '../../shared/api.js';
import type { AppInfo, ShellKind } from '../../shared/domain.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { ConfigStore } from '../config/settings.js';
import { LocardError, toFailure } from '../errors.js';
import {
  CASE_EXTENSION,
  changePassphrase,
  createCase,
  openCase,
  closeCase,
  readSummary,
  updateMetadata,
} from '../locker/case-file.js';
import { custodyCount, custodyForObject, listCustody, verifyCustody } from '../locker/custody.js';
import { LOCARD_VERSION } from '../version.js';
import type { IntakeParsers } from '../intake/import.js';
import { productParsers } from '../intake/product-parsers.js';
import { exhibitDetail, ImportJobs, listExhibitSummaries, searchEvidence, updateExhibit } from './evidence.js';
import { CaseSession } from './session.js';
import { API_SCHEMAS, describeIssues } from './validate.js';

export interface ShellHooks {
  readonly shell: ShellKind;
  readonly nativeDialogs: boolean;
  chooseCasePath?(purpose: 'create' | 'open'): Promise<string | null>;
  chooseEvidencePaths?(): Promise<readonly string[] | null>;
  emit<E extends EventName>(event: E, payload: LocardEvents[E]): void;
}

/** A method without a handler, or a handler returning the wrong type, does not compile. */
export type Handlers = { [M in ApiMethod]: (input: ApiInput<M>) => ApiValue<M> | Promise<ApiValue<M>> };

const DIRECTORY_LISTING_LIMIT = 2000;

export class LocardService {
  readonly session: CaseSession;
  readonly config: ConfigStore;

  constructor(
    private readonly hooks: ShellHooks,
    config = new ConfigStore(),
    parsers: IntakeParsers = productParsers,
  ) {
    this.config = config;
    this.session = new CaseSession(() => this.config.settings().analystName, {
      stateChanged: (state) => {
        hooks.emit('caseStateChanged', state);
      },
      locked: (reason) => {
        hooks.emit('caseLocked', { reason });
      },
    });
    this.session.setAutoLockMinutes(this.config.settings().autoLockMinutes);
    this.imports = new ImportJobs(
      parsers,
      (event, payload) => {
        hooks.emit(event, payload);
      },
      () => {
        this.session.touch();
      },
      () => {
        this.announceState();
      },
    );
  }

  private readonly imports: ImportJobs;

  private readonly handlers = {
    getAppInfo: (): AppInfo => ({
      version: LOCARD_VERSION,
      shell: this.hooks.shell,
      platform: platform(),
      defaultCaseDirectory: join(homedir(), 'Locard Cases'),
      nativeDialogs: this.hooks.nativeDialogs,
    }),
    getSettings: () => this.config.settings(),
    updateSettings: (input: ApiInput<'updateSettings'>) => {
      const settings = this.config.updateSettings(input);
      this.session.setAutoLockMinutes(settings.autoLockMinutes);
      return settings;
    },
    listRecentCases: () => this.config.recentCases(),
    forgetRecentCase: ({ path }: ApiInput<'forgetRecentCase'>) => this.config.forgetCase(path),
    listDirectory: ({ path }: ApiInput<'listDirectory'>) => listDirectory(path ?? homedir()),
    chooseCasePath: async ({ purpose }: ApiInput<'chooseCasePath'>) => {
      if (!this.hooks.chooseCasePath) {
        throw new LocardError(
          'unsupported',
          'This window has no system file dialog; type or browse to the path instead.',
        );
      }
      return this.hooks.chooseCasePath(purpose);
    },
    getCaseState: () => this.session.state(),
    createCase: (input: ApiInput<'createCase'>) => {
      const path = withCaseExtension(resolve(input.path));
      const open = createCase({
        path,
        passphrase: input.passphrase,
        title: input.title,
        analyst: input.analyst ?? this.config.settings().analystName,
        tlp: input.tlp ?? 'AMBER',
        description: input.description,
      });
      this.config.rememberCase(path);
      return this.session.adopt(open, null);
    },
    openCase: ({ path, passphrase }: ApiInput<'openCase'>) => {
      const absolute = resolve(path);
      const summary = this.session.openPath(absolute, passphrase);
      this.config.rememberCase(absolute);
      return summary;
    },
    selectCase: ({ path }: ApiInput<'selectCase'>) => this.session.select(resolve(path)),
    unlockCase: ({ passphrase }: ApiInput<'unlockCase'>) => {
      const summary = this.session.unlock(passphrase);
      this.config.rememberCase(summary.path);
      return summary;
    },
    lockCase: async () => {
      await this.imports.stop();
      return this.session.lock('user');
    },
    closeCase: async () => {
      await this.imports.stop();
      return this.session.close();
    },
    updateCaseMetadata: (input: ApiInput<'updateCaseMetadata'>) => {
      const open = this.session.current();
      updateMetadata(open, this.config.settings().analystName, input);
      return readSummary(open);
    },
    changePassphrase: ({ current, next }: ApiInput<'changePassphrase'>) => {
      const open = this.session.current();
      // Prove the current passphrase by opening the file a second time with it.
      closeCase(openCase(open.path, current));
      changePassphrase(open, this.config.settings().analystName, next);
      return readSummary(open);
    },
    listCustody: ({ offset, limit, objectId }: ApiInput<'listCustody'>) => {
      const open = this.session.current();
      if (objectId !== undefined) {
        const entries = custodyForObject(open.db, objectId).reverse();
        return { entries: entries.slice(offset ?? 0, (offset ?? 0) + (limit ?? 200)), total: entries.length };
      }
      return { entries: listCustody(open.db, offset ?? 0, limit ?? 200), total: custodyCount(open.db) };
    },
    verifyCustody: () => verifyCustody(this.session.current().db),
    listExhibits: () => listExhibitSummaries(this.session.current()),
    getExhibit: ({ number }: ApiInput<'getExhibit'>) => exhibitDetail(this.session.current(), number),
    updateExhibit: (input: ApiInput<'updateExhibit'>) => {
      const detail = updateExhibit(this.session.current(), this.config.settings().analystName, input);
      this.hooks.emit('evidenceChanged', { count: 1 });
      this.announceState();
      return detail;
    },
    searchEvidence: ({ query, limit }: ApiInput<'searchEvidence'>) =>
      searchEvidence(this.session.current(), query, limit ?? 50),
    chooseEvidencePaths: async () => {
      if (!this.hooks.chooseEvidencePaths) {
        throw new LocardError('unsupported', 'This window has no system file dialog; browse to the files instead.');
      }
      return this.hooks.chooseEvidencePaths();
    },
    importEvidence: ({ paths, collection }: ApiInput<'importEvidence'>) => ({
      jobId: this.imports.start(this.session.current(), this.config.settings().analystName, paths, collection),
    }),
    cancelImport: ({ jobId }: ApiInput<'cancelImport'>) => {
      this.imports.cancel(jobId);
      return null;
    },
    noteActivity: () => {
      this.session.touch();
      return null;
    },
  } satisfies Handlers;

  /** Validate, run, and turn the outcome into a Result. The only way a shell calls the core. */
  async dispatch(method: string, input: unknown): Promise<Result<unknown>> {
    if (!isApiMethod(method)) return fail('invalid-argument', `Unknown request "${method.slice(0, 64)}".`);
    const parsed = API_SCHEMAS[method].safeParse(input ?? {});
    if (!parsed.success) return fail('invalid-argument', describeIssues(parsed.error));
    try {
      if (method !== 'noteActivity' && method !== 'getCaseState') this.session.touch();
      const handler = this.handlers[method] as (input: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      return { ok: false, error: toFailure(error) };
    }
  }

  /** Tell the renderer the case summary changed (custody entries, file size) — if a case is still open. */
  private announceState(): void {
    try {
      const state = this.session.state();
      if (state.state === 'open') this.hooks.emit('caseStateChanged', state);
    } catch (error) {
      console.error('[locard] could not read the case state:', error);
    }
  }

  /** On shutdown: stop a running import, log the close, release the file. */
  async dispose(): Promise<void> {
    await this.imports.stop();
    this.session.dispose();
  }
}

function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name);
}

export function withCaseExtension(path: string): string {
  return extname(path).toLowerCase() === CASE_EXTENSION ? path : `${path}${CASE_EXTENSION}`;
}

function listDirectory(path: string) {
  const absolute = resolve(path);
  let names: string[];
  try {
    names = readdirSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LocardError('not-found', `The folder ${absolute} does not exist.`);
    if (code === 'ENOTDIR') throw new LocardError('invalid-argument', `${absolute} is a file, not a folder.`);
    throw new LocardError('io', `Could not list ${absolute} (${code ?? 'error'}).`);
  }
  const entries = names
    .filter((name) => !name.startsWith('.'))
    .slice(0, DIRECTORY_LISTING_LIMIT)
    .flatMap((name) => {
      try {
        const stats = statSync(join(absolute, name));
        const kind = stats.isDirectory()
          ? 'directory'
          : extname(name).toLowerCase() === CASE_EXTENSION
            ? 'case'
            : 'file';
        return [{ name, kind } as const];
      } catch {
        return [];
      }
    })
    .sort((a, b) =>
      (a.kind === 'directory') === (b.kind === 'directory')
        ? a.name.localeCompare(b.name)
        : a.kind === 'directory'
          ? -1
          : 1,
    );
  const parent = dirname(absolute);
  return { path: absolute, parent: parent === absolute ? null : parent, entries };
}
