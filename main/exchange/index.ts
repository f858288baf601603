/**
 * Exchange formats in and out (issue 7): STIX 2.1 bundles, MISP event JSON and CSV. `exportExchange`
 * turns the case's graph, indicators and events into one of them (the briefing backend writes the
 * file and records it in custody); main/core/exchange.ts brings files in.
 */
import type { CsvTable, ExchangeFormat } from '../../shared/briefing.js';
import type { ReadDb } from '../locker/driver.js';
import type { ExchangeContext } from './context.js';
import { buildCsv } from './csv.js';
import { buildMispEvent } from './misp.js';
import { readSnapshot } from './snapshot.js';
import { buildStixBundle } from './stix.js';

export type { ExchangeContext } from './context.js';

export interface ExchangeOutput {
  readonly text: string;
  readonly mediaType: string;
}

/** The case as a STIX 2.1 bundle, a MISP event or a CSV table (default: indicators). */
export function exportExchange(
  db: ReadDb,
  format: ExchangeFormat,
  context: ExchangeContext,
  table: CsvTable = 'indicators',
): ExchangeOutput {
  const snapshot = readSnapshot(db);
  switch (format) {
    case 'stix':
      return {
        text: `${JSON.stringify(buildStixBundle(snapshot, context).bundle, null, 2)}\n`,
        mediaType: 'application/stix+json;version=2.1',
      };
    case 'misp':
      return { text: `${JSON.stringify(buildMispEvent(snapshot, context), null, 2)}\n`, mediaType: 'application/json' };
    case 'csv':
      return { text: buildCsv(snapshot, table), mediaType: 'text/csv; charset=utf-8; header=present' };
  }
}
