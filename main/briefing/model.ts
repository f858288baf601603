/**
 * One document model for every output: a briefing (or none: the standard case briefing) and the case
 * as it is now, assembled into sections that the HTML, Markdown and DOCX renderers (and, through the
 * HTML, the PDF) draw the same way. Reading only: nothing here writes to the case.
 */
import type { Briefing, BriefingContent } from '../../shared/briefing.js';
import { defang } from '../../shared/defang.js';
import type { TlpMarking } from '../../shared/domain.js';
import type { EntityType, RelationshipType } from '../../shared/graph.js';
import type { IndicatorType } from '../../shared/indicator-types.js';
import type { Milestone, TimelinePrecision } from '../../shared/timeline.js';
import { escapeDisplayName } from '../intake/detect.js';
import { DEFAULT_METHODOLOGY } from '../locker/briefings.js';
import { verifyCustody } from '../locker/custody.js';
import type { ReadDb } from '../locker/driver.js';
import { exhibitCollection, exhibitLabel, exhibitSummaryRows } from '../locker/exhibits.js';
import { readGraph } from '../locker/graph.js';
import { readGraphViewFigure } from '../locker/graph-views.js';
import { listIndicators } from '../locker/indicators.js';
import { readTimeline } from '../locker/timeline.js';
import { valueMs } from '../timeline/time.js';
import { evidenceGraphFigure } from './layout.js';

/** What the renderers need to know about the case and the export itself. */
export interface DocumentContext {
  readonly caseId: string;
  readonly caseTitle: string;
  readonly caseDescription: string;
  readonly caseTlp: TlpMarking;
  /** Who renders it (the analyst named in custody). */
  readonly analyst: string;
  readonly now: number;
}

export interface Citation {
  readonly number: number;
  readonly label: string;
  /** The exhibit's name with control and bidi-override characters escaped. */
  readonly name: string;
  readonly sha256: string;
}

export interface DocumentJudgement {
  readonly id: string;
  readonly text: string;
  readonly likelihood: string;
  readonly confidence: string;
  readonly citations: readonly Citation[];
}

export interface DocumentExhibit {
  readonly number: number;
  readonly label: string;
  readonly name: string;
  readonly kind: string;
  readonly size: number;
  readonly sha256: string;
  /** When it entered the case (epoch ms) and who imported it. */
  readonly importedAt: number;
  readonly importedBy: string;
  /** From the collection record when one was given at import. */
  readonly collector: string;
  readonly method: string;
  readonly source: string;
  /** "E-0003 (attachment)" for a derived exhibit; '' for one imported from a file. */
  readonly derivedFrom: string;
}

export interface DocumentIndicator {
  readonly type: IndicatorType;
  /** Defanged, so the document is safe to paste and to open. */
  readonly value: string;
  readonly exhibits: number;
  readonly occurrences: number;
  readonly firstSeen: number;
  /** Offline enrichment in short ("AS64500 Worldstream · NL"); '' when none. */
  readonly context: string;
}

export interface FigureEvent {
  /** Its number in the figure (1, 2, …), the same in the table under it. */
  readonly n: number;
  readonly title: string;
  /** As the timeline stores it, and shown in words ("2020-10-21 02:47 UTC"). */
  readonly when: string;
  readonly startMs: number;
  readonly endMs: number | null;
  readonly precision: TimelinePrecision;
  readonly lane: string;
  readonly milestones: readonly Milestone[];
  readonly exhibits: readonly string[];
}

export interface TimelineFigureData {
  readonly caption: string;
  readonly from: number;
  readonly to: number;
  readonly lanes: readonly string[];
  readonly events: readonly FigureEvent[];
  /** Events in the case outside the range or without a readable time (said in the caption). */
  readonly outside: number;
}

export interface GraphFigureData {
  readonly caption: string;
  readonly nodes: readonly { id: string; name: string; type: EntityType; x: number; y: number }[];
  readonly edges: readonly { source: string; target: string; type: RelationshipType; confidence: number }[];
  /** Why there is no picture, or what was left out; '' when nothing needs saying. */
  readonly note: string;
}

export interface CustodyStatement {
  readonly entries: number;
  readonly headHash: string;
  readonly intact: boolean;
  /** The verification's outcome in words. */
  readonly result: string;
  readonly verifiedAt: number;
}

export interface BriefingDocument {
  /** 'standard': generated from the case because no briefing was chosen. */
  readonly kind: 'written' | 'standard';
  readonly briefingId: string | null;
  readonly title: string;
  readonly classification: string;
  readonly tlp: TlpMarking;
  readonly caseId: string;
  readonly caseTitle: string;
  readonly generatedAt: number;
  readonly generatedBy: string;
  readonly summary: {
    readonly exhibits: number;
    readonly derivedExhibits: number;
    readonly indicators: number;
    readonly dismissedIndicators: number;
    readonly indicatorsByType: readonly { readonly type: IndicatorType; readonly count: number }[];
    readonly events: number;
    readonly relationships: number;
    readonly timeToAttribution: string | null;
  };
  readonly bluf: string;
  readonly judgements: readonly DocumentJudgement[];
  /** Standard briefing: facts from the case in place of judgements nobody wrote. */
  readonly facts: readonly string[];
  readonly background: string;
  readonly timeline: TimelineFigureData | null;
  readonly graph: GraphFigureData | null;
  readonly indicators: readonly DocumentIndicator[] | null;
  readonly exhibits: readonly DocumentExhibit[] | null;
  readonly methodology: string;
  readonly custody: CustodyStatement;
  readonly appendix: string;
}

/** Indicator type names as a reader says them. */
export const INDICATOR_TYPE_NAMES: Readonly<Record<IndicatorType, string>> = {
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  cidr: 'network range',
  domain: 'domain',
  url: 'URL',
  email: 'e-mail address',
  md5: 'MD5 hash',
  sha1: 'SHA-1 hash',
  sha256: 'SHA-256 hash',
  sha512: 'SHA-512 hash',
  cve: 'CVE',
  asn: 'autonomous system',
  attack_technique: 'ATT&CK technique',
  filepath_windows: 'Windows path',
  filepath_unix: 'Unix path',
  filename: 'file name',
  social_handle: 'social media handle',
  btc_address: 'Bitcoin address',
  eth_address: 'Ethereum address',
};

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** "2020-10-21 02:47 UTC" from epoch ms. */
export function utcText(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown';
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A timeline value in words: UTC instants with "UTC", zone-less local times said to be so, dates as written. */
export function timelineValueText(value: string): string {
  const utc = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?Z$/.exec(value);
  if (utc) return `${utc[1] ?? ''} ${utc[2] ?? ''}${utc[3] && utc[3] !== '00' ? `:${utc[3]}` : ''} UTC`;
  const local = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?$/.exec(value);
  if (local)
    return `${local[1] ?? ''} ${local[2] ?? ''}${local[3] && local[3] !== '00' ? `:${local[3]}` : ''} (local, zone unknown)`;
  return value;
}

/** The timeline figure's caption: what it shows, over which range, and what it leaves out. */
export function timelineCaptionText(t: TimelineFigureData): string {
  const lead = t.caption.trim() ? `${t.caption.trim()} ` : '';
  if (t.events.length === 0 && t.outside === 0) return `${lead}The case's timeline holds no events yet.`;
  return `${lead}${utcText(t.from)} to ${utcText(t.to)}: ${plural(t.events.length, 'event')}${t.outside ? ` (${plural(t.outside, 'other event')} of the case outside this range)` : ''}.`;
}

/** Assemble a briefing (or the standard case briefing, `briefing` null) with the case as it is now. */
export function assembleDocument(db: ReadDb, briefing: Briefing | null, context: DocumentContext): BriefingDocument {
  const content: BriefingContent = briefing ?? standardContent(context);
  const exhibitRows = exhibitSummaryRows(db);
  const byNumber = new Map(exhibitRows.map((row) => [row.number, row]));
  const allIndicators = listIndicators(db);
  const kept = allIndicators.filter((i) => i.status === 'open');
  const byType = new Map<IndicatorType, number>();
  for (const i of kept) byType.set(i.type, (byType.get(i.type) ?? 0) + 1);
  const timeline = readTimeline(db);
  const graph = readGraph(db);
  const custody = verifyCustody(db, context.now);
  const tta = timeline.timeToAttribution;
  const firstRelease = timeline.events.find((e) => e.milestones.includes('first-release'));
  const attribution = timeline.events.find((e) => e.milestones.includes('public-attribution'));

  const summary: BriefingDocument['summary'] = {
    exhibits: exhibitRows.length,
    derivedExhibits: exhibitRows.filter((r) => r.parent_id !== null).length,
    indicators: kept.length,
    dismissedIndicators: allIndicators.length - kept.length,
    indicatorsByType: [...byType.entries()]
      .map(([type, count]) => ({ type, count }))
      .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
    events: timeline.events.length,
    relationships: graph.relationships.length,
    timeToAttribution:
      tta && firstRelease && attribution
        ? `${tta.text} (first release ${timelineValueText(firstRelease.start)}, public attribution ${timelineValueText(attribution.start)})`
        : null,
  };

  const citation = (n: number): Citation => {
    const row = byNumber.get(n);
    return {
      number: n,
      label: exhibitLabel(n),
      name: row ? escapeDisplayName(row.original_name) : '(no longer in the case)',
      sha256: row?.sha256 ?? '',
    };
  };
  const judgements = content.judgements
    .filter((j) => j.text.trim() !== '')
    .map((j) => ({
      id: j.id,
      text: j.text.trim(),
      likelihood: j.likelihood,
      confidence: j.confidence,
      citations: j.exhibits.map(citation),
    }));

  const events = timeline.events.map((e) => ({ event: e, startMs: valueMs(e.start) }));
  let timelineFigure: TimelineFigureData | null = null;
  const range =
    content.timelineFigure ??
    (briefing === null && events.some((e) => Number.isFinite(e.startMs))
      ? {
          from: Math.min(...events.filter((e) => Number.isFinite(e.startMs)).map((e) => e.startMs)),
          to: Math.max(...events.filter((e) => Number.isFinite(e.startMs)).map((e) => e.startMs)),
          caption: `Every event on the case's timeline (${plural(timeline.events.length, 'event')}).`,
        }
      : briefing === null
        ? { from: context.now, to: context.now, caption: '' }
        : null);
  if (range) {
    const inside = events
      .filter((e) => Number.isFinite(e.startMs) && e.startMs >= range.from && e.startMs <= range.to)
      .sort((a, b) => a.startMs - b.startMs || a.event.id - b.event.id);
    const laneNames = [...timeline.lanes];
    for (const { event } of inside) if (!laneNames.includes(event.lane)) laneNames.push(event.lane);
    const used = laneNames.filter((lane) => inside.some((e) => e.event.lane === lane));
    timelineFigure = {
      caption: range.caption,
      from: range.from,
      to: range.to,
      lanes: used,
      events: inside.map(({ event, startMs }, i) => {
        const endMs = event.end ? valueMs(event.end) : NaN;
        return {
          n: i + 1,
          title: event.title,
          when: `${timelineValueText(event.start)}${event.end ? ` – ${timelineValueText(event.end)}` : ''}`,
          startMs,
          endMs: Number.isFinite(endMs) && endMs > startMs ? endMs : null,
          precision: event.precision,
          lane: event.lane,
          milestones: event.milestones,
          exhibits: event.exhibits.map(exhibitLabel),
        };
      }),
      outside: timeline.events.length - inside.length,
    };
  }

  let graphFigure: GraphFigureData | null = null;
  if (content.graphFigure) {
    const view = readGraphViewFigure(db, content.graphFigure.viewId);
    graphFigure = view
      ? {
          caption: content.graphFigure.caption.trim() || view.name,
          nodes: view.nodes.map(defangNode),
          edges: view.edges,
          note: view.nodes.length === 0 ? 'The saved view shows no entities.' : '',
        }
      : {
          caption: content.graphFigure.caption,
          nodes: [],
          edges: [],
          note: 'The saved graph view this figure was drawn from is no longer in the case.',
        };
  } else if (briefing === null) {
    const figure = evidenceGraphFigure(graph);
    graphFigure = { ...figure, nodes: figure.nodes.map(defangNode) };
  }

  const indicators = content.includeIndicators
    ? kept.map((i) => ({
        type: i.type,
        value: defang(i.value, i.type),
        exhibits: i.exhibitCount,
        occurrences: i.occurrenceCount,
        firstSeen: i.firstSeen,
        context: enrichmentText(i.value, i.enrichment),
      }))
    : null;

  const collections = new Map<number, ReturnType<typeof exhibitCollection>>();
  const exhibits = content.includeExhibits
    ? exhibitRows.map((row) => {
        let collection = row.collection_id === null ? undefined : collections.get(row.collection_id);
        if (row.collection_id !== null && !collections.has(row.collection_id)) {
          collection = exhibitCollection(db, row.collection_id);
          collections.set(row.collection_id, collection);
        }
        return {
          number: row.number,
          label: exhibitLabel(row.number),
          name: escapeDisplayName(row.original_name),
          kind: row.kind,
          size: row.size,
          sha256: row.sha256,
          importedAt: row.imported_at,
          importedBy: row.imported_by,
          collector: collection?.collector ?? '',
          method: collection?.method ?? '',
          source: (collection?.source ?? '') || (row.parent_id === null ? escapeDisplayName(row.original_path) : ''),
          derivedFrom:
            row.parent_number === null ? '' : `${exhibitLabel(row.parent_number)} (${row.derivation || 'derived'})`,
        };
      })
    : null;

  return {
    kind: briefing ? 'written' : 'standard',
    briefingId: briefing?.id ?? null,
    title: content.title,
    classification: content.classification.trim(),
    tlp: content.tlp,
    caseId: context.caseId,
    caseTitle: context.caseTitle,
    generatedAt: context.now,
    generatedBy: context.analyst,
    summary,
    bluf: briefing ? content.bluf.trim() : standardBluf(summary),
    judgements,
    facts: briefing ? [] : standardFacts(summary, custody.ok),
    background: content.background.trim(),
    timeline: timelineFigure,
    graph: graphFigure,
    indicators,
    exhibits,
    methodology: content.methodology.trim(),
    custody: {
      entries: custody.entries,
      headHash: custody.headHash,
      intact: custody.ok,
      result: custody.ok
        ? `Verified intact: all ${plural(custody.entries, 'entry', 'entries')} chain from the first to the head.`
        : `VERIFICATION FAILED: ${custody.firstBroken?.message ?? 'the chain does not hold'}`,
      verifiedAt: custody.verifiedAt,
    },
    appendix: content.appendix.trim(),
  };
}

/** Entity types whose names are indicators: drawn defanged, like the indicators table. */
const DEFANGED_ENTITY_TYPES: Partial<Record<EntityType, IndicatorType>> = {
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  domain: 'domain',
  url: 'url',
  email: 'email',
};

function defangNode<T extends { readonly name: string; readonly type: EntityType }>(node: T): T {
  const type = DEFANGED_ENTITY_TYPES[node.type];
  return type ? { ...node, name: defang(node.name, type) } : node;
}

/** The offline enrichment in short; the registrable domain only where it says something new, defanged. */
function enrichmentText(value: string, facts: readonly { kind: string; value: string; label?: string }[]): string {
  const parts: string[] = [];
  for (const kind of ['asn', 'organisation', 'country', 'registrable_domain']) {
    const fact = facts.find((f) => f.kind === kind);
    if (!fact) continue;
    if (kind === 'registrable_domain') {
      if (fact.value !== value) parts.push(`domain ${defang(fact.value, 'domain')}`);
    } else parts.push(fact.label && kind === 'asn' ? `${fact.value} ${fact.label}` : fact.value);
  }
  return [...new Set(parts)].join(' · ');
}

/** The standard briefing's content: the case's own marking and description, every section on. */
function standardContent(context: DocumentContext): BriefingContent {
  return {
    title: `Case briefing: ${context.caseTitle}`,
    classification: '',
    tlp: context.caseTlp,
    bluf: '',
    judgements: [],
    background: context.caseDescription,
    timelineFigure: null,
    graphFigure: null,
    includeIndicators: true,
    includeExhibits: true,
    methodology: DEFAULT_METHODOLOGY,
    appendix: '',
  };
}

function indicatorBreakdown(summary: BriefingDocument['summary'], limit = 6): string {
  const shown = summary.indicatorsByType.slice(0, limit).map((t) => {
    const name = INDICATOR_TYPE_NAMES[t.type];
    return plural(t.count, name, name.endsWith('s') ? name : `${name}${name.endsWith('address') ? 'es' : 's'}`);
  });
  const rest = summary.indicatorsByType.slice(limit).reduce((n, t) => n + t.count, 0);
  if (rest > 0) shown.push(`${rest.toLocaleString('en')} of other types`);
  return shown.join(', ');
}

function standardBluf(summary: BriefingDocument['summary']): string {
  const parts = [
    `This case holds ${plural(summary.exhibits, 'exhibit')}${summary.derivedExhibits ? ` (${summary.derivedExhibits.toLocaleString('en')} of them derived from others, such as attachments)` : ''}, ` +
      `from which ${plural(summary.indicators, 'indicator')} remain after review${summary.indicators ? `: ${indicatorBreakdown(summary)}` : ''}.`,
    `The timeline holds ${plural(summary.events, 'event')}, and the link analysis ${plural(summary.relationships, 'evidence-backed relationship')}.`,
    summary.timeToAttribution
      ? `Time to attribution: ${summary.timeToAttribution}.`
      : 'The time to attribution is not known yet: mark the first release and the public attribution on the timeline.',
  ];
  return parts.join(' ');
}

function standardFacts(summary: BriefingDocument['summary'], custodyIntact: boolean): string[] {
  return [
    `Exhibits: ${plural(summary.exhibits, 'exhibit')}, each cited by number and SHA-256 in the exhibit list.`,
    `Indicators after review: ${summary.indicators ? indicatorBreakdown(summary, 20) : 'none'}${summary.dismissedIndicators ? ` (${plural(summary.dismissedIndicators, 'indicator')} marked benign or false positive left out)` : ''}.`,
    summary.timeToAttribution
      ? `Time to attribution: ${summary.timeToAttribution}.`
      : 'Time to attribution: not known (no first-release and public-attribution milestones on the timeline).',
    `Custody log: ${custodyIntact ? 'verified intact' : 'VERIFICATION FAILED'} (see the custody statement).`,
    'No key judgements have been written for this case yet; this standard briefing states facts only. Write a briefing to add judgements with their likelihood, confidence and cited exhibits.',
  ];
}
