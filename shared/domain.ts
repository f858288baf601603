/**
 * Domain types shared by main, the renderer, the CLI and exports. Plain, readonly, serialisable:
 * times are epoch milliseconds (UTC), ids are branded strings, unions instead of enums.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type CaseId = Brand<string, 'CaseId'>;

/** TLP 2.0 markings (FIRST, 2022). */
export const TLP_MARKINGS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type TlpMarking = (typeof TLP_MARKINGS)[number];

export interface CaseSummary {
  readonly caseId: CaseId;
  readonly path: string;
  readonly title: string;
  readonly description: string;
  readonly analyst: string;
  readonly tlp: TlpMarking;
  readonly createdAt: number;
  readonly schemaVersion: number;
  readonly fileBytes: number;
  readonly custodyEntries: number;
}

/** What the workspace is showing: nothing, a locked case (path known, contents not), or an open case. */
export type CaseState =
  | { readonly state: 'none' }
  | { readonly state: 'locked'; readonly path: string; readonly reason: LockReason }
  | { readonly state: 'open'; readonly summary: CaseSummary };

export type LockReason = 'user' | 'idle' | 'menu' | 'opened-by-path';

export const CUSTODY_ACTIONS = [
  'case.created',
  'case.opened',
  'case.unlocked',
  'case.locked',
  'case.closed',
  'case.rekeyed',
  'case.metadata-changed',
  'custody.verified',
  'evidence.imported',
  'evidence.reimported',
  'evidence.derived',
  'evidence.import-failed',
  'evidence.edited',
  'evidence.ocr',
  'indicator.updated',
  'enrichment.imported',
  'graph.entity-created',
  'graph.relationship-asserted',
  'graph.relationship-updated',
  'graph.suggestion-rejected',
  'graph.merged',
  'graph.merge-undone',
  'graph.split',
  'graph.view-saved',
  'graph.view-deleted',
  'timeline.event-created',
  'timeline.event-updated',
  'timeline.event-deleted',
  'timeline.proposal-accepted',
  'timeline.proposal-rejected',
  'timeline.proposals-computed',
  'timeline.lanes-changed',
  'briefing.created',
  'briefing.updated',
  'briefing.deleted',
  'case.exported',
  'exchange.imported',
] as const;
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number];

export interface CustodyEntry {
  readonly seq: number;
  readonly at: number;
  readonly analyst: string;
  readonly action: CustodyAction;
  readonly objectIds: readonly string[];
  readonly details: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
  readonly hash: string;
}

export type CustodyBreakKind = 'altered' | 'broken-link' | 'missing-entry' | 'head-mismatch';

export interface CustodyVerification {
  readonly ok: boolean;
  readonly entries: number;
  readonly headHash: string;
  /** The first entry where the chain does not hold, when it does not. */
  readonly firstBroken?: {
    readonly seq: number;
    readonly kind: CustodyBreakKind;
    readonly message: string;
  };
  readonly verifiedAt: number;
}

export interface RecentCase {
  readonly path: string;
  readonly lastOpenedAt: number;
  readonly exists: boolean;
}

export interface AppSettings {
  /** Minutes without activity before an open case locks itself; 0 disables auto-lock. */
  readonly autoLockMinutes: number;
  readonly analystName: string;
  readonly theme: 'system' | 'light' | 'dark';
  /** OCR of videos: a frame at least this often (seconds), besides every scene change. */
  readonly ocrFrameIntervalS: number;
  /** Languages OCR reads (their trained data ships with Locard); the first is the main one. */
  readonly ocrLanguages: readonly OcrLanguage[];
}

/** OCR languages whose trained data ships with Locard (@tesseract.js-data packages). */
export const OCR_LANGUAGES = ['eng', 'fas', 'ara'] as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];
/** Bounds of `ocrFrameIntervalS`: below half a second OCR of a recording takes longer than watching it;
 * above a minute whole scenes of a screen recording go unread. */
export const OCR_FRAME_INTERVAL_RANGE_S = { min: 0.5, max: 60 } as const;

export type ShellKind = 'electron' | 'browser';

export interface AppInfo {
  readonly version: string;
  readonly shell: ShellKind;
  readonly platform: string;
  readonly defaultCaseDirectory: string;
  /** True where the shell can show the operating system's file dialogs. */
  readonly nativeDialogs: boolean;
}

export interface DirectoryListing {
  readonly path: string;
  readonly parent: string | null;
  readonly entries: readonly { readonly name: string; readonly kind: 'directory' | 'case' | 'file' }[];
}

export const MIN_PASSPHRASE_LENGTH = 8;
