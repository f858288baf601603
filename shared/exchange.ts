/**
 * Exchange in (issue 7): STIX 2.1 bundles, MISP events and CSV files brought into a case as
 * entities, indicators and relationships, each file kept as an exhibit. Shared by main (main/exchange)
 * and the renderer's import dialogs. Exports are in shared/briefing.ts (ExchangeFormat).
 */

export const EXCHANGE_IMPORT_FORMATS = ['stix', 'misp', 'csv'] as const;
export type ExchangeImportFormat = (typeof EXCHANGE_IMPORT_FORMATS)[number];

/** An object of the file that was not brought in, and why ("unknown type x-acme-widget"). */
export interface ExchangeImportSkip {
  /** Its id in the file (a STIX id, a MISP UUID, "row 12"). */
  readonly id: string;
  readonly type: string;
  readonly reason: string;
}

export interface ExchangeImportResult {
  readonly format: ExchangeImportFormat;
  /** The exhibit that keeps the file ("E-0004"). */
  readonly exhibit: string;
  /** The same bytes were already in the case: no second copy, the first exhibit is cited. */
  readonly duplicateFile: boolean;
  /** Who produced the file, as it says (the STIX identity, the MISP organisation), else its name. */
  readonly source: string;
  /** Objects (STIX objects, MISP attributes, CSV rows) read from the file. */
  readonly objects: number;
  readonly entitiesCreated: number;
  /** Objects that named an entity or indicator already in the case. */
  readonly entitiesMatched: number;
  readonly relationshipsCreated: number;
  /** Relationships the case already had (derived from the evidence, or asserted before). */
  readonly relationshipsExisting: number;
  /** Objects this file brought in at an earlier import (re-importing adds nothing twice). */
  readonly alreadyImported: number;
  /** The first SKIPPED_LISTED skipped objects; `skippedCount` counts them all. */
  readonly skipped: readonly ExchangeImportSkip[];
  readonly skippedCount: number;
}

/** How many skipped objects an import result lists by name. */
export const SKIPPED_LISTED = 100;

export const CSV_IMPORT_KINDS = ['entities', 'indicators'] as const;
export type CsvImportKind = (typeof CSV_IMPORT_KINDS)[number];

/**
 * Which column holds what (0-based column indexes). Entities: `value` is the name, the type comes from
 * the `type` column or `fixedType` (an entity type). Indicators: `value` is the indicator, the type
 * comes from the `type` column, `fixedType` (an indicator type) or, with neither, from the value itself.
 */
export interface CsvColumnMapping {
  readonly value: number;
  readonly type: number | null;
  readonly fixedType?: string;
  readonly description: number | null;
  /** Indicators only: tags, separated by ; or | within the cell. */
  readonly tags: number | null;
}

export interface CsvImportPreview {
  readonly path: string;
  readonly name: string;
  readonly delimiter: 'comma' | 'tab' | 'semicolon';
  readonly headers: readonly string[];
  /** The first rows after the header (at most CSV_PREVIEW_ROWS). */
  readonly rows: readonly (readonly string[])[];
  readonly rowCount: number;
  readonly suggestedKind: CsvImportKind;
  readonly suggested: Readonly<Record<CsvImportKind, CsvColumnMapping>>;
}

export const CSV_PREVIEW_ROWS = 8;
