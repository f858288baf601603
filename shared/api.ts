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
import type {
  CollectionRecord,
  ExhibitBytes,
  ExhibitDetail,
  ExhibitPreview,
  ExhibitSummary,
  ExhibitText,
  ImportProgress,
  SearchHit,
} from './evidence.js';
import type { IndicatorDetail, IndicatorStatus, IndicatorSummary, IndicatorType } from './indicator-types.js';
import type { CaseGraph, EntityType, GraphEntity, GraphRelationship, RelationshipType } from './graph.js';
import type { ExhibitOcr, OcrProgress } from './ocr.js';
import type { GraphViewState, GraphViewSummary, SavedGraphView } from './graph-view.js';
import type { ExhibitTime, LaneMove, Milestone, NewTimelineEvent, Timeline, TimelineEvent } from './timeline.js';
import type { CsvColumnMapping, CsvImportKind, CsvImportPreview, ExchangeImportResult } from './exchange.js';
import type { Result } from './result.js';
import type {
  Briefing,
  BriefingContent,
  BriefingSummary,
  ExportFormat,
  ExportRequest,
  ExportResult,
} from './briefing.js';

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
  /** Thumbnail and video key-frame strip made at import, oldest first. */
  getExhibitPreviews(input: { readonly number: number }): Promise<Result<readonly ExhibitPreview[]>>;
  /** Up to 64 KiB of the stored bytes from `offset` (hex view). */
  readExhibitBytes(input: {
    readonly number: number;
    readonly offset: number;
    readonly length: number;
  }): Promise<Result<ExhibitBytes>>;
  /** A window of the extracted text (text view with line numbers). */
  getExhibitText(input: {
    readonly number: number;
    readonly offset?: number;
    readonly length?: number;
  }): Promise<Result<ExhibitText>>;
  /** Save the frame of a video exhibit at `timeS` as a derived exhibit (PNG); logged in custody. */
  saveVideoFrame(input: { readonly number: number; readonly timeS: number }): Promise<Result<ExhibitSummary>>;
  /** Full-text search over all extracted text. */
  searchEvidence(input: { readonly query: string; readonly limit?: number }): Promise<Result<readonly SearchHit[]>>;
  /** Native file dialog for evidence (files and folders) where the shell has one; `null` when cancelled. */
  chooseEvidencePaths(input: Record<string, never>): Promise<Result<readonly string[] | null>>;
  /**
   * Start importing files and folders (`paths`), or the files the browser shell staged from a drop
   * (`uploadId`, see `uploadEvidence`); progress arrives as `importProgress` events.
   */
  importEvidence(input: {
    readonly paths?: readonly string[];
    readonly uploadId?: string;
    readonly collection?: CollectionRecord;
  }): Promise<Result<{ readonly jobId: string }>>;
  cancelImport(input: { readonly jobId: string }): Promise<Result<null>>;
  /** Indicators found in the case's evidence, one row per canonical value. */
  listIndicators(input: {
    readonly types?: readonly IndicatorType[];
    /** Also list indicators marked benign or false positive (default true: the view filters). */
    readonly includeDismissed?: boolean;
  }): Promise<Result<readonly IndicatorSummary[]>>;
  getIndicator(input: { readonly id: number }): Promise<Result<IndicatorDetail>>;
  /** Bulk verdict and tags; logged in custody. */
  updateIndicators(input: {
    readonly ids: readonly number[];
    readonly status?: IndicatorStatus;
    readonly addTags?: readonly string[];
    readonly removeTags?: readonly string[];
    readonly notes?: string;
  }): Promise<Result<readonly IndicatorSummary[]>>;
  /** Import a CSV of prefix → ASN / organisation / country ranges; returns the ranges stored. */
  importEnrichmentCsv(input: { readonly path: string }): Promise<Result<{ readonly ranges: number }>>;
  /**
   * OCR the listed image and video exhibits (or every one) not read yet, failed ones again; progress
   * arrives as `ocrProgress` events. Joins the running OCR job if there is one; `jobId` is null when
   * there was nothing to read. Imports start OCR of their new pictures by themselves.
   */
  startOcr(input: {
    readonly numbers?: readonly number[];
  }): Promise<Result<{ readonly jobId: string | null; readonly queued: number }>>;
  cancelOcr(input: { readonly jobId: string }): Promise<Result<null>>;
  /** An exhibit's OCR: status, and every picture's text with its word boxes. */
  getExhibitOcr(input: { readonly number: number }): Promise<Result<ExhibitOcr>>;
  /** Link analysis: every entity, relationship (derived and asserted, with provenance) and open suggestion. */
  getGraph(input: Record<string, never>): Promise<Result<CaseGraph>>;
  createEntity(input: {
    readonly type: EntityType;
    readonly name: string;
    readonly description?: string;
  }): Promise<Result<GraphEntity>>;
  /** Assert a relationship (source → target) with a confidence 0–100 and the exhibits it rests on. */
  createRelationship(input: {
    readonly type: RelationshipType;
    readonly source: string;
    readonly target: string;
    readonly confidence: number;
    readonly citedExhibits?: readonly number[];
    readonly note?: string;
  }): Promise<Result<GraphRelationship>>;
  /** Change or retract an asserted relationship (`null` back when retracted); derived ones cannot change. */
  updateRelationship(input: {
    readonly id: string;
    readonly confidence?: number;
    readonly citedExhibits?: readonly number[];
    readonly note?: string;
    readonly retract?: boolean;
  }): Promise<Result<GraphRelationship | null>>;
  acceptSuggestion(input: {
    readonly id: string;
    readonly type?: RelationshipType;
    readonly confidence?: number;
  }): Promise<Result<GraphRelationship>>;
  rejectSuggestion(input: { readonly id: string }): Promise<Result<null>>;
  /** Fold `members` into `target` as aliases, recording who asserted it and from which source. */
  mergeEntities(input: {
    readonly target: string;
    readonly members: readonly string[];
    readonly source?: string;
  }): Promise<Result<{ readonly mergeId: number; readonly entity: GraphEntity }>>;
  undoMerge(input: { readonly mergeId: number }): Promise<Result<null>>;
  /** Take one alias back out of a merge. */
  splitEntity(input: { readonly mergeId: number; readonly member: string }): Promise<Result<null>>;
  /** Named saved views of the graph canvas, by name. */
  listGraphViews(input: Record<string, never>): Promise<Result<readonly GraphViewSummary[]>>;
  getGraphView(input: { readonly id: string }): Promise<Result<SavedGraphView>>;
  /** Save a new view (no id; the name must be free) or over an existing one by id; logged in custody. */
  saveGraphView(input: {
    readonly id?: string;
    readonly name: string;
    readonly state: GraphViewState;
  }): Promise<Result<SavedGraphView>>;
  deleteGraphView(input: { readonly id: string }): Promise<Result<null>>;
  /** The timeline: lanes, events, proposals (with their accepted/rejected state), milestones, time to attribution. */
  listTimeline(input: Record<string, never>): Promise<Result<Timeline>>;
  /** Recompute proposals from the evidence (open ones replaced; accepted and rejected ones kept). */
  proposeEvents(input: Record<string, never>): Promise<Result<Timeline>>;
  /** Accept a proposal as an event citing its exhibit; `edits` change what was proposed. */
  acceptProposal(input: {
    readonly key: string;
    readonly edits?: Partial<NewTimelineEvent>;
  }): Promise<Result<TimelineEvent>>;
  rejectProposal(input: { readonly key: string }): Promise<Result<null>>;
  createEvent(input: NewTimelineEvent): Promise<Result<TimelineEvent>>;
  updateEvent(input: {
    readonly id: number;
    readonly change: Partial<NewTimelineEvent>;
  }): Promise<Result<TimelineEvent>>;
  deleteEvent(input: { readonly id: number }): Promise<Result<null>>;
  /** Put a milestone on one event (`eventId` null: on none). */
  setMilestone(input: { readonly milestone: Milestone; readonly eventId: number | null }): Promise<Result<Timeline>>;
  /** The case's lanes, in order; `moves` carry a renamed or removed lane's events to their new lane. */
  setTimelineLanes(input: {
    readonly lanes: readonly string[];
    readonly moves?: readonly LaneMove[];
  }): Promise<Result<readonly string[]>>;
  /** Each exhibit's dates (its own, its parent's, the events citing it): what a time window filters by. */
  listExhibitTimes(input: Record<string, never>): Promise<Result<readonly ExhibitTime[]>>;
  /** Briefings written in this case (several per case), most recently changed first. */
  listBriefings(input: Record<string, never>): Promise<Result<readonly BriefingSummary[]>>;
  getBriefing(input: { readonly id: string }): Promise<Result<Briefing>>;
  /** A new briefing: a skeleton with the case's TLP, or a copy of `copyOf`; logged in custody. */
  createBriefing(input: { readonly title?: string; readonly copyOf?: string }): Promise<Result<Briefing>>;
  /** Change some of a briefing's fields; logged in custody. */
  updateBriefing(input: { readonly id: string; readonly change: Partial<BriefingContent> }): Promise<Result<Briefing>>;
  deleteBriefing(input: { readonly id: string }): Promise<Result<null>>;
  /** The self-contained HTML of a briefing (id omitted: the standard case briefing), for a live preview. */
  renderBriefingHtml(input: { readonly id?: string }): Promise<Result<{ readonly html: string }>>;
  /** Native save dialog where the shell has one; `null` when cancelled or when the shell has none. */
  chooseExportPath(input: {
    readonly format: ExportFormat;
    readonly suggestedName: string;
  }): Promise<Result<string | null>>;
  /** Write a briefing (pdf, docx, html, md) or an exchange file (stix, misp, csv); logged in custody with its SHA-256. */
  exportCase(input: ExportRequest): Promise<Result<ExportResult>>;
  /**
   * Import a STIX 2.1 bundle or a MISP event (told apart by content): the file is kept as an exhibit,
   * its objects become entities and relationships citing it, in one transaction; logged in custody.
   * A malformed file is refused whole; importing the same file again adds nothing twice.
   */
  importExchangeFile(input: { readonly path: string }): Promise<Result<ExchangeImportResult>>;
  /** A CSV's header, first rows and a suggested column mapping, before importing it. */
  previewCsvImport(input: { readonly path: string }): Promise<Result<CsvImportPreview>>;
  /** Import a CSV of entities or indicators with the analyst's column mapping; the file is kept as an exhibit. */
  importCsv(input: {
    readonly path: string;
    readonly kind: CsvImportKind;
    readonly mapping: CsvColumnMapping;
  }): Promise<Result<ExchangeImportResult>>;
  /** The analyst is active (keys, pointer): postpones auto-lock. */
  noteActivity(input: Record<string, never>): Promise<Result<null>>;
  /**
   * Open the sample case (bundled synthetic evidence, passphrase SAMPLE_CASE_PASSPHRASE), building it
   * in the config folder first if it is not there yet.
   */
  openSampleCase(input: Record<string, never>): Promise<Result<CaseSummary>>;
}

/** The sample case's passphrase: it holds only the bundled synthetic sample evidence. */
export const SAMPLE_CASE_PASSPHRASE = 'locard-sample';

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
  'getExhibitPreviews',
  'readExhibitBytes',
  'getExhibitText',
  'saveVideoFrame',
  'searchEvidence',
  'chooseEvidencePaths',
  'importEvidence',
  'cancelImport',
  'listIndicators',
  'getIndicator',
  'updateIndicators',
  'importEnrichmentCsv',
  'startOcr',
  'cancelOcr',
  'getExhibitOcr',
  'getGraph',
  'createEntity',
  'createRelationship',
  'updateRelationship',
  'acceptSuggestion',
  'rejectSuggestion',
  'mergeEntities',
  'undoMerge',
  'splitEntity',
  'listGraphViews',
  'getGraphView',
  'saveGraphView',
  'deleteGraphView',
  'listTimeline',
  'proposeEvents',
  'acceptProposal',
  'rejectProposal',
  'createEvent',
  'updateEvent',
  'deleteEvent',
  'setMilestone',
  'setTimelineLanes',
  'listExhibitTimes',
  'listBriefings',
  'getBriefing',
  'createBriefing',
  'updateBriefing',
  'deleteBriefing',
  'renderBriefingHtml',
  'chooseExportPath',
  'exportCase',
  'importExchangeFile',
  'previewCsvImport',
  'importCsv',
  'noteActivity',
  'openSampleCase',
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
  /** Indicators were added (an import), re-enriched (an enrichment CSV) or edited (verdict, tags, notes). */
  indicatorsChanged: { readonly count: number };
  /** OCR of image and video exhibits: per picture, per exhibit (`outcome`), and at the end (`done`). */
  ocrProgress: OcrProgress;
  /** The graph changed (an entity, relationship, suggestion decision, merge or saved view): open views re-read it. */
  graphChanged: { readonly what: 'graph' | 'views' };
}
export type EventName = keyof LocardEvents;
export const EVENT_NAMES = [
  'caseStateChanged',
  'caseLocked',
  'menuCommand',
  'importProgress',
  'evidenceChanged',
  'indicatorsChanged',
  'ocrProgress',
  'graphChanged',
] as const satisfies readonly EventName[];

export type MenuCommand = 'new-case' | 'open-case' | 'lock-case' | 'close-case' | 'toggle-theme' | 'import-evidence';

/** What a renderer receives from either shell. */
export type LocardClient = LocardApi & {
  on<E extends EventName>(event: E, listener: (payload: LocardEvents[E]) => void): () => void;
  /**
   * A URL the renderer can put in <img>/<video> to stream an exhibit's stored bytes (with Range
   * support): `locard-evidence://exhibit/<n>` in Electron, `/api/exhibits/<n>/content` in the browser shell.
   */
  contentUrl(number: number): string;
  /** Electron only: the paths of dropped files and folders (webUtils.getPathForFile); '' entries are left out. */
  droppedFilePaths?(files: readonly DroppedFile[]): readonly string[];
  /** Browser shell only: send dropped files to main's staging folder; import them with `importEvidence({ uploadId })`. */
  uploadEvidence?(
    items: readonly UploadItem[],
    onProgress: (progress: UploadProgress) => void,
  ): Promise<Result<{ readonly uploadId: string }>>;
};

/** A file the analyst dropped, as the renderer holds it (a DOM File; described here by shape, shared/ has no DOM). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
  readonly lastModified: number;
}

/** One dropped file to stage: `relativePath` is its path inside the dropped folder ("mail/01.eml"), or its name. */
export interface UploadItem {
  readonly file: DroppedFile;
  readonly relativePath: string;
}

export interface UploadProgress {
  readonly filesDone: number;
  readonly fileCount: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** The relative path being sent; '' when all are sent. */
  readonly current: string;
}

/** The name the Electron preload exposes the client under on `window`. */
export const BRIDGE_KEY = 'locard';
/** IPC channel prefix; one channel per method, `locard:<method>`. */
export const IPC_PREFIX = 'locard:';
export const IPC_EVENT_CHANNEL = 'locard:event';
