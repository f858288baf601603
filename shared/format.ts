/** Formatting both the CLI and exported documents use, so a size reads the same in each. */

/** A byte count in binary units with one decimal ("1.4 MiB"); below 1 KiB, whole bytes ("512 B"). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${String(bytes)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit] ?? 'TiB'}`;
}
