/**
 * The briefings' store (schema 90): several per case, each a row whose content is checked against
 * main/briefing/schema.ts when it is written and again when it is read (a row that no longer matches
 * is refused with a clear reason, never handed to a renderer half-valid). Every change is logged in
 * custody in its transaction, with the exhibits the briefing cites.
 */
import { randomUUID } from 'node:crypto';
import type { Briefing, BriefingContent, BriefingSummary } from '../../shared/briefing.js';
import type { TlpMarking } from '../../shared/domain.js';
import { briefingContentSchema } from '../briefing/schema.js';
import { LocardError } from '../errors.js';
import { appendCustody } from './custody.js';
import type { ReadDb, WriteDb } from './driver.js';
import { sql } from './sql.js';

interface BriefingRow {
  id: string;
  content: string;
  created_at: number;
  created_by: string;
  updated_at: number;
  updated_by: string;
}

export const DEFAULT_METHODOLOGY =
  'Evidence was imported into Locard, which hashed every file on intake (SHA-256, SHA-1 and MD5) and stored it ' +
  'unchanged in an encrypted case file. Indicators were extracted from the stored text with their exact ' +
  'positions, reviewed by the analyst, and enriched offline. Judgements use the ICD 203 expressions of ' +
  'likelihood and state the analytic confidence separately. Each exhibit is cited by its number and SHA-256, ' +
  'so a reader holding the exhibits can check that they are the ones this briefing rests on. Every change to ' +
  'the case is recorded in a hash-chained custody log.';

/** A new briefing's content: the case's marking, empty sections to fill in, every generated section on. */
export function briefingSkeleton(title: string, tlp: TlpMarking, background = ''): BriefingContent {
  return {
    title,
    classification: '',
    tlp,
    bluf: '',
    judgements: [],
    background,
    timelineFigure: null,
    graphFigure: null,
    includeIndicators: true,
    includeExhibits: true,
    methodology: DEFAULT_METHODOLOGY,
    appendix: '',
  };
}

const exhibitLabel = (n: number) => `E-${String(n).padStart(4, '0')}`;

function parseContent(row: BriefingRow): BriefingContent {
  let json: unknown;
  try {
    json = JSON.parse(row.content);
  } catch {
    json = undefined;
  }
  const parsed = briefingContentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LocardError(
      'unsupported',
      `Briefing ${row.id} is stored in a form this Locard does not read (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'not JSON'}).`,
    );
  }
  return parsed.data;
}

function toBriefing(row: BriefingRow): Briefing {
  return {
    ...parseContent(row),
    id: row.id,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** Check content before it is written: the schema, and that every cited exhibit is in the case. */
function checkContent(db: ReadDb, content: BriefingContent): BriefingContent {
  const parsed = briefingContentSchema.safeParse(content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LocardError(
      'invalid-argument',
      `The briefing was not saved — ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'it is not valid'}.`,
    );
  }
  for (const n of citedExhibits(parsed.data)) {
    if (!db.get(sql`SELECT 1 AS x FROM exhibits WHERE number = ${n}`))
      throw new LocardError('not-found', `There is no exhibit ${exhibitLabel(n)} to cite; the briefing was not saved.`);
  }
  return parsed.data;
}

/** What the analyst wrote and chose, without the row's id and times. */
export function briefingContent(briefing: Briefing): BriefingContent {
  return {
    title: briefing.title,
    classification: briefing.classification,
    tlp: briefing.tlp,
    bluf: briefing.bluf,
    judgements: briefing.judgements,
    background: briefing.background,
    timelineFigure: briefing.timelineFigure,
    graphFigure: briefing.graphFigure,
    includeIndicators: briefing.includeIndicators,
    includeExhibits: briefing.includeExhibits,
    methodology: briefing.methodology,
    appendix: briefing.appendix,
  };
}

/** Every exhibit a briefing's judgements cite, in order, once. */
export function citedExhibits(content: Pick<BriefingContent, 'judgements'>): number[] {
  return [...new Set(content.judgements.flatMap((j) => j.exhibits))].sort((a, b) => a - b);
}

export function listBriefings(db: ReadDb): BriefingSummary[] {
  return db.all<BriefingRow>(sql`SELECT * FROM briefings ORDER BY updated_at DESC, id`).flatMap((row) => {
    let content: BriefingContent;
    try {
      content = parseContent(row);
    } catch {
      return [];
    }
    return [
      {
        id: row.id,
        title: content.title,
        tlp: content.tlp,
        judgements: content.judgements.length,
        updatedAt: row.updated_at,
        updatedBy: row.updated_by,
      },
    ];
  });
}

export function getBriefing(db: ReadDb, id: string): Briefing {
  const row = db.get<BriefingRow>(sql`SELECT * FROM briefings WHERE id = ${id}`);
  if (!row) throw new LocardError('not-found', `There is no briefing ${id} in this case.`);
  return toBriefing(row);
}

/**
 * A briefing named by its id, or by its title (case-insensitive, exact); an ambiguous or unknown
 * name is refused with the names there are.
 */
export function findBriefing(db: ReadDb, nameOrId: string): Briefing {
  const byId = db.get<BriefingRow>(sql`SELECT * FROM briefings WHERE id = ${nameOrId}`);
  if (byId) return toBriefing(byId);
  const all = listBriefings(db);
  const wanted = nameOrId.trim().toLowerCase();
  const matches = all.filter((b) => b.title.trim().toLowerCase() === wanted);
  const [match] = matches;
  if (matches.length === 1 && match) return getBriefing(db, match.id);
  const known = all.map((b) => `"${b.title}" (${b.id})`).join(', ');
  if (matches.length > 1)
    throw new LocardError(
      'invalid-argument',
      `${String(matches.length)} briefings are titled "${nameOrId}"; name one by its id: ${known}.`,
    );
  throw new LocardError(
    'not-found',
    all.length === 0
      ? `There is no briefing "${nameOrId}": this case has no briefings yet (leave --briefing out for the standard case briefing).`
      : `There is no briefing "${nameOrId}" in this case. Its briefings: ${known}.`,
  );
}

export function createBriefing(
  db: WriteDb,
  analyst: string,
  content: BriefingContent,
  copyOf: string | null = null,
  now = Date.now(),
): Briefing {
  const checked = checkContent(db, content);
  const id = randomUUID();
  return db.transaction(() => {
    db.run(sql`INSERT INTO briefings (id, content, created_at, created_by, updated_at, updated_by)
      VALUES (${id}, ${JSON.stringify(checked)}, ${now}, ${analyst}, ${now}, ${analyst})`);
    appendCustody(db, {
      analyst,
      action: 'briefing.created',
      objectIds: [`briefing:${id}`, ...citedExhibits(checked).map(exhibitLabel)],
      details: { title: checked.title, tlp: checked.tlp, ...(copyOf ? { copyOf } : {}) },
      at: now,
    });
    return getBriefing(db, id);
  });
}

export function updateBriefing(
  db: WriteDb,
  analyst: string,
  id: string,
  change: Partial<BriefingContent>,
  now = Date.now(),
): Briefing {
  const before = getBriefing(db, id);
  const content = briefingContent(before);
  const next = checkContent(db, { ...content, ...change });
  const changed = (Object.keys(change) as (keyof BriefingContent)[]).filter(
    (k) => JSON.stringify(content[k]) !== JSON.stringify(next[k]),
  );
  if (changed.length === 0) return before;
  return db.transaction(() => {
    db.run(sql`UPDATE briefings SET content = ${JSON.stringify(next)}, updated_at = ${now}, updated_by = ${analyst}
      WHERE id = ${id}`);
    appendCustody(db, {
      analyst,
      action: 'briefing.updated',
      objectIds: [`briefing:${id}`, ...citedExhibits(next).map(exhibitLabel)],
      details: {
        changed,
        ...(changed.includes('tlp') ? { tlp: next.tlp } : {}),
        ...(changed.includes('title') ? { title: next.title } : {}),
      },
      at: now,
    });
    return getBriefing(db, id);
  });
}

export function deleteBriefing(db: WriteDb, analyst: string, id: string, now = Date.now()): void {
  const row = db.get<BriefingRow>(sql`SELECT * FROM briefings WHERE id = ${id}`);
  if (!row) throw new LocardError('not-found', `There is no briefing ${id} in this case.`);
  let title = '';
  try {
    title = parseContent(row).title;
  } catch {
    // A row this Locard cannot read can still be deleted.
  }
  db.transaction(() => {
    db.run(sql`DELETE FROM briefings WHERE id = ${id}`);
    appendCustody(db, {
      analyst,
      action: 'briefing.deleted',
      objectIds: [`briefing:${id}`],
      details: { title },
      at: now,
    });
  });
}
