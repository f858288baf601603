/** Hex dump rows: offset, sixteen bytes in hex, and the printable ASCII beside them. */

/** Sixteen bytes a row, or eight in a narrow pane. */
export const BYTES_PER_ROW = 16;

export interface HexRow {
  /** The row's offset in the exhibit. */
  readonly offset: number;
  /** Two lower-case hex digits per byte (fewer on the last row). */
  readonly hex: readonly string[];
  /** Printable ASCII as itself, everything else as "·". */
  readonly ascii: string;
}

export function hexRows(bytes: Uint8Array, baseOffset: number, perRow = BYTES_PER_ROW): HexRow[] {
  const rows: HexRow[] = [];
  for (let at = 0; at < bytes.length; at += perRow) {
    const slice = bytes.subarray(at, at + perRow);
    rows.push({
      offset: baseOffset + at,
      hex: Array.from(slice, (byte) => byte.toString(16).padStart(2, '0')),
      ascii: Array.from(slice, (byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '·')).join(''),
    });
  }
  return rows;
}

/** Offsets as eight (or more) hex digits. */
export function formatOffset(offset: number): string {
  return offset.toString(16).padStart(8, '0');
}

/**
 * An offset typed by the analyst: "0x1f", "1f h", "1fh" or "$1f" are hex, plain digits are decimal.
 * `undefined` when it is neither.
 */
export function parseOffset(input: string): number | undefined {
  const text = input.trim().toLowerCase().replace(/[\s_]/g, '');
  const hex = /^(?:0x|\$)([0-9a-f]+)$/.exec(text) ?? /^([0-9a-f]+)h$/.exec(text);
  const value = hex?.[1] !== undefined ? parseInt(hex[1], 16) : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

export function base64Bytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A row's hex column: bytes separated by spaces, with a wider gap after every eighth. */
export function hexColumn(hex: readonly string[]): string {
  const groups: string[] = [];
  for (let at = 0; at < hex.length; at += 8) groups.push(hex.slice(at, at + 8).join(' '));
  return groups.join('  ');
}
