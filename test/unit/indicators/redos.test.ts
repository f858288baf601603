// Hostile-input sanity: inputs built to make backtracking patterns blow up must still be scanned in
// linear time. Timing belongs in the benchmark; here the default test timeout is the bound, and each
// input is large enough (≥ 1 MB) that quadratic or exponential behaviour would blow far past it.
import { describe, expect, it } from 'vitest';
import { extractIndicators } from '../../../main/indicators/index.js';

const MB = 1 << 20;
function fill(unit: string, size = MB): string {
  return unit.repeat(Math.ceil(size / unit.length));
}

const PATHOLOGICAL: readonly (readonly [string, string])[] = [
  ['one long word', fill('a')],
  ['one long hex run', fill('0123456789abcdef')],
  ['dots without labels', fill('.')],
  ['labels without end', fill('a.')],
  ['defanged dots', fill('a[.]')],
  ['spaced defanged dots', fill('a [ . ] ')],
  ['unclosed brackets', fill('a[')],
  ['at-signs', fill('a@')],
  ['e-mail local parts without domain', fill('a.b+c-')],
  ['colons', fill(':')],
  ['hex groups', fill('ab:')],
  ['slashes', fill('/')],
  ['path segments', fill('/a')],
  ['backslashes', fill('\\')],
  ['drive then spaced words', `C:\\${fill('ab ')}`],
  ['drive segments', fill('C:\\a b\\')],
  ['schemes', fill('http://')],
  ['URL with brackets', `http://a${fill('[b')}`],
  ['defanged schemes', fill('hxxp[:]//a[.]')],
  ['handles', fill('@a.')],
  ['digits and dots', fill('1.2.')],
  ['base58', fill('1A1zP1eP5QGefi2DMPTfTL5SMv7DivfNa')],
  ['alternating separators', fill('a.@-')],
];

describe('pathological input', () => {
  it.each(PATHOLOGICAL)('terminates on %s', (_name, text) => {
    const found = extractIndicators(text);
    for (const e of found.slice(0, 1000)) expect(text.slice(e.start, e.end)).toBe(e.surface);
  });
});
