// The pure link-analysis rules: ICD 203 words, STIX mapping, derived relationships with provenance,
// and capped co-occurrence suggestions.
import { describe, expect, it } from 'vitest';
import { confidenceWord, ENTITY_TYPES } from '../../../shared/graph.js';
import { INDICATOR_TYPES } from '../../../shared/indicator-types.js';
import {
  deriveRelationships,
  pairKey,
  suggestCoOccurrence,
  suggestionId,
  SUGGESTION_LIMIT,
  SUGGESTION_MAX_INDICATORS_PER_EXHIBIT,
  urlHost,
  type DerivationInput,
} from '../../../main/graph/derive.js';
import { indicatorEntityType, STIX_TYPES } from '../../../main/graph/stix.js';

describe('confidenceWord', () => {
  it('names every ICD 203 band at its edges', () => {
    expect([0, 4, 5, 19, 20, 44, 45, 55, 56, 79, 80, 94, 95, 100].map(confidenceWord)).toEqual([
      'almost no chance',
      'almost no chance',
      'very unlikely',
      'very unlikely',
      'unlikely',
      'unlikely',
      'roughly even chance',
      'roughly even chance',
      'likely',
      'likely',
      'very likely',
      'very likely',
      'almost certain',
      'almost certain',
    ]);
    expect(confidenceWord(-3)).toBe('almost no chance');
    expect(confidenceWord(250)).toBe('almost certain');
  });
});

describe('STIX mapping', () => {
  it('maps every entity type and every indicator type', () => {
    for (const t of ENTITY_TYPES) expect(STIX_TYPES[t]).toMatch(/^[a-z0-9-]+$/);
    for (const t of INDICATOR_TYPES) expect(ENTITY_TYPES).toContain(indicatorEntityType(t, 'x'));
    expect(STIX_TYPES[indicatorEntityType('email', 'a@b.example')]).toBe('email-addr');
    expect(STIX_TYPES[indicatorEntityType('cidr', '2001:db8::/32')]).toBe('ipv6-addr');
    expect(STIX_TYPES.exhibit).toBe('x-locard-exhibit');
  });
});

const base: DerivationInput = {
  indicators: [
    { id: 1, type: 'ipv4', value: '203.0.113.77', status: 'open' },
    { id: 2, type: 'email', value: 'info@mail.officialproudboys.example', status: 'open' },
    { id: 3, type: 'domain', value: 'mail.officialproudboys.example', status: 'open' },
    { id: 4, type: 'url', value: 'https://portal.example.org/login', status: 'open' },
    { id: 5, type: 'url', value: 'http://[2001:db8::1]/x', status: 'open' },
  ],
  enrichments: [
    { indicatorId: 1, kind: 'asn', value: 'AS64500', label: 'Worldstream', source: 'analyst CSV r.csv', sourceDate: 7 },
    { indicatorId: 1, kind: 'country', value: 'NL', label: '', source: 'analyst CSV r.csv', sourceDate: 7 },
    {
      indicatorId: 3,
      kind: 'registrable_domain',
      value: 'officialproudboys.example',
      label: '',
      source: 'tldts',
      sourceDate: 9,
    },
  ],
  occurrences: [
    { indicatorId: 1, exhibitNumber: 2, count: 3, kinds: ['ocr'] },
    { indicatorId: 2, exhibitNumber: 1, count: 2, kinds: ['header', 'body'] },
    { indicatorId: 3, exhibitNumber: 1, count: 2, kinds: ['header'] },
  ],
  exhibits: [
    { number: 1, parentNumber: null, derivation: '' },
    { number: 2, parentNumber: 1, derivation: 'attachment' },
    { number: 3, parentNumber: 2, derivation: 'video-frame' },
  ],
};

describe('deriveRelationships', () => {
  const { relationships, factEntities } = deriveRelationships(base);
  const find = (type: string, source: string, target: string) =>
    relationships.find((r) => r.type === type && r.source === source && r.target === target);

  it('links each indicator to the exhibits it occurs in, with the count and where', () => {
    expect(find('observed-in', 'ind:1', 'exh:2')).toMatchObject({
      origin: 'derived',
      confidence: 100,
      confidenceWord: 'almost certain',
      provenance: { rule: 'occurrence', occurrences: 3, locations: ['ocr'] },
      citedExhibits: ['E-0002'],
    });
  });

  it('takes an IP to its AS and the AS to its organisation, with the enrichment source and date', () => {
    expect(find('belongs-to', 'ind:1', 'fact:asn:AS64500')).toMatchObject({
      confidence: 85,
      confidenceWord: 'very likely',
      provenance: { rule: 'enrichment', source: 'analyst CSV r.csv', sourceDate: 7 },
    });
    expect(find('belongs-to', 'fact:asn:AS64500', 'fact:organisation:Worldstream')).toBeDefined();
    expect(factEntities.find((e) => e.id === 'fact:asn:AS64500')).toMatchObject({
      type: 'autonomous-system',
      stixType: 'autonomous-system',
      description: 'Worldstream',
    });
  });

  it('takes addresses, URLs and subdomains to their domains', () => {
    expect(find('belongs-to', 'ind:2', 'ind:3')).toMatchObject({ provenance: { rule: 'email-domain' } });
    expect(find('hosted-on', 'ind:4', 'fact:domain:portal.example.org')).toBeDefined();
    expect(find('belongs-to', 'ind:3', 'fact:domain:officialproudboys.example')).toMatchObject({
      provenance: { rule: 'registrable-domain', source: 'tldts' },
    });
    // An IP host with no indicator of its own makes no invented entity.
    expect(relationships.filter((r) => r.source === 'ind:5')).toEqual([]);
    expect(urlHost('http://[2001:db8::1]/x')).toBe('2001:db8::1');
    expect(urlHost('not a url')).toBe('');
  });

  it('takes attachments and saved frames to their parent exhibit', () => {
    expect(find('derived-from', 'exh:2', 'exh:1')).toMatchObject({ provenance: { derivation: 'attachment' } });
    expect(find('derived-from', 'exh:3', 'exh:2')).toMatchObject({ provenance: { derivation: 'video-frame' } });
  });
});

describe('suggestCoOccurrence', () => {
  it('suggests two open indicators sharing an exhibit unless related, decided or dismissed', () => {
    const input = {
      indicators: [
        { id: 1, type: 'ipv4' as const, value: '198.51.100.1', status: 'open' },
        { id: 2, type: 'domain' as const, value: 'a.example', status: 'open' },
        { id: 3, type: 'domain' as const, value: 'b.example', status: 'open' },
        { id: 4, type: 'domain' as const, value: 'c.example', status: 'benign' },
      ],
      occurrences: [1, 2, 3, 4].flatMap((id) => [
        { indicatorId: id, exhibitNumber: 1, count: 1, kinds: ['body'] },
        ...(id < 3 ? [{ indicatorId: id, exhibitNumber: 2, count: 1, kinds: ['body'] }] : []),
      ]),
    };
    const all = suggestCoOccurrence(input, new Set(), new Set());
    expect(all.map((s) => s.id)).toEqual(['s:ind:1|ind:2', 's:ind:1|ind:3', 's:ind:2|ind:3']);
    expect(all[0]).toMatchObject({
      origin: 'suggested',
      confidence: 60,
      provenance: { rule: 'co-occurrence', sharedExhibits: 2 },
      citedExhibits: ['E-0001', 'E-0002'],
    });
    const fewer = suggestCoOccurrence(input, new Set(['ind:1|ind:3']), new Set(['s:ind:2|ind:3']));
    expect(fewer.map((s) => s.id)).toEqual(['s:ind:1|ind:2']);
  });

  it('skips exhibits with too many indicators to mean anything', () => {
    const n = SUGGESTION_MAX_INDICATORS_PER_EXHIBIT + 1;
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    const input = {
      indicators: ids.map((id) => ({ id, type: 'ipv4' as const, value: `198.51.100.${String(id)}`, status: 'open' })),
      occurrences: ids.map((id) => ({ indicatorId: id, exhibitNumber: 1, count: 1, kinds: ['body'] })),
    };
    expect(suggestCoOccurrence(input, new Set(), new Set())).toEqual([]);
  });
});

describe('suggestCoOccurrence at scale', () => {
  /** The rule stated plainly: every pair, counted, filtered, strongest first then by ids, capped. */
  function reference(
    input: Parameters<typeof suggestCoOccurrence>[0],
    related: ReadonlySet<string>,
    decided: ReadonlySet<string>,
  ): string[] {
    const open = new Set(input.indicators.filter((i) => i.status === 'open').map((i) => i.id));
    const perExhibit = new Map<number, Set<number>>();
    for (const o of input.occurrences) {
      if (!open.has(o.indicatorId)) continue;
      perExhibit.set(o.exhibitNumber, (perExhibit.get(o.exhibitNumber) ?? new Set()).add(o.indicatorId));
    }
    const pairs = new Map<string, { a: number; b: number; n: number }>();
    for (const ids of perExhibit.values()) {
      if (ids.size > SUGGESTION_MAX_INDICATORS_PER_EXHIBIT) continue;
      const sorted = [...ids].sort((x, y) => x - y);
      for (let i = 0; i < sorted.length; i++) {
        for (let j = i + 1; j < sorted.length; j++) {
          const a = sorted[i] ?? 0;
          const b = sorted[j] ?? 0;
          const key = `${String(a)},${String(b)}`;
          const pair = pairs.get(key) ?? { a, b, n: 0 };
          pair.n += 1;
          pairs.set(key, pair);
        }
      }
    }
    return [...pairs.values()]
      .sort((x, y) => y.n - x.n || x.a - y.a || x.b - y.b)
      .map(({ a, b }) => ({ a: `ind:${String(a)}`, b: `ind:${String(b)}` }))
      .filter(({ a, b }) => !related.has(pairKey(a, b)) && !decided.has(suggestionId(a, b)))
      .slice(0, SUGGESTION_LIMIT)
      .map(({ a, b }) => suggestionId(a, b));
  }

  it('gives what the plain rule gives, on a random case with ties, skipped, related and decided pairs', () => {
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    const indicators = Array.from({ length: 600 }, (_, i) => ({
      id: 3 * i + 7,
      type: 'domain' as const,
      value: `d${String(i)}.example`,
      status: i % 17 === 0 ? 'benign' : 'open',
    }));
    const occurrences = Array.from({ length: 2400 }, () => ({
      indicatorId: indicators[next(indicators.length)]?.id ?? 7,
      exhibitNumber: 1 + next(120),
      count: 1,
      kinds: ['body'],
    }));
    const related = new Set(['ind:7|ind:10', 'ind:100|ind:13']);
    const decided = new Set(['s:ind:7|ind:13']);
    const got = suggestCoOccurrence({ indicators, occurrences }, related, decided).map((s) => s.id);
    expect(got).toHaveLength(SUGGESTION_LIMIT);
    expect(got).toEqual(reference({ indicators, occurrences }, related, decided));
  });

  it('answers for 20,000 indicators in two exhibits each (several hundred thousand pairs), strongest first', () => {
    const indicators = Array.from({ length: 20_000 }, (_, i) => ({
      id: i + 1,
      type: 'domain' as const,
      value: `d${String(i)}.example`,
      status: 'open',
    }));
    const occurrences = indicators.flatMap((indicator, i) => [
      { indicatorId: indicator.id, exhibitNumber: 1 + (i % 2000), count: 1, kinds: ['body'] },
      { indicatorId: indicator.id, exhibitNumber: 1 + ((7 * i + 3) % 2000), count: 1, kinds: ['body'] },
    ]);
    const got = suggestCoOccurrence({ indicators, occurrences }, new Set(), new Set());
    expect(got).toHaveLength(SUGGESTION_LIMIT);
    const strengths = got.map((s) => s.provenance.sharedExhibits ?? 0);
    expect(strengths).toEqual([...strengths].sort((x, y) => y - x));
    expect(strengths[0]).toBeGreaterThan(1);
  });
});
