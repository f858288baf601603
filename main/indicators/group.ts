/** Occurrences keyed by canonical value: the indicator list an analyst reviews. */
import type { Extraction, Indicator, IndicatorFlag, IndicatorOccurrence } from '../../shared/indicator-types.js';

/**
 * The key an occurrence is grouped under. Values are already canonical; social handles are compared
 * case-insensitively (every supported platform treats them so) but keep the case first seen.
 */
export function indicatorKey(e: Pick<Extraction, 'type' | 'value' | 'platform'>): string {
  const value = e.type === 'social_handle' ? e.value.toLowerCase() : e.value;
  return `${e.type}\u0000${e.platform ?? ''}\u0000${value}`;
}

/** Groups occurrences into indicators, in order of first occurrence. */
export function groupIndicators(extractions: Iterable<Extraction>): Indicator[] {
  const groups = new Map<
    string,
    { first: Extraction; flags: Set<IndicatorFlag>; occurrences: IndicatorOccurrence[] }
  >();
  for (const e of extractions) {
    const key = indicatorKey(e);
    let g = groups.get(key);
    if (!g) {
      g = { first: e, flags: new Set(), occurrences: [] };
      groups.set(key, g);
    }
    for (const f of e.flags) g.flags.add(f);
    g.occurrences.push({ start: e.start, end: e.end, surface: e.surface, flags: e.flags });
  }
  return [...groups.values()].map(({ first, flags, occurrences }) => ({
    type: first.type,
    value: first.value,
    ...(first.platform === undefined ? {} : { platform: first.platform }),
    flags: [...flags],
    occurrences,
  }));
}
