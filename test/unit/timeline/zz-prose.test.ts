import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { proseDates } from '../../../main/timeline/prose.js';
it('p', () => {
  const rows = JSON.parse(readFileSync('/tmp/h9/dump.json', 'utf8')) as { number: number; text: string | null }[];
  for (const n of [12, 13, 14, 21, 6]) {
    const r = rows.find((x) => x.number === n);
    console.log('=====', n);
    for (const f of proseDates(r?.text ?? '', new Date('2020-10-20T00:00:00Z'))) console.log(f.start, f.precision, f.sourceZone, '|', f.sourceText, '|', f.note);
  }
});
