/**
 * Briefings and exports (issue 7): what the analyst writes (a briefing per audience, several per case)
 * and what an export produces. Shared by main (storage, renderers, the CLI) and the renderer (editor).
 *
 * A briefing holds only what the analyst writes and chooses; the indicators table, the exhibit list
 * and the custody statement are read from the case when it is rendered, so an export is never stale.
 */
import type { TlpMarking } from './domain.js';
import type { Icd203Word } from './graph.js';
import type { Confidence } from './timeline.js';

export const ANALYTIC_CONFIDENCES = ['low', 'moderate', 'high'] as const satisfies readonly Confidence[];

/** One key judgement: a sentence, its ICD 203 likelihood, the analytic confidence and the exhibits it rests on. */
export interface KeyJudgement {
  /** Stable within the briefing ("kj-1"), so the editor can reorder and edit in place. */
  readonly id: string;
  readonly text: string;
  readonly likelihood: Icd203Word;
  readonly confidence: Confidence;
  /** Exhibit numbers (1 → E-0001), rendered with their SHA-256. */
  readonly exhibits: readonly number[];
}

/** A chosen range of the timeline, drawn as a figure; bounds are epoch ms (UTC). */
export interface TimelineFigure {
  readonly from: number;
  readonly to: number;
  readonly caption: string;
}

/** A saved graph view (issue 5), drawn as the infrastructure figure with its saved positions. */
export interface GraphFigure {
  readonly viewId: string;
  readonly caption: string;
}

export interface BriefingContent {
  readonly title: string;
  /** The classification banner's text ("UNCLASSIFIED//FOR OFFICIAL USE ONLY"); '' for none. */
  readonly classification: string;
  readonly tlp: TlpMarking;
  /** Bottom line up front: a short paragraph. */
  readonly bluf: string;
  readonly judgements: readonly KeyJudgement[];
  /** Free text; paragraphs separated by blank lines. */
  readonly background: string;
  readonly timelineFigure: TimelineFigure | null;
  readonly graphFigure: GraphFigure | null;
  /** Which generated sections to include. */
  readonly includeIndicators: boolean;
  readonly includeExhibits: boolean;
  readonly methodology: string;
  readonly appendix: string;
}

export interface Briefing extends BriefingContent {
  readonly id: string;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly updatedBy: string;
  readonly updatedAt: number;
}

export interface BriefingSummary {
  readonly id: string;
  readonly title: string;
  readonly tlp: TlpMarking;
  readonly judgements: number;
  readonly updatedAt: number;
  readonly updatedBy: string;
}

/** Document formats render a briefing; exchange formats carry the case's entities, indicators and events. */
export const DOCUMENT_FORMATS = ['pdf', 'docx', 'html', 'md'] as const;
export const EXCHANGE_FORMATS = ['stix', 'misp', 'csv'] as const;
export const EXPORT_FORMATS = [...DOCUMENT_FORMATS, ...EXCHANGE_FORMATS] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
export type ExchangeFormat = (typeof EXCHANGE_FORMATS)[number];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Which table a CSV export writes. */
export const CSV_TABLES = ['indicators', 'entities', 'events'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, string>> = {
  pdf: '.pdf',
  docx: '.docx',
  html: '.html',
  md: '.md',
  stix: '.json',
  misp: '.json',
  csv: '.csv',
};

export interface ExportRequest {
  readonly format: ExportFormat;
  /** Absolute path of the file to write; an existing file is replaced only with `overwrite`. */
  readonly path: string;
  readonly overwrite?: boolean;
  /** Document formats: the briefing to render; omitted → the standard case briefing generated from the case. */
  readonly briefingId?: string;
  /** CSV: which table (default indicators). */
  readonly table?: CsvTable;
}

/** What an export wrote, as recorded in custody. */
export interface ExportResult {
  readonly path: string;
  readonly format: ExportFormat;
  readonly bytes: number;
  readonly sha256: string;
  /** The custody entry that records it. */
  readonly custodySeq: number;
  /** What the analyst should know about the file (e.g. figures left out of a Word file: no Chromium). */
  readonly warnings?: readonly string[];
}
