// Overlapping analyst ranges: the narrowest claim wins, then the latest import; gaps stay empty.
import { describe, expect, it } from 'vitest';
import { buildRangeTable, type TableRange } from '../../../main/enrichment/index.js';

function range(start: number, end: number, order: number, data: string, family: 4 | 6 = 4): TableRange<string> {
  return { family, start: BigInt(start), end: BigInt(end), order, data };
}

describe('buildRangeTable', () => {
  it('prefers the most specific range inside a wider one, and the wider one around it', () => {
    const table = buildRangeTable([range(0, 255, 1, '/24'), range(64, 127, 2, '/26'), range(100, 100, 3, '/32')]);
    expect([0, 63, 64, 99, 100, 101, 127, 128, 255, 256].map((k) => table.lookup(4, BigInt(k)))).toEqual([
      '/24',
      '/24',
      '/26',
      '/26',
      '/32',
      '/26',
      '/26',
      '/24',
      '/24',
      undefined,
    ]);
  });

  it('lets the later import win between equally narrow ranges, whatever the input order', () => {
    const table = buildRangeTable([range(10, 19, 9, 'newer'), range(10, 19, 2, 'older')]);
    expect(table.lookup(4, 15n)).toBe('newer');
  });

  it('keeps families apart and leaves gaps empty', () => {
    const table = buildRangeTable([range(1, 5, 1, 'v4'), range(1, 5, 2, 'v6', 6), range(20, 30, 3, 'v4b')]);
    expect(table.lookup(4, 3n)).toBe('v4');
    expect(table.lookup(6, 3n)).toBe('v6');
    expect(table.lookup(4, 10n)).toBeUndefined();
    expect(table.lookup(4, 25n)).toBe('v4b');
    expect(table.lookup(6, 25n)).toBeUndefined();
  });

  it('handles partial overlaps and 128-bit keys', () => {
    const top = (1n << 128n) - 1n;
    const table = buildRangeTable([
      { family: 6, start: 0n, end: top, order: 1, data: 'all' },
      { family: 6, start: top - 10n, end: top, order: 2, data: 'tail' },
      range(0, 100, 3, 'a'),
      range(50, 150, 4, 'b'),
    ]);
    expect(table.lookup(6, top)).toBe('tail');
    expect(table.lookup(6, 5n)).toBe('all');
    expect(table.lookup(4, 40n)).toBe('a');
    expect(table.lookup(4, 75n)).toBe('b'); // same width (101): the later import
    expect(table.lookup(4, 120n)).toBe('b');
  });

  it('answers quickly for many ranges', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => range(i * 256, i * 256 + 255, i, `r${String(i)}`));
    many.push(range(0, 50_000 * 256, 50_001, 'everything'));
    const table = buildRangeTable(many);
    expect(table.lookup(4, BigInt(4242 * 256 + 7))).toBe('r4242');
    expect(table.lookup(4, BigInt(50_000 * 256))).toBe('everything');
  });
});
