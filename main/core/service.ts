/**
 * The core behind both shells: one handler per contract method, over the case session and the config
 * store. No Electron import here; shell-specific pieces (native dialogs, which shell) come in as hooks.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
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
  withCaseExtension,
} from '../locker/case-file.js';
import type { OpenCase } from '../locker/case-file.js';
import { custodyCount, custodyForObject, listCustody, verifyCustody } from '../locker/custody.js';
import type { ReadDb, WriteDb } from '../locker/driver.js';
import { lastExhibitNumber, ocrCandidates } from '../locker/ocr.js';
import { LOCARD_VERSION } from '../version.js';
import type { IntakeParsers, StagedFile } from '../intake/import.js';
import { productParsers } from '../intake/product-parsers.js';
import { exhibitTextWindow, readExhibitBytes } from './content.js';
import { importCsvFile, importExchangeFile, previewCsvImport } from './exchange.js';
import {
  exhibitDetail,
  exhibitPreviews,
  ImportJobs,
  listExhibitSummaries,
  searchEvidence,
  updateExhibit,
} from './evidence.js';
import { buildSampleCase, SAMPLE_CASE_FILE, SAMPLE_CASE_PASSPHRASE } from './sample-case.js';
import { importEnrichmentCsv, indicatorDetail, listIndicatorSummaries, updateIndicators } from './indicators.js';
import { exhibitOcr, ocrRequest, ocrSettings, OcrJobs } from './ocr-jobs.js';
import {
  acceptSuggestion,
  createEntity,
  createRelationship,
  mergeEntities,
  readGraph,
  rejectSuggestion,
  splitEntity,
  undoMerge,
  updateRelationship,
} from '../locker/graph.js';
import { deleteGraphView, getGraphView, listGraphViews, saveGraphView } from '../locker/graph-views.js';
import { CaseSession } from './session.js';
import {
  acceptProposal,
  computeProposals,
  createEvent,
  deleteEvent,
  exhibitTimes,
  readTimeline,
  rejectProposal,
  setLanes,
  setMilestone,
  updateEvent,
} from '../locker/timeline.js';
import { API_SCHEMAS, describeIssues } from './validate.js';
import type { ExportFormat } from '../../shared/briefing.js';
import type { ExchangeImportResult } from '../../shared/exchange.js';
import type { PrintEngineFactory } from '../briefing/engine.js';
import { deleteBriefing, getBriefing, listBriefings, updateBriefing } from '../locker/briefings.js';
import { briefingHtml, exportCase, exportResult, newBriefing } from './briefings.js';

export interface ShellHooks {
  readonly shell: ShellKind;
  readonly nativeDialogs: boolean;
  chooseCasePath?(purpose: 'create' | 'open'): Promise<string | null>;
  chooseEvidencePaths?(): Promise<readonly string[] | null>;
  /** Native save dialog for an export; without one the renderer asks for a folder and name itself. */
  chooseExportPath?(format: ExportFormat, suggestedName: string): Promise<string | null>;
  /** Electron prints with its own Chromium (main/app/print.ts); otherwise the system Chromium through playwright-core. */
  openPrintEngine?: PrintEngineFactory;
  /** The browser shell's staged uploads (main/serve/upload.ts): claim one for importEvidence, once. */
  takeUpload?(uploadId: string): StagedUpload | undefined;
  emit<E extends EventName>(event: E, payload: LocardEvents[E]): void;
}

/** Files a shell staged from a drop, claimed once by importEvidence. */
export interface StagedUpload {
  readonly files: readonly StagedFile[];
  /** Remove the staged copies: called when the import ends, however it ends, or when it cannot start. */
  release(): void;
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
    private readonly parsers: IntakeParsers = productParsers,
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
        this.ocrAfterImport();
      },
    );
    this.ocr = new OcrJobs(
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
  private readonly ocr: OcrJobs;
  /** The last exhibit number before the running import: OCR reads the pictures it adds after it. */
  private ocrWatermark: number | undefined;
  /** A sample-case build in progress, shared by concurrent requests. */
  private sampleBuild: Promise<unknown> | undefined;

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
      await this.ocr.stop();
      return this.session.lock('user');
    },
    closeCase: async () => {
      await this.imports.stop();
      await this.ocr.stop();
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
    getExhibitPreviews: ({ number }: ApiInput<'getExhibitPreviews'>) => exhibitPreviews(this.session.current(), number),
    saveVideoFrame: async (input: ApiInput<'saveVideoFrame'>) => {
      const summary = await this.imports.saveVideoFrame(
        this.session.current(),
        this.config.settings().analystName,
        input,
      );
      this.hooks.emit('evidenceChanged', { count: 1 });
      this.queueOcr((db) => ocrCandidates(db, { numbers: [summary.number] }));
      return summary;
    },
    updateExhibit: (input: ApiInput<'updateExhibit'>) => {
      const detail = updateExhibit(this.session.current(), this.config.settings().analystName, input);
      this.hooks.emit('evidenceChanged', { count: 1 });
      this.announceState();
      return detail;
    },
    readExhibitBytes: ({ number, offset, length }: ApiInput<'readExhibitBytes'>) =>
      readExhibitBytes(this.session.current(), number, offset, length),
    getExhibitText: ({ number, offset, length }: ApiInput<'getExhibitText'>) =>
      exhibitTextWindow(this.session.current(), number, offset, length),
    searchEvidence: ({ query, limit }: ApiInput<'searchEvidence'>) =>
      searchEvidence(this.session.current(), query, limit ?? 50),
    chooseEvidencePaths: async () => {
      if (!this.hooks.chooseEvidencePaths) {
        throw new LocardError('unsupported', 'This window has no system file dialog; browse to the files instead.');
      }
      return this.hooks.chooseEvidencePaths();
    },
    importEvidence: ({ paths, uploadId, collection }: ApiInput<'importEvidence'>) => {
      const open = this.session.current();
      this.ocrWatermark ??= lastExhibitNumber(open.db);
      const analyst = this.config.settings().analystName;
      if (uploadId === undefined) return { jobId: this.imports.start(open, analyst, paths ?? [], collection) };
      if (!this.hooks.takeUpload) {
        throw new LocardError('unsupported', 'This window imports dropped files by their paths, not by upload.');
      }
      const upload = this.hooks.takeUpload(uploadId);
      if (!upload) {
        throw new LocardError(
          'not-found',
          'Those dropped files are no longer waiting to be imported (already imported, or discarded). Drop them again.',
        );
      }
      try {
        return { jobId: this.imports.start(open, analyst, [], collection, upload) };
      } catch (error) {
        upload.release();
        throw error;
      }
    },
    listIndicators: (input: ApiInput<'listIndicators'>) => listIndicatorSummaries(this.session.current(), input),
    getIndicator: ({ id }: ApiInput<'getIndicator'>) => indicatorDetail(this.session.current(), id),
    updateIndicators: (input: ApiInput<'updateIndicators'>) => {
      const summaries = updateIndicators(this.session.current(), this.config.settings().analystName, input);
      this.hooks.emit('indicatorsChanged', { count: summaries.length });
      this.announceState();
      return summaries;
    },
    importEnrichmentCsv: ({ path }: ApiInput<'importEnrichmentCsv'>) => {
      const result = importEnrichmentCsv(this.session.current(), this.config.settings().analystName, resolve(path));
      this.hooks.emit('indicatorsChanged', { count: result.ranges });
      this.announceState();
      return result;
    },
    cancelImport: ({ jobId }: ApiInput<'cancelImport'>) => {
      this.imports.cancel(jobId);
      return null;
    },
    startOcr: ({ numbers }: ApiInput<'startOcr'>) => {
      const open = this.session.current();
      return this.ocr.enqueue(
        open,
        this.config.settings().analystName,
        ocrSettings(this.config.settings()),
        ocrRequest(open.db, numbers),
      );
    },
    cancelOcr: ({ jobId }: ApiInput<'cancelOcr'>) => {
      this.ocr.cancel(jobId);
      return null;
    },
    getExhibitOcr: ({ number }: ApiInput<'getExhibitOcr'>) => exhibitOcr(this.session.current(), number),
    getGraph: () => readGraph(this.session.current().db),
    createEntity: (input: ApiInput<'createEntity'>) =>
      this.graphEdit('graph', (db, analyst) => createEntity(db, analyst, input)),
    createRelationship: (input: ApiInput<'createRelationship'>) =>
      this.graphEdit('graph', (db, analyst) => createRelationship(db, analyst, input)),
    updateRelationship: (input: ApiInput<'updateRelationship'>) =>
      this.graphEdit('graph', (db, analyst) => updateRelationship(db, analyst, input)),
    acceptSuggestion: (input: ApiInput<'acceptSuggestion'>) =>
      this.graphEdit('graph', (db, analyst) => acceptSuggestion(db, analyst, input)),
    rejectSuggestion: (input: ApiInput<'rejectSuggestion'>) =>
      this.graphEdit('graph', (db, analyst) => rejectSuggestion(db, analyst, input)),
    mergeEntities: (input: ApiInput<'mergeEntities'>) =>
      this.graphEdit('graph', (db, analyst) => mergeEntities(db, analyst, input)),
    undoMerge: (input: ApiInput<'undoMerge'>) =>
      this.graphEdit('graph', (db, analyst) => undoMerge(db, analyst, input)),
    splitEntity: (input: ApiInput<'splitEntity'>) =>
      this.graphEdit('graph', (db, analyst) => splitEntity(db, analyst, input)),
    listGraphViews: () => listGraphViews(this.session.current().db),
    getGraphView: ({ id }: ApiInput<'getGraphView'>) => getGraphView(this.session.current().db, id),
    saveGraphView: (input: ApiInput<'saveGraphView'>) =>
      this.graphEdit('views', (db, analyst) => saveGraphView(db, analyst, input)),
    deleteGraphView: (input: ApiInput<'deleteGraphView'>) =>
      this.graphEdit('views', (db, analyst) => deleteGraphView(db, analyst, input)),
    importExchangeFile: ({ path }: ApiInput<'importExchangeFile'>) =>
      this.exchangeImport((open, analyst, signal) => importExchangeFile(open, analyst, this.parsers, path, signal)),
    previewCsvImport: ({ path }: ApiInput<'previewCsvImport'>) => previewCsvImport(path),
    importCsv: (input: ApiInput<'importCsv'>) =>
      this.exchangeImport((open, analyst, signal) => importCsvFile(open, analyst, this.parsers, input, signal)),
    noteActivity: () => {
      this.session.touch();
      return null;
    },
    listTimeline: () => readTimeline(this.session.current().db),
    proposeEvents: () =>
      this.graphWrite((db, analyst) => {
        computeProposals(db, analyst);
        return readTimeline(db);
      }),
    acceptProposal: ({ key, edits }: ApiInput<'acceptProposal'>) =>
      this.graphWrite((db, analyst) => acceptProposal(db, analyst, key, edits)),
    rejectProposal: ({ key }: ApiInput<'rejectProposal'>) =>
      this.graphWrite((db, analyst) => {
        rejectProposal(db, analyst, key);
        return null;
      }),
    createEvent: (input: ApiInput<'createEvent'>) => this.graphWrite((db, analyst) => createEvent(db, analyst, input)),
    updateEvent: ({ id, change }: ApiInput<'updateEvent'>) =>
      this.graphWrite((db, analyst) => updateEvent(db, analyst, id, change)),
    deleteEvent: ({ id }: ApiInput<'deleteEvent'>) =>
      this.graphWrite((db, analyst) => {
        deleteEvent(db, analyst, id);
        return null;
      }),
    setMilestone: ({ milestone, eventId }: ApiInput<'setMilestone'>) =>
      this.graphWrite((db, analyst) => {
        setMilestone(db, analyst, milestone, eventId);
        return readTimeline(db);
      }),
    setTimelineLanes: ({ lanes, moves }: ApiInput<'setTimelineLanes'>) =>
      this.graphWrite((db, analyst) => setLanes(db, analyst, lanes, moves)),
    listExhibitTimes: () => exhibitTimes(this.session.current().db),
    listBriefings: () => listBriefings(this.session.current().db),
    getBriefing: ({ id }: ApiInput<'getBriefing'>) => getBriefing(this.session.current().db, id),
    createBriefing: (input: ApiInput<'createBriefing'>) =>
      this.graphWrite((_db, analyst) => newBriefing(this.session.current(), analyst, input)),
    updateBriefing: ({ id, change }: ApiInput<'updateBriefing'>) =>
      this.graphWrite((db, analyst) => updateBriefing(db, analyst, id, change)),
    deleteBriefing: ({ id }: ApiInput<'deleteBriefing'>) =>
      this.graphWrite((db, analyst) => {
        deleteBriefing(db, analyst, id);
        return null;
      }),
    renderBriefingHtml: ({ id }: ApiInput<'renderBriefingHtml'>) => ({
      html: briefingHtml(this.session.current(), this.config.settings().analystName, id),
    }),
    chooseExportPath: async ({ format, suggestedName }: ApiInput<'chooseExportPath'>) =>
      this.hooks.chooseExportPath ? this.hooks.chooseExportPath(format, suggestedName) : null,
    exportCase: async (input: ApiInput<'exportCase'>) => {
      const outcome = await exportCase(
        this.session.current(),
        this.config.settings().analystName,
        input,
        this.hooks.openPrintEngine ? { openEngine: this.hooks.openPrintEngine } : {},
      );
      this.announceState();
      return exportResult(outcome);
    },
    openSampleCase: async () => {
      const path = join(this.config.samplesDirectory(), SAMPLE_CASE_FILE);
      if (!existsSync(path)) {
        this.sampleBuild ??= buildSampleCase({
          path,
          analyst: this.config.settings().analystName,
          parsers: this.parsers,
        }).finally(() => {
          this.sampleBuild = undefined;
        });
        await this.sampleBuild;
      }
      await this.imports.stop();
      await this.ocr.stop();
      try {
        const summary = this.session.openPath(path, SAMPLE_CASE_PASSPHRASE);
        this.config.rememberCase(path);
        return summary;
      } catch (error) {
        if (error instanceof LocardError && error.code === 'wrong-passphrase') {
          throw new LocardError(
            'wrong-passphrase',
            `The sample case at ${path} no longer opens with "${SAMPLE_CASE_PASSPHRASE}" (was its passphrase changed?). Open it with Open case…, or delete it to have it built again.`,
          );
        }
        throw error;
      }
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

  /**
   * An exchange import (main/core/exchange.ts): in the import slot, so it never overlaps an import or
   * a frame save, and lock or close wait for it. The evidence, indicators and graph all change.
   */
  private async exchangeImport(
    work: (open: OpenCase, analyst: string, signal: AbortSignal) => Promise<ExchangeImportResult>,
  ): Promise<ExchangeImportResult> {
    const open = this.session.current();
    const result = await this.imports.exclusive((signal) => work(open, this.config.settings().analystName, signal));
    this.hooks.emit('evidenceChanged', { count: 1 });
    this.hooks.emit('indicatorsChanged', { count: result.entitiesMatched + result.entitiesCreated });
    this.hooks.emit('graphChanged', { what: 'graph' });
    return result;
  }

  /** A link-analysis write (its own transaction and custody entry, main/locker/graph.ts) by the current analyst. */
  private graphWrite<T>(work: (db: WriteDb, analyst: string) => T): T {
    const result = work(this.session.current().db, this.config.settings().analystName);
    this.announceState();
    return result;
  }

  /** A graph write (entities, relationships, merges, saved views): other open views re-read the graph. */
  private graphEdit<T>(what: 'graph' | 'views', work: (db: WriteDb, analyst: string) => T): T {
    const result = this.graphWrite(work);
    this.hooks.emit('graphChanged', { what });
    return result;
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

  /** After an import: OCR of the images and videos it added (attachments and members included). */
  private ocrAfterImport(): void {
    const watermark = this.ocrWatermark;
    this.ocrWatermark = undefined;
    if (watermark !== undefined) this.queueOcr((db) => ocrCandidates(db, { aboveNumber: watermark }));
  }

  /** Queue OCR of some exhibits of the open case; nothing when no case is open (locked meanwhile). */
  private queueOcr(candidates: (db: ReadDb) => ReturnType<typeof ocrCandidates>): void {
    try {
      const state = this.session.state();
      if (state.state !== 'open') return;
      const open = this.session.current();
      const settings = this.config.settings();
      this.ocr.enqueue(open, settings.analystName, ocrSettings(settings), candidates(open.db));
    } catch (error) {
      console.error('[locard] OCR could not be queued:', error);
    }
  }

  /** On shutdown: stop a running import and OCR, log the close, release the file. */
  async dispose(): Promise<void> {
    await this.imports.stop();
    await this.ocr.stop();
    this.session.dispose();
  }
}

function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name);
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
