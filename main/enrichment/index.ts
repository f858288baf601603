/** Offline enrichment: the public surface of main/enrichment (see README.md). */
export {
  analystSource,
  enrichIndicator,
  ENRICHED_TYPES,
  NO_ANALYST_FACTS,
  RANGE_ENRICHED_TYPES,
  type AnalystFact,
  type AnalystFacts,
} from './enrich.js';
export {
  describeLineErrors,
  MAX_ENRICHMENT_CSV_BYTES,
  MAX_ENRICHMENT_RANGES,
  parseEnrichmentCsv,
  type AnalystRange,
  type LineError,
} from './analyst-csv.js';
export { hexToKey, ipKey, keyToHex, networkKey, type IpFamily, type IpKey } from './keys.js';
export { buildRangeTable, type RangeTable, type TableRange } from './range-table.js';
export { shippedAsnOrganisation, shippedIpFacts, versionDate } from './shipped.js';
