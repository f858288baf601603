/**
 * CSV out (RFC 4180: a header row, comma-separated, CRLF line ends, fields quoted when they hold a
 * comma, a quote or a line break, quotes doubled). Values are written as stored — not defanged, no
 * formula guard — because CSV is for machines; a spreadsheet that evaluates `=…` is the reader's
 * concern. Tables: indicators (benign and false positives left out), entities, timeline events.
 */
import type { CsvTable } from '../../shared/briefing.js';
import { exhibitLabelOf } from '../graph/derive.js';
import type { ExchangeSnapshot } from './snapshot.js';

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function iso(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) || ms <= 0 ? '' : new Date(ms).toISOString();
}

export const CSV_HEADERS: Readonly<Record<CsvTable, readonly string[]>> = {
  indicators: [
    'type',
    'value',
    'platform',
    'status',
    'flags',
    'tags',
    'occurrences',
    'exhibits',
    'first_seen',
    'last_seen',
    'asn',
    'organisation',
    'country',
  ],
  entities: ['id', 'type', 'stix_type', 'name', 'origin', 'description', 'aliases', 'created_by', 'created_at'],
  events: [
    'id',
    'start',
    'end',
    'precision',
    'title',
    'description',
    'lane',
    'confidence',
    'exhibits',
    'entities',
    'milestones',
    'unsupported',
    'source_zone',
    'note',
  ],
};

export function buildCsv(snapshot: ExchangeSnapshot, table: CsvTable): string {
  const rows: string[][] = [[...CSV_HEADERS[table]]];
  if (table === 'indicators') {
    for (const i of snapshot.indicators) {
      if (i.status !== 'open') continue;
      const fact = (kind: string) => i.enrichment.find((f) => f.kind === kind);
      const asn = fact('asn');
      rows.push([
        i.type,
        i.value,
        i.platform ?? '',
        i.status,
        i.flags.join(';'),
        i.tags.join(';'),
        String(i.occurrenceCount),
        String(i.exhibitCount),
        iso(i.firstSeen),
        iso(i.lastSeen),
        i.type === 'asn' ? i.value : (asn?.value ?? ''),
        asn?.label ?? fact('organisation')?.value ?? '',
        fact('country')?.value ?? '',
      ]);
    }
  } else if (table === 'entities') {
    const open = new Set(snapshot.indicators.filter((i) => i.status === 'open').map((i) => i.id));
    for (const e of snapshot.graph.entities) {
      if (e.indicatorId !== undefined && !open.has(e.indicatorId)) continue;
      rows.push([
        e.id,
        e.type,
        e.stixType,
        e.name,
        e.origin,
        e.description ?? '',
        e.aliases.map((a) => a.name).join(';'),
        e.createdBy ?? '',
        iso(e.createdAt),
      ]);
    }
  } else {
    const names = new Map(snapshot.graph.entities.map((e) => [e.id, e.name]));
    for (const e of snapshot.events) {
      rows.push([
        String(e.id),
        e.start,
        e.end ?? '',
        e.precision,
        e.title,
        e.description,
        e.lane,
        e.confidence,
        e.exhibits.map(exhibitLabelOf).join(';'),
        e.entities.map((id) => names.get(id) ?? id).join(';'),
        e.milestones.join(';'),
        e.unsupported ? 'true' : 'false',
        e.sourceZone,
        e.note,
      ]);
    }
  }
  return csvText(rows);
}
