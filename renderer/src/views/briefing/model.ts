/**
 * The briefing editor's pure rules (unit-tested): what changed since the last save, judgement ids and
 * order, the ICD 203 words with their ranges, TLP 2.0 audiences, the timeline figure's default range
 * and the date-time fields (UTC) it is edited in, export file names.
 */
import type { TlpMarking } from '../../../../shared/domain.js';
import {
  EXPORT_EXTENSIONS,
  type Briefing,
  type BriefingContent,
  type ExportFormat,
  type KeyJudgement,
} from '../../../../shared/briefing.js';
import { ICD203_BANDS, type Icd203Word } from '../../../../shared/graph.js';
import type { Confidence, Timeline } from '../../../../shared/timeline.js';
import { slugify } from '../../format.js';
import { placeEvents } from '../timeline/model.js';

export const CONTENT_KEYS = [
  'title',
  'classification',
  'tlp',
  'bluf',
  'judgements',
  'background',
  'timelineFigure',
  'graphFigure',
  'includeIndicators',
  'includeExhibits',
  'methodology',
  'appendix',
] as const satisfies readonly (keyof BriefingContent)[];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The content of a stored briefing (its fields without id and authorship). */
export function contentOf(briefing: Briefing): BriefingContent {
  const content: Partial<Mutable<BriefingContent>> = {};
  for (const key of CONTENT_KEYS) Object.assign(content, { [key]: briefing[key] });
  return content as BriefingContent;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** The fields of `draft` that differ from `saved` (what an update sends), or null when none do. */
export function contentChange(saved: BriefingContent, draft: BriefingContent): Partial<BriefingContent> | null {
  const change: Partial<Mutable<BriefingContent>> = {};
  let changed = false;
  for (const key of CONTENT_KEYS) {
    if (same(saved[key], draft[key])) continue;
    Object.assign(change, { [key]: draft[key] });
    changed = true;
  }
  return changed ? change : null;
}

/** A judgement id not used in the briefing yet: "kj-" and one more than the highest number. */
export function nextJudgementId(judgements: readonly KeyJudgement[]): string {
  let highest = 0;
  for (const { id } of judgements) {
    const match = /^kj-(\d+)$/.exec(id);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `kj-${String(Math.max(highest, judgements.length) + 1)}`;
}

export function newJudgement(judgements: readonly KeyJudgement[]): KeyJudgement {
  return { id: nextJudgementId(judgements), text: '', likelihood: 'likely', confidence: 'moderate', exhibits: [] };
}

/** The list with the item at `from` moved by `by` places (clamped to the ends); the same list if it cannot move. */
export function moveItem<T>(items: readonly T[], from: number, by: number): readonly T[] {
  const to = Math.min(items.length - 1, Math.max(0, from + by));
  if (from < 0 || from >= items.length || to === from) return items;
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

/** ICD 203's words with the probability ranges the directive gives them. */
export const LIKELIHOOD_RANGES: Readonly<Record<Icd203Word, string>> = {
  'almost no chance': '01–05%',
  'very unlikely': '05–20%',
  unlikely: '20–45%',
  'roughly even chance': '45–55%',
  likely: '55–80%',
  'very likely': '80–95%',
  'almost certain': '95–99%',
};

export const LIKELIHOODS: readonly Icd203Word[] = ICD203_BANDS.map((band) => band.word);

export const CONFIDENCE_MEANING: Readonly<Record<Confidence, string>> = {
  low: 'Fragmentary or poorly corroborated information, or sources of questionable reliability.',
  moderate: 'Credibly sourced and plausible, but not corroborated enough for a higher level.',
  high: 'High-quality information from several sources, or the nature of the issue allows a solid judgement.',
};

/** TLP 2.0 (FIRST): who may receive what is marked. */
export const TLP_AUDIENCE: Readonly<Record<TlpMarking, string>> = {
  CLEAR: 'Disclosure is not limited: recipients may spread this to the world.',
  GREEN: 'Limited disclosure: recipients may share within their community, not publicly.',
  AMBER: 'Limited disclosure: recipients may share with their organisation and its clients on a need-to-know basis.',
  'AMBER+STRICT': 'Limited disclosure: recipients may share within their own organisation only.',
  RED: 'For the eyes and ears of the individual recipients only, no further disclosure.',
};

export const CLASSIFICATION_SUGGESTIONS = [
  'UNCLASSIFIED',
  'UNCLASSIFIED//FOR OFFICIAL USE ONLY',
  'OFFICIAL',
  'OFFICIAL-SENSITIVE',
  'RESTRICTED',
  'CONFIDENTIAL',
] as const;

const MINUTE = 60_000;

/** A UTC instant as the range fields write it ("2020-10-21 02:47"), floored or ceiled to the minute. */
export function toMinuteField(ms: number, round: 'floor' | 'ceil' = 'floor'): string {
  const minutes = round === 'floor' ? Math.floor(ms / MINUTE) : Math.ceil(ms / MINUTE);
  return new Date(minutes * MINUTE).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * A range field read as UTC: "2020-10-21 02:47", with T for the space, seconds and a trailing Z
 * allowed; NaN when it is not such a time (or names a day the month does not have).
 */
export function fromMinuteField(value: string): number {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)Z?$/.exec(value.trim());
  if (!match) return Number.NaN;
  const [, day = '', time = ''] = match;
  const ms = Date.parse(`${day}T${time}Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day ? ms : Number.NaN;
}

export interface TimelineRange {
  readonly from: number;
  readonly to: number;
  /** Where the range came from: both milestones, or (one missing) the first and last events. */
  readonly basis: 'milestones' | 'events';
}

/**
 * The timeline figure's default range: from the first-release event to the end of the
 * public-attribution event; with a milestone missing, its side falls back to the first or last
 * event. Null when the timeline has no events.
 */
export function defaultTimelineRange(timeline: Timeline | null): TimelineRange | null {
  const placed = placeEvents(timeline?.events ?? []);
  if (placed.length === 0) return null;
  const release = placed.find((p) => p.event.milestones.includes('first-release'));
  const attribution = placed.find((p) => p.event.milestones.includes('public-attribution'));
  const from = release?.start ?? Math.min(...placed.map((p) => p.start));
  const to = attribution?.end ?? Math.max(...placed.map((p) => p.end));
  const basis = release && attribution ? 'milestones' : 'events';
  return to >= from ? { from, to, basis } : { from: to, to: from, basis };
}

/** How many of the timeline's events the figure's range draws (any overlap counts). */
export function eventsInRange(timeline: Timeline | null, from: number, to: number): number {
  return placeEvents(timeline?.events ?? []).filter((p) => p.end >= from && p.start <= to).length;
}

/** A file name for an export: the briefing's (or case's) title as a slug, the format's extension. */
export function exportFileName(title: string, format: ExportFormat, table?: string): string {
  const base = slugify(title);
  const suffix =
    format === 'stix' ? '-stix' : format === 'misp' ? '-misp' : format === 'csv' ? `-${table ?? 'indicators'}` : '';
  return `${base === 'untitled-case' ? 'briefing' : base}${suffix}${EXPORT_EXTENSIONS[format]}`;
}

export const FORMAT_LABELS: Readonly<Record<ExportFormat, { readonly name: string; readonly detail: string }>> = {
  pdf: { name: 'PDF', detail: 'Marking on every page, page numbers, embedded fonts' },
  docx: { name: 'Word (DOCX)', detail: 'Editable, with real headings, tables and figures' },
  html: { name: 'HTML', detail: 'One self-contained file, no external requests' },
  md: { name: 'Markdown', detail: 'Plain text with headings and tables' },
  stix: { name: 'STIX 2.1 bundle', detail: 'Identity, actors, infrastructure, indicators, relationships, report' },
  misp: { name: 'MISP event', detail: 'Event JSON with attributes and TLP tags' },
  csv: { name: 'CSV', detail: 'One table of the case' },
};
