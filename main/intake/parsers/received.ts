/**
 * The Received chain and RFC 5322 dates, parsed by hand. mailparser hands back each Received header
 * as one raw string (it does not split "from … by … with … id … for …; date"), and its date parsing
 * goes through `Date.parse`, which silently rolls impossible dates over ("32 Oct" → 1 Nov). An
 * analyst needs each hop's from/by/IP/time, and a wrong time is worse than none, so both are here.
 */
import { isIP } from 'node:net';

export interface ReceivedHop {
  /** The host the relay says it received from (HELO name or address literal). */
  readonly from: string | null;
  /** The relay that added the header. */
  readonly by: string | null;
  /** The connecting IP the relay recorded (from the bracketed literal), when it is a valid address. */
  readonly ip: string | null;
  /** The relay's timestamp in UTC (ISO 8601), or null when missing or impossible. */
  readonly time: string | null;
  readonly with: string | null;
  readonly id: string | null;
  readonly for: string | null;
  readonly raw: string;
}

const CLAUSE = /(?:^|\s)(from|by|via|with|id|for)\s/gi;

export function parseReceived(raw: string): ReceivedHop {
  const unfolded = raw
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const semicolon = unfolded.lastIndexOf(';');
  const clauses = semicolon === -1 ? unfolded : unfolded.slice(0, semicolon);
  const dateText = semicolon === -1 ? '' : unfolded.slice(semicolon + 1).trim();

  const found: Record<string, string> = {};
  // Keywords inside parenthesised comments ("(from userid 48)") are not clauses.
  const matches = [...clauses.matchAll(CLAUSE)].filter((match) => depthAt(clauses, match.index) === 0);
  matches.forEach((match, index) => {
    const keyword = (match[1] ?? '').toLowerCase();
    const start = match.index + match[0].length;
    const end = matches[index + 1]?.index ?? clauses.length;
    found[keyword] ??= clauses.slice(start, end).trim();
  });
  const fromClause = found.from ?? null;
  const byClause = found.by ?? null;
  return {
    from: fromClause === null ? null : firstToken(fromClause),
    by: byClause === null ? null : firstToken(byClause),
    ip: fromClause === null ? null : connectingIp(fromClause),
    time: parseMailDate(dateText),
    with: found.with === undefined ? null : firstToken(found.with),
    id: found.id === undefined ? null : firstToken(found.id),
    for: found.for === undefined ? null : firstToken(found.for).replace(/^<|>;?$/g, ''),
    raw: unfolded,
  };
}

function depthAt(text: string, index: number): number {
  let depth = 0;
  for (let i = 0; i < index; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && depth > 0) depth--;
  }
  return depth;
}

function firstToken(clause: string): string {
  return clause.split(/\s+/)[0] ?? '';
}

/** The recorded address: the bracketed literal in the comment after the HELO name, else the HELO literal. */
function connectingIp(fromClause: string): string | null {
  for (const match of fromClause.matchAll(/\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]/g)) {
    const candidate = match[1] ?? '';
    if (isIP(candidate) !== 0) return candidate.toLowerCase();
  }
  const bare = /\(\s*(?:[\w.-]+\s+)?([0-9.]+|[0-9a-f:]+)\s*\)/i.exec(fromClause)?.[1];
  return bare !== undefined && isIP(bare) !== 0 ? bare : null;
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};
/** RFC 5322 §4.3 obsolete zone names. */
const ZONES: Readonly<Record<string, number>> = {
  ut: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

/**
 * An RFC 5322 date ("Tue, 20 Oct 2020 17:12:41 +0300 (EEST)") to ISO UTC, or null when it is missing,
 * impossible (day 32, hour 25, offset +9999) or unreadable.
 */
export function parseMailDate(text: string): string | null {
  const match =
    /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,5})?/.exec(
      text,
    );
  if (!match) return null;
  const day = Number(match[1]);
  const month = MONTHS[(match[2] ?? '').toLowerCase()];
  let year = Number(match[3]);
  if ((match[3] ?? '').length === 2) year += year < 50 ? 2000 : 1900;
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6] ?? '0');
  const zone = match[7] ?? '';
  let offsetMinutes: number | undefined;
  if (/^[+-]\d{4}$/.test(zone)) {
    const hours = Number(zone.slice(1, 3));
    const minutes = Number(zone.slice(3, 5));
    if (hours > 23 || minutes > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  } else {
    // Unknown military or missing zones are treated as UTC with no claim otherwise (RFC 5322 §4.3).
    offsetMinutes = ZONES[zone.toLowerCase()] ?? 0;
  }
  if (month === undefined || hour > 23 || minute > 59 || second > 60 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  const utc = Date.UTC(year, month, day, hour, minute, Math.min(second, 59)) - offsetMinutes * 60_000;
  return new Date(utc).toISOString().replace('.000Z', 'Z');
}
