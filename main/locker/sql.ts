/**
 * The `sql` tag: every interpolated value becomes a bound parameter, never text in the query.
 * Identifiers cannot be interpolated on purpose; write them into the template.
 */
export type SqlValue = string | number | bigint | Buffer | Uint8Array | null;
export type SqlQuery = readonly [text: string, params: SqlValue[]];

export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): SqlQuery {
  return [strings.reduce((text, part, i) => text + (i === 0 ? '' : '?') + part, ''), values];
}
