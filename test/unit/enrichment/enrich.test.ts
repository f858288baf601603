// Offline enrichment: the shipped ip-location-db data (real rows), analyst facts winning over it
// fact by fact, ASN organisations and registrable domains, each fact with its source and date.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  enrichIndicator,
  ipKey,
  NO_ANALYST_FACTS,
  shippedAsnOrganisation,
  shippedIpFacts,
  versionDate,
  type AnalystFact,
  type AnalystFacts,
} from '../../../main/enrichment/index.js';

const require = createRequire(import.meta.url);
const asnVersion = (
  JSON.parse(readFileSync(require.resolve('@ip-location-db/asn/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const ASN_SOURCE = `@ip-location-db/asn ${asnVersion}`;
const COUNTRY_SOURCE = `@ip-location-db/asn-country ${asnVersion}`;

function key(address: string) {
  const k = ipKey(address);
  if (!k) throw new Error(`not an address: ${address}`);
  return k;
}

const worldstream: AnalystFact = {
  asn: 64500,
  organisation: 'Worldstream',
  country: 'NL',
  source: 'analyst CSV documentation-ranges.csv',
  importedAt: 1_700_000_000_000,
};

describe('shipped IP data', () => {
  it('finds the autonomous system and country of public IPv4 and IPv6 addresses', () => {
    const v4 = key('1.1.1.1');
    expect(shippedIpFacts(v4.family, v4.key)).toEqual({
      asn: { number: 13335, organisation: 'Cloudflare, Inc.', source: ASN_SOURCE, sourceDate: versionDate(asnVersion) },
      country: { code: 'AU', source: COUNTRY_SOURCE, sourceDate: versionDate(asnVersion) },
    });
    const v6 = key('2606:4700:4700::1111');
    expect(shippedIpFacts(v6.family, v6.key).asn).toMatchObject({ number: 13335, organisation: 'Cloudflare, Inc.' });
    const range = key('1.0.0.255'); // the inclusive end of the first row
    expect(shippedIpFacts(range.family, range.key).asn?.number).toBe(13335);
  });

  it('knows nothing about documentation, private and unallocated space', () => {
    for (const address of ['203.0.113.77', '10.1.2.3', '2001:db8:1f70::2c', '0.0.0.1']) {
      const k = key(address);
      expect(shippedIpFacts(k.family, k.key), address).toEqual({});
    }
  });

  it('names the organisation of an AS number, and dates the data by its version stamp', () => {
    expect(shippedAsnOrganisation(13335)).toMatchObject({ organisation: 'Cloudflare, Inc.', source: ASN_SOURCE });
    expect(shippedAsnOrganisation(64500)).toBeUndefined();
    expect(versionDate('2.3.2026061719')).toBe(Date.UTC(2026, 5, 17, 19));
    expect(versionDate('1.0.0')).toBeUndefined();
  });
});

describe('enrichIndicator', () => {
  const analyst: AnalystFacts = {
    forAddress: (family, k) => (family === 4 && k >= 0xcb007100n && k <= 0xcb0071ffn ? worldstream : undefined),
    forAsn: (asn) => (asn === 64500 ? worldstream : undefined),
  };

  it('enriches 203.0.113.77 from the analyst CSV, where the shipped data has nothing', () => {
    expect(enrichIndicator('ipv4', '203.0.113.77', NO_ANALYST_FACTS, 0)).toEqual([]);
    expect(enrichIndicator('ipv4', '203.0.113.77', analyst, 0)).toEqual([
      {
        kind: 'asn',
        value: 'AS64500',
        label: 'Worldstream',
        source: worldstream.source,
        sourceDate: worldstream.importedAt,
      },
      { kind: 'country', value: 'NL', source: worldstream.source, sourceDate: worldstream.importedAt },
    ]);
    // A CIDR indicator is enriched by its network address.
    expect(enrichIndicator('cidr', '203.0.113.0/24', analyst, 0)[0]).toMatchObject({ value: 'AS64500' });
  });

  it('prefers the analyst fact by fact: a line without a country leaves the shipped country', () => {
    const noCountry: AnalystFacts = {
      forAddress: () => ({ ...worldstream, country: '' }),
      forAsn: () => undefined,
    };
    const facts = enrichIndicator('ipv4', '1.1.1.1', noCountry, 0);
    expect(facts.map((f) => [f.kind, f.value, f.source])).toEqual([
      ['asn', 'AS64500', worldstream.source],
      ['country', 'AU', COUNTRY_SOURCE],
    ]);
  });

  it('gives ASN indicators their organisation (analyst first, then the shipped data)', () => {
    expect(enrichIndicator('asn', 'AS64500', analyst, 0).map((f) => [f.kind, f.value])).toEqual([
      ['organisation', 'Worldstream'],
      ['country', 'NL'],
    ]);
    expect(enrichIndicator('asn', 'AS13335', NO_ANALYST_FACTS, 0)).toEqual([
      { kind: 'organisation', value: 'Cloudflare, Inc.', source: ASN_SOURCE, sourceDate: versionDate(asnVersion) },
    ]);
  });

  it('splits domains into registrable domain and public suffix', () => {
    const facts = enrichIndicator('domain', 'mx1.mail.example.co.uk', NO_ANALYST_FACTS, 42);
    expect(facts.map((f) => [f.kind, f.value, f.sourceDate])).toEqual([
      ['registrable_domain', 'example.co.uk', 42],
      ['suffix', 'co.uk', 42],
    ]);
    expect(facts[0]?.source).toMatch(/^tldts \d+\.\d+\.\d+ \(public suffix list\)$/);
    expect(enrichIndicator('domain', '203-0-113-77.static.worldstream.example', NO_ANALYST_FACTS, 0)[0]?.value).toBe(
      'worldstream.example',
    );
    expect(enrichIndicator('md5', '71b9599ad4b784fb74c3a4e49a72c823', analyst, 0)).toEqual([]);
  });
});
