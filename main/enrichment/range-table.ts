/**
 * Analyst ranges may nest or overlap (a /16 from one report, a /24 inside it from another). Before
 * lookups they are flattened once into disjoint segments, each carrying the range that wins there:
 * the narrowest one (the most specific claim), and among equally narrow ones the latest imported.
 * A lookup is then one binary search, however the ranges overlap; flattening is O(n log n).
 */
import type { IpFamily } from './keys.js';

export interface TableRange<T> {
  readonly family: IpFamily;
  readonly start: bigint;
  readonly end: bigint;
  /** Later imports win ties; any increasing number (the row id) will do. */
  readonly order: number;
  readonly data: T;
}

interface Segment<T> {
  start: bigint;
  end: bigint;
  winner: TableRange<T>;
}

export interface RangeTable<T> {
  lookup(family: IpFamily, key: bigint): T | undefined;
  readonly size: number;
}

/** Min-heap on (width, -order): the top is the narrowest, latest range. */
class WinnerHeap<T> {
  private readonly items: TableRange<T>[] = [];

  private before(a: TableRange<T>, b: TableRange<T>): boolean {
    const wa = a.end - a.start;
    const wb = b.end - b.start;
    return wa < wb || (wa === wb && a.order > b.order);
  }

  push(item: TableRange<T>): void {
    const items = this.items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = items[parentIndex];
      if (!parent || !this.before(item, parent)) break;
      items[i] = parent;
      i = parentIndex;
    }
    items[i] = item;
  }

  top(): TableRange<T> | undefined {
    return this.items[0];
  }

  pop(): void {
    const items = this.items;
    const last = items.pop();
    if (last === undefined || items.length === 0) return;
    let i = 0;
    for (;;) {
      let best = last;
      let bestIndex = -1;
      const left = items[2 * i + 1];
      if (left && this.before(left, best)) {
        best = left;
        bestIndex = 2 * i + 1;
      }
      const right = items[2 * i + 2];
      if (right && this.before(right, best)) {
        best = right;
        bestIndex = 2 * i + 2;
      }
      if (bestIndex < 0) break;
      items[i] = best;
      i = bestIndex;
    }
    items[i] = last;
  }
}

function flatten<T>(ranges: readonly TableRange<T>[]): Segment<T>[] {
  const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const boundaries = [...new Set(sorted.flatMap((r) => [r.start, r.end + 1n]))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const heap = new WinnerHeap<T>();
  const segments: Segment<T>[] = [];
  let next = 0;
  for (const [k, boundary] of boundaries.entries()) {
    for (let r = sorted[next]; r?.start === boundary; r = sorted[++next]) heap.push(r);
    for (let top = heap.top(); top && top.end < boundary; top = heap.top()) heap.pop();
    const winner = heap.top();
    const following = boundaries[k + 1];
    if (!winner || following === undefined) continue;
    const last = segments[segments.length - 1];
    if (last?.winner === winner && last.end + 1n === boundary) last.end = following - 1n;
    else segments.push({ start: boundary, end: following - 1n, winner });
  }
  return segments;
}

export function buildRangeTable<T>(ranges: readonly TableRange<T>[]): RangeTable<T> {
  const byFamily = {
    4: flatten(ranges.filter((r) => r.family === 4)),
    6: flatten(ranges.filter((r) => r.family === 6)),
  };
  return {
    size: ranges.length,
    lookup(family, key) {
      const segments = byFamily[family];
      let lo = 0;
      let hi = segments.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const s = segments[mid];
        if (!s) break;
        if (key < s.start) hi = mid - 1;
        else if (key > s.end) lo = mid + 1;
        else return s.winner.data;
      }
      return undefined;
    },
  };
}
