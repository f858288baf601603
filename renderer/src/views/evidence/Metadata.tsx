import type { ReactNode } from 'react';

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "xOriginatingIp" → "X originating IP": keys as an analyst reads them. */
function humanKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .replace(/\b(ip|url|id|spf|dkim|dmarc|utc|gps|exif|mime|pdf|html)\b/g, (word) => word.toUpperCase());
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function scalar(value: Json): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const HOP_COLUMNS = ['from', 'by', 'ip', 'time', 'with'] as const;

export function isHopList(value: Json[]): value is Record<string, Json>[] {
  return (
    value.length > 0 &&
    value.every((item) => isRecord(item) && 'from' in item && 'by' in item && ('ip' in item || 'time' in item))
  );
}

function isNameValueList(value: Json[]): value is { name: Json; value: Json }[] {
  return value.length > 0 && value.every((item) => isRecord(item) && 'name' in item && 'value' in item);
}

/** A Received chain as a table: one row per hop, newest first as in the message. */
export function Hops({ hops, label }: { readonly hops: readonly Record<string, Json>[]; readonly label: string }) {
  return (
    <table className="hops" aria-label={label}>
      <thead>
        <tr>
          <th scope="col" className="num">
            #
          </th>
          {HOP_COLUMNS.map((column) => (
            <th key={column} scope="col">
              {column === 'ip' ? 'IP' : column === 'time' ? 'Time (UTC)' : humanKey(column)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {hops.map((hop, index) => (
          // Hops are a fixed, ordered list from one exhibit.
          <tr key={`${index}:${scalar(hop.raw)}`} title={typeof hop.raw === 'string' ? hop.raw : undefined}>
            <td className="num">{index + 1}</td>
            {HOP_COLUMNS.map((column) => (
              <td key={column} className="mono">
                {scalar(hop[column])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function rows(key: string, label: string, value: Json, depth: number, out: ReactNode[]): void {
  const indent = { paddingLeft: `${8 + depth * 14}px` };
  const head = (
    <th scope="row" style={indent}>
      {label}
    </th>
  );
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(
        <tr key={key}>
          {head}
          <td className="faint">none</td>
        </tr>,
      );
    } else if (value.every((item) => !isRecord(item) && !Array.isArray(item))) {
      out.push(
        <tr key={key}>
          {head}
          <td>{value.map(scalar).join(', ')}</td>
        </tr>,
      );
    } else if (isHopList(value)) {
      out.push(
        <tr key={key}>
          {head}
          <td className="hops-cell">
            <Hops hops={value} label={key === 'received' ? 'Received hops' : label} />
          </td>
        </tr>,
      );
    } else if (isNameValueList(value)) {
      out.push(
        <tr key={key} className="meta-group">
          {head}
          <td className="faint">{value.length} entries</td>
        </tr>,
      );
      value.forEach((item, index) => {
        out.push(
          <tr key={`${key}.${index}`}>
            <th scope="row" className="mono meta-plain" style={{ paddingLeft: `${8 + (depth + 1) * 14}px` }}>
              {scalar(item.name)}
            </th>
            <td className="mono">{scalar(item.value)}</td>
          </tr>,
        );
      });
    } else {
      out.push(
        <tr key={key} className="meta-group">
          {head}
          <td className="faint">{value.length} items</td>
        </tr>,
      );
      value.forEach((item, index) => rows(`${key}.${index}`, `[${index + 1}]`, item, depth + 1, out));
    }
    return;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    out.push(
      <tr key={key} className="meta-group">
        {head}
        <td className="faint">{entries.length === 0 ? 'none' : ''}</td>
      </tr>,
    );
    for (const [child, childValue] of entries) rows(`${key}.${child}`, humanKey(child), childValue, depth + 1, out);
    return;
  }
  out.push(
    <tr key={key}>
      {head}
      <td className={value === null || value === undefined ? 'faint' : undefined}>{scalar(value)}</td>
    </tr>,
  );
}

/** The parser's metadata, readable: nested objects as indented sub-rows, Received hops as a table. */
export function MetadataTable({ metadata }: { readonly metadata: Readonly<Record<string, unknown>> }) {
  const out: ReactNode[] = [];
  for (const [key, value] of Object.entries(metadata)) rows(key, humanKey(key), value, 0, out);
  if (out.length === 0) return <p className="faint small">No metadata was extracted.</p>;
  return (
    <table className="meta-table">
      <tbody>{out}</tbody>
    </table>
  );
}
