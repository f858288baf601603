/**
 * The timeline's store (schema 60): proposals recomputed from the evidence, events the analyst keeps,
 * milestones and the time to attribution. Every change is logged in custody in its transaction.
 */
import {
  MILESTONES,
  type ExhibitTime,
  type LaneMove,
  type Milestone,
  type NewTimelineEvent,
  type Timeline,
  type TimelineEvent,
  type TimelinePrecision,
  type TimelineProposal,
  type TimeToAttribution,
} from '../../shared/timeline.js';
import { LocardError } from '../errors.js';
import { extractProposals, ownDates, referenceDate } from '../timeline/extract.js';
import { suggestLane } from '../timeline/lanes.js';
import { valueMs } from '../timeline/time.js';
import type { ReadDb, WriteDb } from './driver.js';
import { appendCustody } from './custody.js';
import { sql } from './sql.js';

interface EventRow {
  id: number;
  title: string;
  description: string;
  start: string;
  end: string | null;
  precision: TimelinePrecision;
  note: string;
  source_zone: string;
  lane: string;
  entities: string;
  exhibits: string;
  confidence: TimelineEvent['confidence'];
  milestones: string;
  proposal_key: string | null;
  created_at: number;
  created_by: string;
  updated_at: number;
}

interface ProposalRow {
  key: string;
  number: number;
  source: TimelineProposal['source'];
  title: string;
  start: string;
  end: string | null;
  precision: TimelinePrecision;
  source_zone: string;
  source_text: string;
  context: string;
  location: string;
  status: TimelineProposal['status'];
  event_id: number | null;
}

function toEvent(row: EventRow): TimelineEvent {
  const exhibits = JSON.parse(row.exhibits) as number[];
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    start: row.start,
    end: row.end,
    precision: row.precision,
    note: row.note,
    sourceZone: row.source_zone,
    lane: row.lane,
    entities: JSON.parse(row.entities) as string[],
    exhibits,
    unsupported: exhibits.length === 0,
    confidence: row.confidence,
    milestones: JSON.parse(row.milestones) as Milestone[],
    proposalKey: row.proposal_key,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
  };
}

/** The stored location: shared/timeline.ts's ProposalLocation and, for a row of an aggregate, its key (schema 60 has no column for it). */
type StoredLocation = TimelineProposal['location'] & { readonly group?: string };

function toProposal(row: ProposalRow, lanes: readonly string[]): TimelineProposal {
  const { group, ...location } = JSON.parse(row.location) as StoredLocation;
  return {
    key: row.key,
    exhibitNumber: row.number,
    source: row.source,
    title: row.title,
    start: row.start,
    end: row.end,
    precision: row.precision,
    sourceZone: row.source_zone,
    sourceText: row.source_text,
    context: row.context,
    location,
    status: row.status,
    eventId: row.event_id,
    group: group ?? null,
    lane: suggestLane(
      { source: row.source, title: row.title, context: row.context, sourceText: row.source_text, location },
      lanes,
    ),
  };
}

/** Recompute proposals from every exhibit: open ones are replaced, accepted and rejected ones kept. */
export function computeProposals(db: WriteDb, analyst: string, now = Date.now()): { proposals: number } {
  const exhibits = db.all<{
    id: number;
    number: number;
    kind: string;
    original_name: string;
    metadata: string;
    parent_id: number | null;
    text: string | null;
    segments: string | null;
  }>(
    sql`SELECT e.id, e.number, e.kind, e.original_name, e.metadata, e.parent_id, t.text, t.segments
      FROM exhibits e LEFT JOIN exhibit_text t ON t.exhibit_id = e.id ORDER BY e.number`,
  );
  const ocr = db.all<{ exhibit_id: number; text: string; frame_time_s: number | null }>(
    sql`SELECT exhibit_id, text, frame_time_s FROM ocr_results ORDER BY exhibit_id, frame_time_s`,
  );
  const references = new Map<number, Date | null>();
  let count = 0;
  db.transaction(() => {
    db.run(sql`DELETE FROM timeline_proposals WHERE status = 'open'`);
    for (const e of exhibits) {
      const metadata = JSON.parse(e.metadata) as Record<string, unknown>;
      references.set(
        e.id,
        referenceDate(metadata) ?? (e.parent_id === null ? null : (references.get(e.parent_id) ?? null)),
      );
      const found = extractProposals({
        number: e.number,
        kind: e.kind,
        name: e.original_name,
        metadata,
        text: e.text ?? '',
        segments: e.segments
          ? (JSON.parse(e.segments) as { start: number; end: number; kind: string; label: string }[])
          : [],
        ocr: ocr.filter((o) => o.exhibit_id === e.id).map((o) => ({ text: o.text, frameTimeS: o.frame_time_s })),
        parentReference: e.parent_id === null ? null : (references.get(e.parent_id) ?? null),
      });
      for (const p of found) {
        const result = db.run(sql`INSERT OR IGNORE INTO timeline_proposals (key, exhibit_id, source, title, start, end,
            precision, source_zone, source_text, context, location, computed_at)
          VALUES (${p.key}, ${e.id}, ${p.source}, ${p.title}, ${p.start}, ${p.end}, ${p.precision}, ${p.sourceZone},
            ${p.sourceText}, ${p.context}, ${JSON.stringify(p.group === null ? p.location : { ...p.location, group: p.group })},
            ${now})`);
        count += result.changes;
      }
    }
    appendCustody(db, { analyst, action: 'timeline.proposals-computed', details: { added: count }, at: now });
  });
  return { proposals: count };
}

export function listProposals(db: ReadDb): TimelineProposal[] {
  const lanes = laneNames(db);
  return db
    .all<ProposalRow>(
      sql`SELECT p.key, e.number, p.source, p.title, p.start, p.end, p.precision, p.source_zone, p.source_text,
        p.context, p.location, p.status, p.event_id FROM timeline_proposals p JOIN exhibits e ON e.id = p.exhibit_id
        ORDER BY p.start, e.number, p.key`,
    )
    .map((row) => toProposal(row, lanes));
}

export function listEvents(db: ReadDb): TimelineEvent[] {
  return db.all<EventRow>(sql`SELECT * FROM timeline_events ORDER BY start, id`).map(toEvent);
}

export function getEvent(db: ReadDb, id: number): TimelineEvent {
  const row = db.get<EventRow>(sql`SELECT * FROM timeline_events WHERE id = ${id}`);
  if (!row) throw new LocardError('not-found', `There is no timeline event #${String(id)} in this case.`);
  return toEvent(row);
}

function checkExhibits(db: ReadDb, numbers: readonly number[]): number[] {
  const unique = [...new Set(numbers)].sort((a, b) => a - b);
  for (const n of unique) {
    if (!db.get(sql`SELECT 1 AS x FROM exhibits WHERE number = ${n}`))
      throw new LocardError(
        'not-found',
        `There is no exhibit E-${String(n).padStart(4, '0')} to cite; nothing was changed.`,
      );
  }
  return unique;
}

function checkTime(value: string, what: string): void {
  if (!Number.isFinite(valueMs(value)))
    throw new LocardError(
      'invalid-argument',
      `The ${what} "${value}" is not a date: write 2020-10-21, 2020-10-21T02:47:00Z or 2020-10-19T20:40:00.`,
    );
}

export function laneNames(db: ReadDb): string[] {
  return db.all<{ name: string }>(sql`SELECT name FROM timeline_lanes ORDER BY position`).map((r) => r.name);
}

export function createEvent(
  db: WriteDb,
  analyst: string,
  input: NewTimelineEvent,
  proposalKey: string | null = null,
  now = Date.now(),
): TimelineEvent {
  checkTime(input.start, 'start');
  if (input.end) checkTime(input.end, 'end');
  const exhibits = checkExhibits(db, input.exhibits ?? []);
  return db.transaction(() => {
    const result = db.run(sql`INSERT INTO timeline_events (title, description, start, end, precision, note, source_zone,
        lane, entities, exhibits, confidence, proposal_key, created_at, created_by, updated_at)
      VALUES (${input.title}, ${input.description ?? ''}, ${input.start}, ${input.end ?? null}, ${input.precision},
        ${input.note ?? ''}, ${input.sourceZone ?? 'unknown'}, ${input.lane ?? ''}, ${JSON.stringify(input.entities ?? [])},
        ${JSON.stringify(exhibits)}, ${input.confidence ?? 'moderate'}, ${proposalKey}, ${now}, ${analyst}, ${now})`);
    const event = getEvent(db, Number(result.lastInsertRowid));
    appendCustody(db, {
      analyst,
      action: 'timeline.event-created',
      objectIds: [`event:${String(event.id)}`, ...exhibits.map((n) => `E-${String(n).padStart(4, '0')}`)],
      details: {
        title: event.title,
        start: event.start,
        precision: event.precision,
        ...(proposalKey ? { proposal: proposalKey } : {}),
      },
      at: now,
    });
    return event;
  });
}

export function updateEvent(
  db: WriteDb,
  analyst: string,
  id: number,
  change: Partial<NewTimelineEvent>,
  now = Date.now(),
): TimelineEvent {
  const before = getEvent(db, id);
  if (change.start !== undefined) checkTime(change.start, 'start');
  if (change.end) checkTime(change.end, 'end');
  const exhibits = change.exhibits ? checkExhibits(db, change.exhibits) : before.exhibits;
  return db.transaction(() => {
    const next = { ...before, ...change, exhibits };
    db.run(sql`UPDATE timeline_events SET title = ${next.title}, description = ${next.description}, start = ${next.start},
      end = ${next.end ?? null}, precision = ${next.precision}, note = ${next.note}, source_zone = ${next.sourceZone},
      lane = ${next.lane}, entities = ${JSON.stringify(next.entities)}, exhibits = ${JSON.stringify(exhibits)},
      confidence = ${next.confidence}, updated_at = ${now} WHERE id = ${id}`);
    const changed = Object.keys(change).filter(
      (k) =>
        JSON.stringify((before as unknown as Record<string, unknown>)[k]) !==
        JSON.stringify((next as unknown as Record<string, unknown>)[k]),
    );
    appendCustody(db, {
      analyst,
      action: 'timeline.event-updated',
      objectIds: [`event:${String(id)}`],
      details: { changed },
      at: now,
    });
    return getEvent(db, id);
  });
}

export function deleteEvent(db: WriteDb, analyst: string, id: number, now = Date.now()): void {
  const before = getEvent(db, id);
  db.transaction(() => {
    // A proposal that became this event is open again (its evidence still says it).
    db.run(sql`UPDATE timeline_proposals SET status = 'open', event_id = NULL WHERE event_id = ${id}`);
    db.run(sql`DELETE FROM timeline_events WHERE id = ${id}`);
    appendCustody(db, {
      analyst,
      action: 'timeline.event-deleted',
      objectIds: [`event:${String(id)}`],
      details: { title: before.title, start: before.start },
      at: now,
    });
  });
}

function proposalRow(db: ReadDb, key: string): ProposalRow {
  const row =
    db.get<ProposalRow>(sql`SELECT p.key, e.number, p.source, p.title, p.start, p.end, p.precision, p.source_zone,
    p.source_text, p.context, p.location, p.status, p.event_id FROM timeline_proposals p JOIN exhibits e ON e.id = p.exhibit_id
    WHERE p.key = ${key}`);
  if (!row) throw new LocardError('not-found', 'That proposal is no longer in this case (recompute the proposals).');
  return row;
}

/** Open rows of an aggregate proposal (their stored location names it as their group). */
function openMembers(db: ReadDb, key: string): number {
  return (
    db.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM timeline_proposals WHERE status = 'open' AND json_extract(location, '$.group') = ${key}`,
    )?.n ?? 0
  );
}

/**
 * Accept a proposal as an event citing its exhibit; `edits` override what was proposed. Without a
 * lane, the event goes in the proposal's suggested lane (lanes.ts). An aggregate's open rows are
 * accepted into the same event (deleting the event opens them all again).
 */
export function acceptProposal(
  db: WriteDb,
  analyst: string,
  key: string,
  edits: Partial<NewTimelineEvent> = {},
  now = Date.now(),
): TimelineEvent {
  const row = proposalRow(db, key);
  if (row.status === 'accepted' && row.event_id !== null) return getEvent(db, row.event_id);
  const proposal = toProposal(row, laneNames(db));
  return db.transaction(() => {
    const event = createEvent(
      db,
      analyst,
      {
        title: row.title,
        description: row.context,
        start: row.start,
        end: row.end,
        precision: row.precision,
        sourceZone: row.source_zone,
        lane: proposal.lane,
        ...edits,
        exhibits: [...new Set([row.number, ...(edits.exhibits ?? [])])],
      },
      key,
      now,
    );
    const rows = openMembers(db, key);
    db.run(sql`UPDATE timeline_proposals SET status = 'accepted', event_id = ${event.id} WHERE key = ${key}`);
    if (rows > 0)
      db.run(sql`UPDATE timeline_proposals SET status = 'accepted', event_id = ${event.id}
        WHERE status = 'open' AND json_extract(location, '$.group') = ${key}`);
    appendCustody(db, {
      analyst,
      action: 'timeline.proposal-accepted',
      objectIds: [`event:${String(event.id)}`, `E-${String(row.number).padStart(4, '0')}`],
      details: { proposal: key, ...(rows > 0 ? { rows } : {}) },
      at: now,
    });
    return event;
  });
}

export function rejectProposal(db: WriteDb, analyst: string, key: string, now = Date.now()): void {
  const row = proposalRow(db, key);
  if (row.status === 'accepted')
    throw new LocardError('invalid-argument', 'That proposal was accepted: delete its event instead.');
  db.transaction(() => {
    // An aggregate's open rows go with it.
    const rows = openMembers(db, key);
    db.run(sql`UPDATE timeline_proposals SET status = 'rejected' WHERE key = ${key}`);
    if (rows > 0)
      db.run(sql`UPDATE timeline_proposals SET status = 'rejected'
        WHERE status = 'open' AND json_extract(location, '$.group') = ${key}`);
    appendCustody(db, {
      analyst,
      action: 'timeline.proposal-rejected',
      objectIds: [`E-${String(row.number).padStart(4, '0')}`],
      details: { proposal: key, ...(rows > 0 ? { rows } : {}) },
      at: now,
    });
  });
}

/** Flag (or unflag) an event as a milestone; a milestone is on one event at a time. */
export function setMilestone(
  db: WriteDb,
  analyst: string,
  milestone: Milestone,
  eventId: number | null,
  now = Date.now(),
): void {
  if (eventId !== null) getEvent(db, eventId);
  db.transaction(() => {
    for (const event of listEvents(db)) {
      const has = event.milestones.includes(milestone);
      const want = event.id === eventId;
      if (has === want) continue;
      const next = want ? [...event.milestones, milestone] : event.milestones.filter((m) => m !== milestone);
      db.run(
        sql`UPDATE timeline_events SET milestones = ${JSON.stringify(next)}, updated_at = ${now} WHERE id = ${event.id}`,
      );
      appendCustody(db, {
        analyst,
        action: 'timeline.event-updated',
        objectIds: [`event:${String(event.id)}`],
        details: { milestone, set: want },
        at: now,
      });
    }
  });
}

/**
 * Replace the case's lanes (in order). `moves` carry events along: a renamed lane's events
 * (`from` the old name `to` the new) and a removed lane's (`to` another lane, or '' for none). A
 * lane removed while events are in it, with no move for them, is refused: nothing changes.
 */
export function setLanes(
  db: WriteDb,
  analyst: string,
  lanes: readonly string[],
  moves: readonly LaneMove[] = [],
  now = Date.now(),
): string[] {
  const clean = [...new Set(lanes.map((l) => l.trim()).filter((l) => l !== ''))];
  if (clean.length === 0) throw new LocardError('invalid-argument', 'Keep at least one lane.');
  const cleanMoves = moves.map((m) => ({ from: m.from.trim(), to: m.to.trim() }));
  for (const move of cleanMoves) {
    if (move.to !== '' && !clean.includes(move.to))
      throw new LocardError('invalid-argument', `Events cannot move to "${move.to}": it is not one of the lanes.`);
  }
  const before = laneNames(db);
  for (const lane of before) {
    if (clean.includes(lane) || cleanMoves.some((m) => m.from === lane)) continue;
    const count = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM timeline_events WHERE lane = ${lane}`)?.n ?? 0;
    if (count > 0)
      throw new LocardError(
        'invalid-argument',
        `The lane "${lane}" holds ${String(count)} event${count === 1 ? '' : 's'}: say which lane they move to.`,
      );
  }
  db.transaction(() => {
    // Which events each move takes is read before any moves, so swapped names do not chain.
    const taken = cleanMoves
      .filter((move) => move.from !== move.to)
      .map((move) => ({
        ...move,
        ids: db.all<{ id: number }>(sql`SELECT id FROM timeline_events WHERE lane = ${move.from}`).map((r) => r.id),
      }));
    const moved: { from: string; to: string; events: number }[] = [];
    for (const move of taken) {
      const result = db.run(sql`UPDATE timeline_events SET lane = ${move.to}, updated_at = ${now}
        WHERE id IN (SELECT value FROM json_each(${JSON.stringify(move.ids)}))`);
      moved.push({ from: move.from, to: move.to, events: result.changes });
    }
    db.run(sql`DELETE FROM timeline_lanes`);
    clean.forEach((name, i) => db.run(sql`INSERT INTO timeline_lanes (position, name) VALUES (${i + 1}, ${name})`));
    appendCustody(db, {
      analyst,
      action: 'timeline.lanes-changed',
      details: { lanes: clean, ...(moved.length > 0 ? { moved } : {}) },
      at: now,
    });
  });
  return clean;
}

/**
 * Every exhibit's dates: its own (ownDates: e-mail Date and Received hops, EXIF, video creation,
 * PDF creation, MHTML Date, published time), its parent's when it has none (an attachment was sent
 * with its e-mail), and those of the events that cite it. The Graph and Evidence views keep the
 * exhibits with a date inside the range brushed on the timeline.
 */
export function exhibitTimes(db: ReadDb): ExhibitTime[] {
  const exhibits = db.all<{
    id: number;
    number: number;
    kind: string;
    original_name: string;
    metadata: string;
    parent_id: number | null;
    derivation: string;
  }>(sql`SELECT id, number, kind, original_name, metadata, parent_id, derivation FROM exhibits ORDER BY number`);
  const own = new Map<number, ExhibitTime[]>();
  const numbers = new Map<number, number>();
  const out: ExhibitTime[] = [];
  for (const e of exhibits) {
    numbers.set(e.id, e.number);
    let metadata: Record<string, unknown> = {};
    try {
      metadata = JSON.parse(e.metadata) as Record<string, unknown>;
    } catch {
      // A metadata record that does not parse has no dates to give.
    }
    let times: ExhibitTime[] = ownDates({
      number: e.number,
      kind: e.kind,
      name: e.original_name,
      metadata,
      segments: [],
    }).map((p) => ({
      exhibitNumber: e.number,
      start: p.start,
      end: p.end,
      precision: p.precision,
      source:
        p.source === 'email-date'
          ? 'E-mail Date'
          : p.source === 'email-received'
            ? `E-mail ${p.location.label}`
            : p.location.label,
    }));
    const parent = e.parent_id === null ? undefined : own.get(e.parent_id);
    if (times.length === 0 && parent && parent.length > 0) {
      const label = `E-${String(numbers.get(e.parent_id ?? 0) ?? 0).padStart(4, '0')}`;
      times = parent.map((t) => ({
        ...t,
        exhibitNumber: e.number,
        source: `${t.source}, from ${label}${e.derivation ? ` (${e.derivation})` : ''}`,
      }));
    }
    own.set(e.id, times);
    out.push(...times);
  }
  for (const event of listEvents(db)) {
    for (const number of event.exhibits)
      out.push({
        exhibitNumber: number,
        start: event.start,
        end: event.end,
        precision: event.precision,
        source: `event #${String(event.id)}: ${event.title}`,
      });
  }
  return out;
}

const RANK: Record<TimelinePrecision, number> = {
  year: 0,
  month: 1,
  approximate: 2,
  day: 3,
  hour: 4,
  minute: 5,
  second: 6,
};

export function durationText(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  let rest = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(rest / 1440);
  rest -= days * 1440;
  const hours = Math.floor(rest / 60);
  const minutes = rest - hours * 60;
  const parts = [
    days ? `${String(days)} day${days === 1 ? '' : 's'}` : '',
    hours ? `${String(hours)} h` : '',
    minutes ? `${String(minutes)} min` : '',
  ].filter(Boolean);
  return `${sign}${parts.join(' ') || '0 min'}`;
}

export function timeToAttribution(events: readonly TimelineEvent[]): TimeToAttribution | null {
  const first = events.find((e) => e.milestones.includes('first-release'));
  const attribution = events.find((e) => e.milestones.includes('public-attribution'));
  if (!first || !attribution) return null;
  const ms = valueMs(attribution.start) - valueMs(first.start);
  if (!Number.isFinite(ms)) return null;
  const precision = RANK[first.precision] <= RANK[attribution.precision] ? first.precision : attribution.precision;
  return {
    firstReleaseEventId: first.id,
    publicAttributionEventId: attribution.id,
    milliseconds: ms,
    precision,
    text: durationText(ms),
  };
}

export function readTimeline(db: ReadDb): Timeline {
  const events = listEvents(db);
  const milestone = (m: Milestone) => events.find((e) => e.milestones.includes(m))?.id ?? null;
  return {
    lanes: laneNames(db),
    events,
    proposals: listProposals(db),
    milestones: Object.fromEntries(MILESTONES.map((m) => [m, milestone(m)])) as Timeline['milestones'],
    timeToAttribution: timeToAttribution(events),
  };
}
