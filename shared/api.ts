/**
 * The one API contract between the renderer and main, bound by both shells: the Electron preload
 * (IPC) and the browser shell (HTTP on 127.0.0.1). Every method takes one plain object and returns a
 * Result; main validates every argument (main/core/validate.ts) before a handler sees it.
 * Adding a method here without a handler in main/core/service.ts does not compile.
 */
import type {
  AppInfo,
  AppSettings,
  CaseState,
  CaseSummary,
  CustodyEntry,
  CustodyVerification,
  DirectoryListing,
  LockReason,
  RecentCase,
  TlpMarking,
} from './domain.js';
import type { CollectionRecord, ExhibitDetail, ExhibitSummary, ImportProgress, SearchHit } from './evidence.js';
import type { Result } from './result.js';

export interface CreateCaseInput {
  readonly path: string;
  readonly passphrase: string;
  readonly title: string;
  readonly analyst?: string;
  readonly tlp?: TlpMarking;
  readonly description?: string;
}

export interface CustodyPage {
  readonly entries: readonly CustodyEntry[];
  readonly total: number;
}

export interface LocardApi {
  getAppInfo(input: Record<string, never>): Promise<Result<AppInfo>>;
  getSettings(input: Record<string, never>): Promise<Result<AppSettings>>;
  updateSettings(input: Partial<AppSettings>): Promise<Result<AppSettings>>;
  listRecentCases(input: Record<string, never>): Promise<Result<readonly RecentCase[]>>;
  forgetRecentCase(input: { readonly path: string }): Promise<Result<readonly RecentCase[]>>;
  listDirectory(input: { readonly path?: string }): Promise<Result<DirectoryListing>>;
  /** Native file dialog where the shell has one; `null` when the analyst cancelled. */
  chooseCasePath(input: { readonly purpose: 'create' | 'open' }): Promise<Result<string | null>>;
  getCaseState(input: Record<string, never>): Promise<Result<CaseState>>;
  createCase(input: CreateCaseInput): Promise<Result<CaseSummary>>;
  openCase(input: { readonly path: string; readonly passphrase: string }): Promise<Result<CaseSummary>>;
  /** Offer a case for unlocking without opening it (e.g. `locard serve CASE`, Open recent). */
  selectCase(input: { readonly path: string }): Promise<Result<CaseState>>;
  unlockCase(input: { readonly passphrase: string }): Promise<Result<CaseSummary>>;
  lockCase(input: Record<string, never>): Promise<Result<CaseState>>;
  closeCase(input: Record<string, never>): Promise<Result<CaseState>>;
  updateCaseMetadata(input: {
    readonly title?: string;
    readonly description?: string;
    readonly tlp?: TlpMarking;
  }): Promise<Result<CaseSummary>>;
  changePassphrase(input: { readonly current: string; readonly next: string }): Promise<Result<CaseSummary>>;
  /** Newest first; with `objectId` (an exhibit label such as E-0001), only the entries about it. */
  listCustody(input: {
    readonly offset?: number;
    readonly limit?: number;
    readonly objectId?: string;
  }): Promise<Result<CustodyPage>>;
  verifyCustody(input: Record<string, never>): Promise<Result<CustodyVerification>>;
  listExhibits(input: Record<string, never>): Promise<Result<readonly ExhibitSummary[]>>;
  getExhibit(input: { readonly number: number }): Promise<Result<ExhibitDetail>>;
  updateExhibit(input: {
    readonly number: number;
    readonly tags?: readonly string[];
    readonly notes?: string;
  }): Promise<Result<ExhibitDetail>>;
  /** Full-text search over all extracted text. */
  searchEvidence(input: { readonly query: string; readonly limit?: number }): Promise<Result<readonly SearchHit[]>>;
  /** Native file dialog for evidence (files and folders) where the shell has one; `null` when cancelled. */
  chooseEvidencePaths(input: Record<string, never>): Promise<Result<readonly string[] | null>>;
  /** Start importing files and folders; progress arrives as `importProgress` events. */
  importEvidence(input: {
    readonly paths: readonly string[];
    readonly collection?: CollectionRecord;
  }): Promise<Result<{ readonly jobId: string }>>;
  cancelImport(input: { readonly jobId: string }): Promise<Result<null>>;
  /** The analyst is active (keys, pointer): postpones auto-lock. */
  noteActivity(input: Record<string, never>): Promise<Result<null>>;
}

export type ApiMethod = keyof LocardApi;
export type ApiInput<M extends ApiMethod> = Parameters<LocardApi[M]>[0];
export type ApiOutput<M extends ApiMethod> = Awaited<ReturnType<LocardApi[M]>>;
/** The value a successful call carries. */
export type ApiValue<M extends ApiMethod> = ApiOutput<M> extends Result<infer T> ? T : never;

export const API_METHODS = [
  'getAppInfo',
  'getSettings',
  'updateSettings',
  'listRecentCases',
  'forgetRecentCase',
  'listDirectory',
  'chooseCasePath',
  'getCaseState',
  'createCase',
  'openCase',
  'selectCase',
  'unlockCase',
  'lockCase',
  'closeCase',
  'updateCaseMetadata',
  'changePassphrase',
  'listCustody',
  'verifyCustody',
  'listExhibits',
  'getExhibit',
  'updateExhibit',
  'searchEvidence',
  'chooseEvidencePaths',
  'importEvidence',
  'cancelImport',
  'noteActivity',
] as const satisfies readonly ApiMethod[];

// A method missing from API_METHODS fails here.
type MissingMethods = Exclude<ApiMethod, (typeof API_METHODS)[number]>;
export const API_METHODS_COMPLETE: MissingMethods extends never ? true : MissingMethods = true;

/** Events main emits to the renderer. */
export interface LocardEvents {
  caseStateChanged: CaseState;
  caseLocked: { readonly reason: LockReason };
  /** Electron menu commands the renderer carries out (it owns the dialogs' UI state). */
  menuCommand: { readonly command: MenuCommand };
  importProgress: ImportProgress;
  /** Exhibits were added or changed (an import finished a file, tags edited). */
  evidenceChanged: { readonly count: number };
}
export type EventName = keyof LocardEvents;
export const EVENT_NAMES = [
  'caseStateChanged',
  'caseLocked',
  'menuCommand',
  'importProgress',
  'evidenceChanged',
] as const satisfies readonly EventName[];

export type MenuCommand = 'new-case' | 'open-case' | 'lock-case' | 'close-case' | 'toggle-theme' | 'import-evidence';

/** What a renderer receives from either shell. */
export type LocardClient = LocardApi & {
  on<E extends EventName>(event: E, listener: (payload: LocardEvents[E]) => void): () => void;
};

/** The name the Electron preload exposes the client under on `window`. */
export const BRIDGE_KEY = 'locard';
/** IPC channel prefix; one channel per method, `locard:<method>`. */
export const IPC_PREFIX = 'locard:';
export const IPC_EVENT_CHANNEL = 'locard:event';
