/** How timeline instants and dates are written (shared/timeline.ts): UTC with Z, or local without. */
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function formatLocal(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** '+03:00', '-04:00', 'Z' for UTC. */
export function offsetLabel(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The offset from UTC (minutes) of an IANA zone at a wall-clock time in it (one DST step of accuracy). */
export function zoneOffsetMinutes(zone: string, wallClockAsUtc: number): number {
  const at = (ms: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(ms));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    return (
      (Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - ms) / 60_000
    );
  };
  const guess = at(wallClockAsUtc);
  return at(wallClockAsUtc - guess * 60_000);
}

/** "+0300", "-04:00", "Z", "GMT" at the end of a date as written → minutes, or null. */
export function trailingOffset(raw: string): number | null {
  const m = /([+-])(\d{2}):?(\d{2})(?:\s*\([^)]*\))?\s*$/.exec(raw.trim());
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  if (/(?:\bGMT|\bUTC|Z)(?:\s*\([^)]*\))?\s*$/.test(raw.trim())) return 0;
  return null;
}

/** Milliseconds of a timeline value (local dates and zone-less times read as UTC), or NaN. */
export function valueMs(value: string): number {
  if (/^\d{4}$/.test(value)) return Date.UTC(Number(value), 0, 1);
  if (/^\d{4}-\d{2}$/.test(value)) return Date.parse(`${value}-01T00:00:00Z`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T00:00:00Z`);
  if (/T\d{2}:\d{2}(?::\d{2})?$/.test(value)) return Date.parse(`${value}Z`);
  return Date.parse(value);
}
