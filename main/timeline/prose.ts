/**
 * Dates written in prose, through chrono-node (strict mode: written dates and times, not "now" or
 * "next week"). Each finding keeps its sentence and offsets. What chrono leaves open is settled
 * here, from the text around it:
 *  - a missing year: the nearest date in the text that names one (before, else after), else the
 *    exhibit's own date (an e-mail's Date, a PDF's creation date); the year that puts the date closest;
 *  - a time with no date ("at 10:47 p.m."): a date on the same line, else the last date within 600
 *    characters before it;
 *  - "later that night", "late that evening": a day-precision finding on that date;
 *  - zones chrono does not read: "Eastern/Central/Mountain/Pacific (time)" (by the date's DST), the
 *    zone of the other end of "between 13:05 and 14:12 UTC", and a document that states its zone
 *    ("Times are UTC", "Timeline (UTC)") for times after that statement; otherwise 'unknown'.
 * Precision is what the text names: seconds, minutes (or hours), else the day, else the month.
 */
import * as chrono from 'chrono-node';
import type { TimelinePrecision } from '../../shared/timeline.js';
import { formatLocal, formatUtc, offsetLabel, zoneOffsetMinutes } from './time.js';

export interface ProseFinding {
  readonly start: string;
  readonly end: string | null;
  readonly precision: TimelinePrecision;
  readonly sourceZone: string;
  /** The words chrono read (or the phrase, for "later that night"). */
  readonly sourceText: string;
  readonly sentence: string;
  /** UTF-16 offsets into the text given. */
  readonly offset: number;
  readonly length: number;
  readonly note: string;
}

interface Dated {
  readonly index: number;
  readonly year: number | null;
  readonly month: number;
  readonly day: number;
}

const US_ZONES: Record<string, string> = {
  eastern: 'America/New_York',
  central: 'America/Chicago',
  mountain: 'America/Denver',
  pacific: 'America/Los_Angeles',
};
const NAMED_ZONE = /^\s*\(?(?:about\s+)?(eastern|central|mountain|pacific)(?:\s+(?:standard|daylight))?(?:\s+time)?\b/i;
const UTC_STATEMENT = /(?:\btimes?\s+(?:are|in)\s+(?:UTC|GMT)\b|\ball\s+times\s+(?:UTC|GMT)\b|\((?:UTC|GMT)\))/gi;
/** "02:31 and 04:26 UTC on the 21st": the day of the month after a time. */
const ON_THE_DAY = /^[^.\n]{0,40}?\bon the (\d{1,2})(?:st|nd|rd|th)\b/i;
const THAT_NIGHT = /\b(?:(?:late|later)\s+(?:on\s+)?that\s+(?:night|evening)|that\s+(?:night|evening))\b/gi;
/** Part-of-day phrases chrono would misread: "the night of 20 October" is a date, written with a note. */
const PART_OF_DAY = /\b(?:the\s+)?(?:night|evening|morning|afternoon)\s+of\b/gi;
const CONTEXT_BEFORE = 600;

export function sentenceAround(text: string, start: number, end: number): string {
  let from = start;
  while (from > 0 && start - from < 300) {
    const c = text[from - 1];
    if (c === '\n' && text[from - 2] === '\n') break;
    if ((c === '.' || c === '!' || c === '?') && /\s/.test(text[from] ?? '')) break;
    from -= 1;
  }
  let to = end;
  while (to < text.length && to - end < 300) {
    const c = text[to];
    if (c === '\n' && text[to + 1] === '\n') break;
    if ((c === '.' || c === '!' || c === '?') && /\s|$/.test(text[to + 1] ?? '')) {
      to += 1;
      break;
    }
    to += 1;
  }
  return text.slice(from, to).replace(/\s+/g, ' ').trim();
}

function closestYear(month: number, day: number, reference: Date): number {
  const year = reference.getUTCFullYear();
  let best = year;
  let bestGap = Infinity;
  for (const y of [year - 1, year, year + 1]) {
    const gap = Math.abs(Date.UTC(y, month - 1, day) - reference.getTime());
    if (gap < bestGap) {
      best = y;
      bestGap = gap;
    }
  }
  return best;
}

export function proseDates(text: string, reference: Date | null): ProseFinding[] {
  const masked = text.replace(PART_OF_DAY, (m) => ' '.repeat(m.length));
  const results = chrono.strict.parse(masked, { instant: reference ?? new Date(0), timezone: 0 });
  const utcFrom = [...text.matchAll(UTC_STATEMENT)].map((m) => m.index);
  const utcStatedBefore = (index: number) => utcFrom.some((at) => at < index);

  const known = (r: chrono.ParsedResult, c: chrono.Component) => r.start.isCertain(c);
  const dated: Dated[] = results
    .filter((r) => known(r, 'day') && known(r, 'month'))
    .map((r) => ({
      index: r.index,
      year: known(r, 'year') ? (r.start.get('year') ?? null) : null,
      month: r.start.get('month') ?? 1,
      day: r.start.get('day') ?? 1,
    }));
  const yearFor = (index: number, month: number, day: number): number | null => {
    const before = [...dated].reverse().find((d) => d.index < index && d.year !== null);
    const after = dated.find((d) => d.index > index && d.year !== null);
    const near = before ?? after;
    if (near?.year != null) return closestYear(month, day, new Date(Date.UTC(near.year, near.month - 1, near.day)));
    return reference ? closestYear(month, day, reference) : null;
  };
  const lineOf = (index: number) => {
    const from = text.lastIndexOf('\n', index - 1) + 1;
    const to = text.indexOf('\n', index);
    return [from, to === -1 ? text.length : to] as const;
  };
  const contextDate = (index: number): { year: number; month: number; day: number } | null => {
    const [from, to] = lineOf(index);
    const sameLine = dated.find((d) => d.index >= from && d.index < to && d.index !== index);
    const before = [...dated].reverse().find((d) => d.index < index && index - d.index <= CONTEXT_BEFORE);
    const chosen = sameLine ?? before;
    if (!chosen) return null;
    const year = chosen.year ?? yearFor(chosen.index, chosen.month, chosen.day);
    return year === null ? null : { year, month: chosen.month, day: chosen.day };
  };

  const findings: ProseFinding[] = [];
  results.forEach((r, i) => {
    // Relative phrases ("a day before", "within the hour") name no date of their own.
    if (!/\d/.test(r.text)) return;
    const hasDay = known(r, 'day') && known(r, 'month');
    const hasHour = known(r, 'hour');
    let date: { year: number; month: number; day: number } | null = null;
    let note = '';
    if (hasDay) {
      const month = r.start.get('month') ?? 1;
      const day = r.start.get('day') ?? 1;
      const year = known(r, 'year') ? (r.start.get('year') ?? null) : yearFor(r.index, month, day);
      if (year === null) return;
      if (!known(r, 'year')) note = 'year inferred';
      date = { year, month, day };
    } else if (hasHour) {
      date = contextDate(r.index);
      if (!date) return;
      const ordinal = ON_THE_DAY.exec(text.slice(r.index + r.text.length));
      if (ordinal) date = { ...date, day: Number(ordinal[1]) };
      note = 'date from context';
    } else if (known(r, 'month') && known(r, 'year')) {
      const month = r.start.get('month') ?? 1;
      const year = r.start.get('year') ?? 1970;
      findings.push({
        start: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`,
        end: null,
        precision: 'month',
        sourceZone: 'unknown',
        sourceText: r.text,
        sentence: sentenceAround(text, r.index, r.index + r.text.length),
        offset: r.index,
        length: r.text.length,
        note: '',
      });
      return;
    } else return;

    if (!hasHour) {
      findings.push({
        start: formatLocal(date.year, date.month, date.day),
        end: null,
        precision: 'day',
        sourceZone: 'unknown',
        sourceText: r.text,
        sentence: sentenceAround(text, r.index, r.index + r.text.length),
        offset: r.index,
        length: r.text.length,
        note,
      });
      return;
    }
    const hour = r.start.get('hour') ?? 0;
    const minute = r.start.get('minute') ?? 0;
    const second = r.start.get('second') ?? 0;
    const precision: TimelinePrecision = known(r, 'second') ? 'second' : known(r, 'minute') ? 'minute' : 'hour';
    const after = text.slice(r.index + r.text.length, r.index + r.text.length + 40);
    let offsetMinutes: number | null = known(r, 'timezoneOffset') ? (r.start.get('timezoneOffset') ?? 0) : null;
    let zone = offsetMinutes === null ? 'unknown' : offsetLabel(offsetMinutes);
    let sourceText = r.text;
    const named = offsetMinutes === null ? NAMED_ZONE.exec(after) : null;
    if (named) {
      const iana = US_ZONES[(named[1] ?? '').toLowerCase()] ?? 'UTC';
      offsetMinutes = zoneOffsetMinutes(iana, Date.UTC(date.year, date.month - 1, date.day, hour, minute, second));
      zone = iana;
      sourceText = `${r.text}${named[0].replace(/^\s*\(?/, ' ')}`;
    }
    const next = results[i + 1];
    if (offsetMinutes === null && next && known(next, 'timezoneOffset') && !known(next, 'day')) {
      const between = text.slice(r.index + r.text.length, next.index);
      if (/^\s*(?:and|to|until|till|-|–|—)\s*$/i.test(between)) {
        offsetMinutes = next.start.get('timezoneOffset') ?? 0;
        zone = offsetLabel(offsetMinutes);
      }
    }
    if (offsetMinutes === null && utcStatedBefore(r.index)) {
      offsetMinutes = 0;
      zone = 'UTC (stated in the document)';
    }
    const local = Date.UTC(date.year, date.month - 1, date.day, hour, minute, second);
    findings.push({
      start: offsetMinutes === null ? formatUtc(local).replace(/Z$/, '') : formatUtc(local - offsetMinutes * 60_000),
      end: null,
      precision,
      sourceZone: zone,
      sourceText,
      sentence: sentenceAround(text, r.index, r.index + r.text.length),
      offset: r.index,
      length: r.text.length,
      note,
    });
  });

  // "Later that night": the day of the last date before it.
  for (const m of text.matchAll(THAT_NIGHT)) {
    const before = [...dated].reverse().find((d) => d.index < m.index && m.index - d.index <= CONTEXT_BEFORE);
    if (!before) continue;
    const year = before.year ?? yearFor(before.index, before.month, before.day);
    if (year === null) continue;
    findings.push({
      start: formatLocal(year, before.month, before.day),
      end: null,
      precision: 'day',
      sourceZone: 'unknown',
      sourceText: m[0],
      sentence: sentenceAround(text, m.index, m.index + m[0].length),
      offset: m.index,
      length: m[0].length,
      note: m[0].toLowerCase().includes('evening') ? 'that evening' : 'that night',
    });
  }
  return findings.sort((a, b) => a.offset - b.offset);
}
