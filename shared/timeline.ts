/**
 * Timeline types (issue 6): events the analyst keeps, proposals computed from the evidence, and the
 * milestones that give the time to attribution. Shared by main, the CLI's JSON and the renderer.
 *
 * `start`/`end` are written the way expected.json writes timestamps: an instant in UTC with a trailing
 * Z (`2020-10-21T02:47:00Z`) when the source gave a zone or offset; a local date (`2020-10-21`) for
 * day, month (`2020-10`) or year (`2020`) precision; a local time without zone
 * (`2020-10-19T20:40:00`) when the source gave none (`sourceZone` 'unknown').
 */
export const TIMELINE_PRECISIONS = ['year', 'month', 'day', 'hour', 'minute', 'second', 'approximate'] as const;
export type TimelinePrecision = (typeof TIMELINE_PRECISIONS)[number];

export const MILESTONES = ['first-release', 'public-attribution'] as const;
export type Milestone = (typeof MILESTONES)[number];

export const CONFIDENCES = ['low', 'moderate', 'high'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const DEFAULT_LANES = [
  'preparation',
  'release',
  'spread',
  'detection and analysis',
  'attribution',
  'response',
] as const;

/** Where in an exhibit a proposal was read: a header, a metadata field, a CSV row, or text offsets. */
export interface ProposalLocation {
  readonly kind: 'header' | 'metadata' | 'row' | 'rows' | 'text' | 'ocr' | 'json';
  /** "Date", "Received #2", "creationTime", "tweet_time, row 12", "profiles[0].created_at". */
  readonly label: string;
  /** UTF-16 offsets into the exhibit's text (OCR text for 'ocr'), when the proposal was read there. */
  readonly start?: number;
  readonly end?: number;
}

export type ProposalSource =
  | 'email-date'
  | 'email-received'
  | 'exif'
  | 'video'
  | 'pdf'
  | 'mhtml'
  | 'platform-row'
  | 'platform-burst'
  | 'json'
  | 'prose';

export interface TimelineProposal {
  /** Stable over recomputation: the exhibit, the instant and what distinguishes rows of a dataset. */
  readonly key: string;
  readonly exhibitNumber: number;
  readonly source: ProposalSource;
  readonly title: string;
  readonly start: string;
  readonly end: string | null;
  readonly precision: TimelinePrecision;
  /** The offset the source wrote ('+03:00', 'Z'), 'UTC (stated in the document)', an IANA zone, or 'unknown'. */
  readonly sourceZone: string;
  /** What the evidence says, as written ("Tue, 20 Oct 2020 17:12:41 +0300", the sentence for prose). */
  readonly sourceText: string;
  readonly context: string;
  readonly location: ProposalLocation;
  readonly status: 'open' | 'accepted' | 'rejected';
  /** The event an accepted proposal became. */
  readonly eventId: number | null;
  /**
   * The key of the aggregate this row belongs to ("39 posts of a link between 02:31 and 04:26",
   * "10 accounts created between 6 and 12 Oct"), or null: the list shows the aggregate with its rows
   * inside. Accepting an aggregate accepts its open rows into the same event; rejecting it rejects them.
   */
  readonly group: string | null;
  /** The lane a plain Accept puts the event in (from the source: an e-mail's Date → release…). */
  readonly lane: string;
}

export interface TimelineEvent {
  readonly id: number;
  readonly title: string;
  readonly description: string;
  readonly start: string;
  readonly end: string | null;
  readonly precision: TimelinePrecision;
  /** For 'approximate' (and any other): "night of", "about". */
  readonly note: string;
  readonly sourceZone: string;
  readonly lane: string;
  readonly entities: readonly string[];
  /** Cited exhibit numbers; none → `unsupported`. */
  readonly exhibits: readonly number[];
  readonly unsupported: boolean;
  readonly confidence: Confidence;
  readonly milestones: readonly Milestone[];
  readonly proposalKey: string | null;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly updatedAt: number;
}

export interface NewTimelineEvent {
  readonly title: string;
  readonly description?: string;
  readonly start: string;
  readonly end?: string | null;
  readonly precision: TimelinePrecision;
  readonly note?: string;
  readonly sourceZone?: string;
  readonly lane?: string;
  readonly entities?: readonly string[];
  readonly exhibits?: readonly number[];
  readonly confidence?: Confidence;
}

/** A lane renamed (`to` the new name) or removed (`to` the lane its events move to; '' for none). */
export interface LaneMove {
  readonly from: string;
  readonly to: string;
}

/**
 * A date an exhibit carries of its own — an e-mail's Date and Received hops, a photo's EXIF
 * DateTimeOriginal, a video's creation_time, a PDF's creation date, an MHTML snapshot's Date — or of
 * an event that cites it. A range brushed on the timeline keeps the exhibits with a date inside it.
 */
export interface ExhibitTime {
  readonly exhibitNumber: number;
  /** As shared/timeline.ts writes times (UTC with Z, or local); `end` for a span. */
  readonly start: string;
  readonly end: string | null;
  readonly precision: TimelinePrecision;
  /** "E-mail Date", "EXIF DateTimeOriginal", "event #12", "from E-0002 (attachment)". */
  readonly source: string;
}

export interface TimeToAttribution {
  readonly firstReleaseEventId: number;
  readonly publicAttributionEventId: number;
  /** public-attribution start − first-release start, in milliseconds (local dates count from midnight UTC). */
  readonly milliseconds: number;
  /** The coarser of the two precisions: a day-precision milestone makes the result good to a day. */
  readonly precision: TimelinePrecision;
  /** "1 day 4 h 12 min". */
  readonly text: string;
}

export interface Timeline {
  readonly lanes: readonly string[];
  readonly events: readonly TimelineEvent[];
  readonly proposals: readonly TimelineProposal[];
  readonly milestones: Readonly<Record<Milestone, number | null>>;
  readonly timeToAttribution: TimeToAttribution | null;
}
