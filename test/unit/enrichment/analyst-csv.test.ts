// The analyst's enrichment CSV: the forms a prefix may take, and refusals that name every bad line.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeLineErrors, parseEnrichmentCsv } from '../../../main/enrichment/index.js';

const FIXTURE = new URL('../../fixtures/enrichment/documentation-ranges.csv', import.meta.url);

function ranges(text: string) {
  const parsed = parseEnrichmentCsv(text);
  if (!parsed.ok) throw new Error(describeLineErrors(parsed.errors));
  return parsed.ranges;
}

function errors(text: string) {
  const parsed = parseEnrichmentCsv(text);
  if (parsed.ok) throw new Error('expected a refusal');
  return parsed.errors;
}

describe('parseEnrichmentCsv', () => {
  it('reads the documentation-ranges fixture: 203.0.113.0/24 → AS64500 Worldstream NL', () => {
    const [range, ...rest] = ranges(readFileSync(FIXTURE, 'utf8'));
    expect(rest).toEqual([]);
    expect(range).toMatchObject({
      line: 3,
      prefix: '203.0.113.0/24',
      family: 4,
      start: 0xcb007100n,
      end: 0xcb0071ffn,
      asn: 64500,
      organisation: 'Worldstream',
      country: 'NL',
    });
  });

  it('takes CIDR, single addresses, start-end ranges, IPv6, AS spellings and quoted names', () => {
    const list = ranges(
      [
        '\uFEFFPrefix,ASN,Organization,Country',
        '198.51.100.0 - 198.51.100.127,64501,"Example Hosting, Inc.",us',
        '192.0.2.7,ASN 64502,"Say ""hello"" Ltd",',
        '2001:db8::/32,as64503,,DE',
        '203.0.113.77/24,,Worldstream,',
        '',
        '# a comment line',
      ].join('\r\n'),
    );
    expect(list.map((r) => [r.line, r.family, r.start, r.end, r.asn, r.organisation, r.country])).toEqual([
      [2, 4, 0xc6336400n, 0xc633647fn, 64501, 'Example Hosting, Inc.', 'US'],
      [3, 4, 0xc0000207n, 0xc0000207n, 64502, 'Say "hello" Ltd', ''],
      [4, 6, 0x20010db8n << 96n, (0x20010db8n << 96n) | ((1n << 96n) - 1n), 64503, '', 'DE'],
      // Host bits are cleared: the analyst means the network 203.0.113.77 is in.
      [5, 4, 0xcb007100n, 0xcb0071ffn, null, 'Worldstream', ''],
    ]);
  });

  it('accepts columns in any order and ignores columns it does not know', () => {
    const [range] = ranges('country,notes,prefix,asn\nNL,seen in the PuTTY title,203.0.113.0/24,64500\n');
    expect(range).toMatchObject({ country: 'NL', asn: 64500, organisation: '' });
  });

  it('refuses the whole file, naming each bad line and why', () => {
    const found = errors(
      [
        'prefix,asn,organisation,country',
        '203.0.113.0/24,AS64500,Worldstream,NL',
        '203.0.113.0/33,AS64500,Worldstream,NL',
        '10.0.0.9-10.0.0.1,1,a,',
        '999.1.1.1,1,a,',
        '192.0.2.0/24,AS-X,a,',
        '192.0.2.0/24,1,a,Netherlands',
        '192.0.2.0/24,1,Example, Inc.,NL',
        '192.0.2.0/24,,,',
        '192.0.2.0/24,1,"unterminated,NL',
        '192.0.2.1-2001:db8::1,1,a,',
      ].join('\n'),
    );
    expect(found.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const message = describeLineErrors(found);
    expect(message).toContain('line 3: "203.0.113.0/33": the prefix length must be 0 to 32');
    expect(message).toContain('line 4: "10.0.0.9-10.0.0.1" ends before it starts');
    expect(message).toContain('line 5: "999.1.1.1" is not a CIDR prefix');
    expect(message).toContain('line 6: "AS-X" is not an AS number');
    expect(message).toContain('line 7: "Netherlands" is not a two-letter country code');
    expect(message).toContain('line 8: 5 fields, but the header has 4');
    expect(message).toContain('line 9: the line gives no AS number, organisation or country');
    expect(message).toContain('line 10: a quoted field is not closed');
    expect(message).toContain('line 11: "192.0.2.1-2001:db8::1" mixes IPv4 and IPv6');
  });

  it('requires the header, and ranges after it', () => {
    expect(errors('203.0.113.0/24,AS64500,Worldstream,NL\n')[0]?.message).toMatch(/first line must be the header/);
    expect(errors('')[0]?.message).toBe('the file is empty');
    expect(errors('prefix,asn\n\n')[0]?.message).toBe('no ranges after the header');
    expect(errors('asn,country\n1,NL\n')[0]).toMatchObject({ line: 1 });
  });

  it('names at most 20 lines and counts the rest', () => {
    const bad = Array.from({ length: 25 }, () => 'nonsense,1,a,NL');
    const message = describeLineErrors(errors(['prefix,asn,organisation,country', ...bad].join('\n')));
    expect(message).toContain('line 21:');
    expect(message).not.toContain('line 22:');
    expect(message).toMatch(/and 5 more bad line\(s\)$/);
  });
});

describe('newer @ip-location-db data', () => {
  // The first lines of the shipped files stand in for a newer release of the same data.
  const head = (path: string, lines: number) =>
    readFileSync(new URL(`../../../node_modules/@ip-location-db/${path}`, import.meta.url), 'utf8')
      .split('\n')
      .slice(0, lines)
      .join('\n');

  it('reads the headerless asn layout: start, end, AS number, organisation', () => {
    const parsed = ranges(head('asn/asn-ipv4.csv', 50));
    expect(parsed).toHaveLength(50);
    expect(parsed[0]).toMatchObject({
      prefix: '1.0.0.0-1.0.0.255',
      asn: 13335,
      organisation: 'Cloudflare, Inc.',
      line: 1,
    });
    expect(ranges(head('asn/asn-ipv6.csv', 20))).toHaveLength(20);
  });

  it('reads the headerless asn-country layout: start, end, country', () => {
    const parsed = ranges(head('asn-country/asn-country-ipv4.csv', 30));
    expect(parsed).toHaveLength(30);
    expect(parsed[0]).toMatchObject({ asn: null, organisation: '', country: 'AU' });
  });

  it('still names a bad line in such a file', () => {
    const text = `${head('asn/asn-ipv4.csv', 3)}\n1.2.3.4,not-an-ip,64500,Bad`;
    expect(errors(text).map((e) => e.line)).toEqual([4]);
  });
});
