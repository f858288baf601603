/**
 * The briefing's figures as SVG (pure strings): the timeline (events in the chosen range, one row per
 * lane, milestones as dashed lines across) and the infrastructure graph (a saved view's positions, or
 * the standard briefing's own layout). The HTML embeds them inline; DOCX gets them rasterised to PNG
 * by the print engine. Every text is escaped; names keep their own direction (bidi "plaintext").
 */
import type { EntityType } from '../../shared/graph.js';
import { FONT_STACK } from './fonts.js';
import type { GraphFigureData, TimelineFigureData } from './model.js';

export interface Svg {
  readonly svg: string;
  /** The size it is drawn at, in CSS pixels (the viewBox). */
  readonly width: number;
  readonly height: number;
}

export function escapeXml(text: string): string {
  return (
    text
      .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
      // eslint-disable-next-line no-control-regex -- control characters are not allowed in XML; they are dropped
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
  );
}

/** At most `max` characters (whole code points), with an ellipsis. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const INK = '#1d2733';
const MUTED = '#5b6673';
const GRID = '#d5dbe2';
const ACCENT = '#1f5fa8';
const MILESTONE = '#b3261e';

// ---------------------------------------------------------------------------------------------------
// Timeline

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
interface TickStep {
  readonly ms: number;
  readonly months?: number;
}
const STEPS: readonly TickStep[] = [
  { ms: MINUTE },
  { ms: 5 * MINUTE },
  { ms: 15 * MINUTE },
  { ms: 30 * MINUTE },
  { ms: HOUR },
  { ms: 3 * HOUR },
  { ms: 6 * HOUR },
  { ms: 12 * HOUR },
  { ms: DAY },
  { ms: 2 * DAY },
  { ms: 7 * DAY },
  { ms: 14 * DAY },
  { ms: 30 * DAY, months: 1 },
  { ms: 91 * DAY, months: 3 },
  { ms: 182 * DAY, months: 6 },
  { ms: 365 * DAY, months: 12 },
  { ms: 730 * DAY, months: 24 },
  { ms: 1826 * DAY, months: 60 },
  { ms: 3652 * DAY, months: 120 },
];

/** Tick instants and labels for [from, to]: at most about `maxTicks`, on round UTC boundaries. */
export function timeTicks(from: number, to: number, maxTicks = 8): { at: number; label: string }[] {
  const span = Math.max(1, to - from);
  const step = STEPS.find((s) => span / s.ms <= maxTicks) ?? STEPS[STEPS.length - 1] ?? { ms: DAY };
  const ticks: { at: number; label: string }[] = [];
  if (step.months) {
    const start = new Date(from);
    let year = start.getUTCFullYear();
    let month = start.getUTCMonth();
    month = Math.ceil(month / step.months) * step.months;
    if (step.months >= 12) {
      const years = step.months / 12;
      year = Math.ceil((year + (start.getUTCMonth() > 0 || start.getUTCDate() > 1 ? 1 : 0)) / years) * years;
      month = 0;
    }
    for (let at = Date.UTC(year, month, 1); at <= to && ticks.length < 50;) {
      if (at >= from) {
        const d = new Date(at);
        ticks.push({
          at,
          label:
            step.months >= 12
              ? String(d.getUTCFullYear())
              : `${String(d.getUTCFullYear())}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`,
        });
      }
      month += step.months;
      at = Date.UTC(year, month, 1);
    }
    return ticks;
  }
  const first = Math.ceil(from / step.ms) * step.ms;
  for (let at = first; at <= to && ticks.length < 50; at += step.ms) {
    const iso = new Date(at).toISOString();
    const label =
      step.ms >= DAY
        ? iso.slice(0, 10)
        : at === first || iso.slice(11, 16) === '00:00'
          ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}`
          : iso.slice(11, 16);
    ticks.push({ at, label });
  }
  return ticks;
}

const MILESTONE_NAMES: Readonly<Record<string, string>> = {
  'first-release': 'First release',
  'public-attribution': 'Public attribution',
};

/** The timeline figure: lanes as rows, numbered markers (the table under the figure lists them). */
export function timelineSvg(figure: TimelineFigureData): Svg {
  const width = 1000;
  const labelWidth = 170;
  const right = 24;
  // Room above the lanes for milestone names, when there are milestones to name.
  const top = figure.events.some((e) => e.milestones.length > 0) ? 44 : 12;
  const bottom = 34;
  const markerRadius = 9;
  const rowGap = 21;
  let from = figure.from;
  let to = figure.to;
  if (to - from < MINUTE) {
    from -= HOUR;
    to += HOUR;
  }
  const pad = (to - from) * 0.04;
  from -= pad;
  to += pad;
  const plotWidth = width - labelWidth - right;
  const xOf = (ms: number) => labelWidth + ((ms - from) / (to - from)) * plotWidth;

  // Markers in one lane that would overlap go to the next row within the lane (at most 8 rows).
  const rowsByLane = new Map<string, number>();
  const placed = figure.events.map((event) => {
    const x = xOf(event.startMs);
    const x2 = event.endMs === null ? x : Math.max(x, xOf(event.endMs));
    return { event, x, x2, row: 0 };
  });
  for (const lane of figure.lanes) {
    const rowEnds: number[] = [];
    for (const p of placed.filter((q) => q.event.lane === lane)) {
      let row = rowEnds.findIndex((end) => p.x - end >= markerRadius * 2 + 3);
      if (row === -1) row = rowEnds.length < 8 ? rowEnds.length : rowEnds.indexOf(Math.min(...rowEnds));
      rowEnds[row] = p.x2;
      p.row = row;
    }
    rowsByLane.set(lane, Math.max(1, rowEnds.length));
  }
  const laneTop = new Map<string, number>();
  let y = top;
  for (const lane of figure.lanes) {
    laneTop.set(lane, y);
    y += 14 + (rowsByLane.get(lane) ?? 1) * rowGap;
  }
  const plotBottom = y;
  const height = plotBottom + bottom;

  const parts: string[] = [];
  figure.lanes.forEach((lane, i) => {
    const ly = laneTop.get(lane) ?? top;
    const lh = 14 + (rowsByLane.get(lane) ?? 1) * rowGap;
    if (i % 2 === 0) parts.push(`<rect x="0" y="${f(ly)}" width="${String(width)}" height="${f(lh)}" fill="#f2f5f8"/>`);
    parts.push(
      `<text x="${String(labelWidth - 10)}" y="${f(ly + lh / 2 + 4)}" text-anchor="end" font-size="12" fill="${INK}" style="unicode-bidi:plaintext">${escapeXml(shorten(lane || 'No lane', 26))}</text>`,
    );
  });
  parts.push(
    `<line x1="${String(labelWidth)}" y1="${f(plotBottom)}" x2="${String(width - right)}" y2="${f(plotBottom)}" stroke="${MUTED}" stroke-width="1"/>`,
  );
  for (const tick of timeTicks(from, to)) {
    const x = xOf(tick.at);
    parts.push(
      `<line x1="${f(x)}" y1="${String(top)}" x2="${f(x)}" y2="${f(plotBottom + 4)}" stroke="${GRID}" stroke-width="1"/>`,
      `<text x="${f(x)}" y="${f(plotBottom + 18)}" text-anchor="middle" font-size="11" fill="${MUTED}">${escapeXml(tick.label)}</text>`,
    );
  }
  // Milestones: a dashed line across every lane, named above the plot.
  const milestoneLabels: { x: number; text: string }[] = [];
  for (const p of placed) {
    for (const m of p.event.milestones) {
      parts.push(
        `<line x1="${f(p.x)}" y1="${String(top - 8)}" x2="${f(p.x)}" y2="${f(plotBottom)}" stroke="${MILESTONE}" stroke-width="1.5" stroke-dasharray="5 3"/>`,
      );
      milestoneLabels.push({ x: p.x, text: MILESTONE_NAMES[m] ?? m });
    }
  }
  milestoneLabels.sort((a, b) => a.x - b.x);
  let lastEnd = -Infinity;
  let level = 0;
  for (const label of milestoneLabels) {
    const w = label.text.length * 6.4;
    const anchorStart = label.x + w + 4 < width;
    const start = anchorStart ? label.x + 4 : label.x - 4 - w;
    level = start < lastEnd ? (level + 1) % 2 : 0;
    lastEnd = start + w;
    parts.push(
      `<text x="${f(anchorStart ? label.x + 4 : label.x - 4)}" y="${String(top - 22 + level * 12)}" text-anchor="${anchorStart ? 'start' : 'end'}" font-size="11" font-weight="700" fill="${MILESTONE}">${escapeXml(label.text)}</text>`,
    );
  }
  for (const p of placed) {
    const ly = laneTop.get(p.event.lane) ?? top;
    const cy = ly + 7 + p.row * rowGap + rowGap / 2;
    const colour = p.event.milestones.length > 0 ? MILESTONE : ACCENT;
    if (p.x2 - p.x > markerRadius) {
      parts.push(
        `<rect x="${f(p.x)}" y="${f(cy - 4)}" width="${f(p.x2 - p.x)}" height="8" rx="4" fill="${colour}" fill-opacity="0.35"/>`,
      );
    }
    parts.push(
      `<circle cx="${f(p.x)}" cy="${f(cy)}" r="${String(markerRadius)}" fill="${colour}" stroke="#ffffff" stroke-width="1.5"/>`,
      `<text x="${f(p.x)}" y="${f(cy + 3.5)}" text-anchor="middle" font-size="${p.event.n > 99 ? '8' : '10'}" font-weight="700" fill="#ffffff">${String(p.event.n)}</text>`,
    );
  }
  return wrap(width, height, parts, 'Timeline of the events in the chosen range');
}

// ---------------------------------------------------------------------------------------------------
// Infrastructure graph

const TYPE_COLOURS: Partial<Record<EntityType, string>> = {
  'threat-actor': '#b3261e',
  'intrusion-set': '#c2410c',
  campaign: '#a16207',
  person: '#7e22ce',
  persona: '#9d4edd',
  organisation: '#6d28d9',
  infrastructure: '#0f766e',
  'autonomous-system': '#047857',
  ipv4: '#1f5fa8',
  ipv6: '#1f5fa8',
  domain: '#0369a1',
  url: '#0e7490',
  email: '#be185d',
  file: '#475569',
  path: '#475569',
  malware: '#991b1b',
  tool: '#92400e',
  vulnerability: '#b45309',
  'attack-pattern': '#9a3412',
  wallet: '#4d7c0f',
  location: '#15803d',
  exhibit: '#334155',
  event: '#334155',
};

export function typeColour(type: EntityType): string {
  return TYPE_COLOURS[type] ?? '#475569';
}

/** The infrastructure figure: the positions scaled into the page, arrows source → target, a legend. */
export function graphSvg(figure: GraphFigureData): Svg {
  const width = 1000;
  const margin = { left: 110, right: 110, top: 30, bottom: 40 };
  const types = [...new Set(figure.nodes.map((n) => n.type))].sort();
  const legendRows = Math.ceil(types.length / 6);
  const xs = figure.nodes.map((n) => n.x);
  const ys = figure.nodes.map((n) => n.y);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const plotWidth = width - margin.left - margin.right;
  // A4 holds a figure about 1.4 times as tall as it is wide; leave room for the caption.
  const maxPlotHeight = 1150;
  const fit = Math.min(
    maxX > minX ? plotWidth / (maxX - minX) : Infinity,
    maxY > minY ? maxPlotHeight / (maxY - minY) : Infinity,
    // A small graph is not blown up to fill the page.
    2.5,
  );
  const s = Number.isFinite(fit) ? fit : 1;
  const plotHeight = Math.max(120, (maxY - minY) * s);
  const height = margin.top + plotHeight + margin.bottom + legendRows * 20;
  const offsetX = margin.left + (plotWidth - (maxX - minX) * s) / 2;
  const offsetY = margin.top + (plotHeight - (maxY - minY) * s) / 2;
  const at = new Map(figure.nodes.map((n) => [n.id, { x: offsetX + (n.x - minX) * s, y: offsetY + (n.y - minY) * s }]));
  const radius = figure.nodes.length > 25 ? 7 : 9;
  const parts: string[] = [
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${MUTED}"/></marker></defs>`,
  ];
  const labelEdges = figure.edges.length <= 40;
  for (const edge of figure.edges) {
    const a = at.get(edge.source);
    const b = at.get(edge.target);
    if (!a || !b) continue;
    const d = Math.max(0.01, Math.hypot(b.x - a.x, b.y - a.y));
    const ux = (b.x - a.x) / d;
    const uy = (b.y - a.y) / d;
    const x1 = a.x + ux * radius;
    const y1 = a.y + uy * radius;
    const x2 = b.x - ux * (radius + 2);
    const y2 = b.y - uy * (radius + 2);
    const dashed = edge.confidence < 56 ? ' stroke-dasharray="4 3"' : '';
    parts.push(
      `<line x1="${f(x1)}" y1="${f(y1)}" x2="${f(x2)}" y2="${f(y2)}" stroke="${MUTED}" stroke-width="1.2"${dashed} marker-end="url(#arrow)"/>`,
    );
    if (labelEdges && d > 70) {
      parts.push(
        `<text x="${f((a.x + b.x) / 2)}" y="${f((a.y + b.y) / 2 - 3)}" text-anchor="middle" font-size="9.5" fill="${MUTED}" paint-order="stroke" stroke="#ffffff" stroke-width="3">${escapeXml(edge.type)}</text>`,
      );
    }
  }
  for (const node of figure.nodes) {
    const p = at.get(node.id);
    if (!p) continue;
    parts.push(
      `<circle cx="${f(p.x)}" cy="${f(p.y)}" r="${String(radius)}" fill="${typeColour(node.type)}" stroke="#ffffff" stroke-width="1.5"/>`,
      `<text x="${f(p.x)}" y="${f(p.y + radius + 12)}" text-anchor="middle" font-size="11" fill="${INK}" paint-order="stroke" stroke="#ffffff" stroke-width="3" style="unicode-bidi:plaintext">${escapeXml(shorten(node.name, 30))}</text>`,
    );
  }
  // Legend: the entity types drawn, six to a row.
  types.forEach((type, i) => {
    const lx = 20 + (i % 6) * 160;
    const ly = margin.top + plotHeight + margin.bottom + Math.floor(i / 6) * 20;
    parts.push(
      `<circle cx="${String(lx + 6)}" cy="${String(ly - 4)}" r="6" fill="${typeColour(type)}"/>`,
      `<text x="${String(lx + 18)}" y="${String(ly)}" font-size="11" fill="${INK}">${escapeXml(type)}</text>`,
    );
  });
  return wrap(width, height, parts, 'Infrastructure graph');
}

function wrap(width: number, height: number, parts: readonly string[], label: string): Svg {
  const h = Math.ceil(height);
  return {
    width,
    height: h,
    svg: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${String(width)} ${String(h)}" width="${String(width)}" height="${String(h)}" role="img" aria-label="${escapeXml(label)}" font-family="${escapeXml(FONT_STACK)}">${parts.join('')}</svg>`,
  };
}

function f(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}
