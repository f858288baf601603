import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Milestone } from '../../../../shared/timeline.js';
import {
  cluster,
  firstVisible,
  fitAll,
  pan,
  ticks,
  zoom,
  type Cluster,
  type DisplayZone,
  type PlacedEvent,
  type TimeWindow,
  type Viewport,
} from './model.js';

const LABEL_W = 156;
const AXIS_H = 44;
const LANE_H = 48;
const GAP = 14;
const MARK_R = 6;

interface LaneRow {
  readonly lane: string;
  readonly events: readonly PlacedEvent[];
}

interface Hit {
  readonly x1: number;
  readonly x2: number;
  readonly y1: number;
  readonly y2: number;
  readonly cluster: Cluster;
}

interface TimelineCanvasProps {
  readonly rows: readonly LaneRow[];
  readonly placed: readonly PlacedEvent[];
  readonly view: Viewport;
  /** A new view, or an update of the current one (wheel steps that come faster than renders build on each other). */
  readonly onView: (view: Viewport | ((current: Viewport) => Viewport)) => void;
  readonly zone: DisplayZone;
  readonly selectedId: number | null;
  readonly onSelect: (id: number | null) => void;
  readonly timeWindow: TimeWindow | null;
  readonly onTimeWindow: (window: TimeWindow | null) => void;
}

interface Palette {
  bg: string;
  sunken: string;
  border: string;
  strong: string;
  text: string;
  muted: string;
  faint: string;
  accent: string;
  accentText: string;
  warn: string;
  ok: string;
  danger: string;
  selected: string;
  raised: string;
  font: string;
}

function palette(element: Element): Palette {
  const style = getComputedStyle(element);
  const v = (name: string) => style.getPropertyValue(name).trim();
  return {
    bg: v('--bg'),
    raised: v('--bg-raised'),
    sunken: v('--bg-sunken'),
    border: v('--border'),
    strong: v('--border-strong'),
    text: v('--text'),
    muted: v('--text-muted'),
    faint: v('--text-faint'),
    accent: v('--accent'),
    accentText: v('--accent-text'),
    warn: v('--warn'),
    ok: v('--ok'),
    danger: v('--danger'),
    selected: v('--bg-selected'),
    font: v('--font-ui') || 'sans-serif',
  };
}

const MILESTONE_LABEL: Record<Milestone, string> = {
  'first-release': 'First release',
  'public-attribution': 'Public attribution',
};

function ellipsize(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (width < 16) return '';
  if (ctx.measureText(text).width <= width) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= width) low = mid;
    else high = mid - 1;
  }
  return low === 0 ? '' : `${text.slice(0, low)}…`;
}

/**
 * The horizontal timeline, drawn on a canvas: lanes as rows, events as markers (bars when they span
 * time), dense runs as count badges, milestones as flagged lines, the brushed window shaded. Only
 * what is in view is drawn, so it stays smooth with tens of thousands of events.
 */
export function TimelineCanvas({
  rows,
  placed,
  view,
  onView,
  zone,
  selectedId,
  onSelect,
  timeWindow,
  onTimeWindow,
}: TimelineCanvasProps) {
  const host = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [draft, setDraft] = useState<TimeWindow | null>(null);
  const hits = useRef<Hit[]>([]);
  const drag = useRef<{
    mode: 'pan' | 'brush';
    x: number;
    startView: Viewport;
    moved: boolean;
    pointer: number;
  } | null>(null);
  // The longest event, so events starting before the view but reaching into it are drawn.
  const longest = useRef(0);
  useEffect(() => {
    let max = 0;
    for (const item of placed) max = Math.max(max, item.end - item.start);
    longest.current = max;
  }, [placed]);

  const height = AXIS_H + Math.max(1, rows.length) * LANE_H + 12;
  const plotW = Math.max(1, width - LABEL_W);
  const toMs = (x: number) => view.start + ((x - LABEL_W) / plotW) * (view.end - view.start);

  useLayoutEffect(() => {
    const element = host.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  // Redraw on any change; the theme is read from the CSS variables each time.
  const [themeTick, setThemeTick] = useState(0);
  useEffect(() => {
    const observer = new MutationObserver(() => setThemeTick((n) => n + 1));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = canvas.current;
    if (!element || width === 0) return;
    const frame = requestAnimationFrame(() => {
      const ratio = window.devicePixelRatio || 1;
      element.width = Math.round(width * ratio);
      element.height = Math.round(height * ratio);
      const ctx = element.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      const c = palette(element);
      const span = view.end - view.start;
      const x = (ms: number) => LABEL_W + ((ms - view.start) / span) * plotW;
      ctx.clearRect(0, 0, width, height);
      ctx.fillStyle = c.raised;
      ctx.fillRect(0, 0, width, height);

      // Lanes: alternating bands, names on the left.
      rows.forEach((row, index) => {
        const y = AXIS_H + index * LANE_H;
        if (index % 2 === 1) {
          ctx.fillStyle = c.sunken;
          ctx.fillRect(0, y, width, LANE_H);
        }
        ctx.strokeStyle = c.border;
        ctx.beginPath();
        ctx.moveTo(0, y + 0.5);
        ctx.lineTo(width, y + 0.5);
        ctx.stroke();
      });

      // Axis: ticks adapt to the zoom; grid lines run through the lanes.
      const tickList = ticks(view, plotW, zone);
      ctx.font = `12px ${c.font}`;
      ctx.textBaseline = 'middle';
      for (const tick of tickList) {
        const tx = Math.round(x(tick.ms)) + 0.5;
        ctx.strokeStyle = tick.major ? c.strong : c.border;
        ctx.beginPath();
        ctx.moveTo(tx, AXIS_H - (tick.major ? 14 : 8));
        ctx.lineTo(tx, height);
        ctx.stroke();
        ctx.fillStyle = tick.major ? c.text : c.muted;
        ctx.font = `${tick.major ? '600 ' : ''}12px ${c.font}`;
        ctx.fillText(tick.label, tx + 4, AXIS_H - 12);
      }
      ctx.strokeStyle = c.strong;
      ctx.beginPath();
      ctx.moveTo(LABEL_W, AXIS_H + 0.5);
      ctx.lineTo(width, AXIS_H + 0.5);
      ctx.stroke();

      // The brushed window: shaded, the rest dimmed.
      const shown = draft ?? timeWindow;
      if (shown) {
        const a = Math.max(LABEL_W, x(shown.start));
        const b = Math.min(width, x(shown.end));
        ctx.fillStyle = c.accent;
        ctx.globalAlpha = 0.1;
        if (b > a) ctx.fillRect(a, 0, b - a, height);
        ctx.globalAlpha = 0.35;
        if (b > a) ctx.fillRect(a, AXIS_H - 6, b - a, 6);
        ctx.globalAlpha = 1;
        ctx.strokeStyle = c.accent;
        ctx.lineWidth = 2;
        for (const edge of [x(shown.start), x(shown.end)]) {
          if (edge < LABEL_W || edge > width) continue;
          ctx.beginPath();
          ctx.moveTo(edge, 2);
          ctx.lineTo(edge, height);
          ctx.stroke();
        }
        ctx.lineWidth = 1;
      }

      // Milestones: a flagged line across the lanes.
      const milestoneXs: { x: number; label: string }[] = [];
      for (const item of placed) {
        for (const milestone of item.event.milestones) {
          milestoneXs.push({ x: x(item.start), label: MILESTONE_LABEL[milestone] });
        }
      }
      // Flags hang right of their line, or left of it when that would cover the flag before, or
      // the right edge; failing both, a row lower.
      milestoneXs.sort((a, b) => a.x - b.x);
      let flagRight = -Infinity;
      for (const m of milestoneXs) {
        if (m.x < LABEL_W - 200 || m.x > width + 200) continue;
        ctx.strokeStyle = c.ok;
        ctx.lineWidth = 2;
        ctx.setLineDash([5, 4]);
        ctx.beginPath();
        ctx.moveTo(m.x, AXIS_H);
        ctx.lineTo(m.x, height);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.lineWidth = 1;
        ctx.font = `600 11px ${c.font}`;
        const w = ctx.measureText(m.label).width + 12;
        const right = m.x + w <= width - 4 && m.x >= flagRight + 4;
        const left = right ? m.x : m.x - w;
        const top = right || left >= flagRight + 4 ? 4 : 22;
        if (top === 4) flagRight = left + w;
        ctx.fillStyle = c.ok;
        ctx.beginPath();
        ctx.roundRect(left, top, w, 16, 3);
        ctx.fill();
        ctx.fillStyle = c.raised;
        ctx.fillText(m.label, left + 6, top + 8);
      }

      // Events, lane by lane, only those in view; close ones become a count badge.
      const found: Hit[] = [];
      rows.forEach((row, index) => {
        const cy = AXIS_H + index * LANE_H + LANE_H / 2;
        const from = firstVisible(row.events, view.start, longest.current);
        const visible: PlacedEvent[] = [];
        for (let i = from; i < row.events.length; i += 1) {
          const item = row.events[i];
          if (!item) break;
          if (item.start > view.end) break;
          if (item.end >= view.start) visible.push(item);
        }
        const clusters = cluster(visible, x, GAP);
        clusters.forEach((group, k) => {
          const next = clusters[k + 1];
          const room = (next ? next.x : width) - Math.max(group.x, group.x2) - 16;
          if (group.items.length > 1) {
            const label = group.items.length > 999 ? '999+' : String(group.items.length);
            ctx.font = `600 11px ${c.font}`;
            const w = Math.max(22, ctx.measureText(label).width + 12);
            const left = (group.x + group.x2) / 2 - w / 2;
            ctx.fillStyle = c.muted;
            ctx.beginPath();
            ctx.roundRect(left, cy - 10, w, 20, 10);
            ctx.fill();
            ctx.fillStyle = c.raised;
            ctx.textAlign = 'center';
            ctx.fillText(label, left + w / 2, cy + 0.5);
            ctx.textAlign = 'left';
            found.push({ x1: left, x2: left + w, y1: cy - 12, y2: cy + 12, cluster: group });
            return;
          }
          const item = group.items[0];
          if (!item) return;
          const event = item.event;
          const selected = event.id === selectedId;
          const color = event.unsupported ? c.warn : event.milestones.length > 0 ? c.ok : c.accent;
          const faded = event.precision === 'approximate' || event.confidence === 'low';
          ctx.globalAlpha = faded ? 0.6 : 1;
          let right = group.x;
          if (group.x2 - group.x > GAP) {
            // A span: a bar from start to end.
            const a = Math.max(LABEL_W - 4, group.x);
            const b = Math.min(width + 4, group.x2);
            ctx.fillStyle = color;
            ctx.globalAlpha = faded ? 0.35 : 0.55;
            ctx.beginPath();
            ctx.roundRect(a, cy - 7, b - a, 14, 4);
            ctx.fill();
            ctx.globalAlpha = 1;
            ctx.strokeStyle = color;
            ctx.stroke();
            right = b;
            found.push({ x1: a, x2: b, y1: cy - 9, y2: cy + 9, cluster: group });
          } else if (event.milestones.length > 0) {
            // A milestone: a diamond.
            ctx.fillStyle = color;
            ctx.beginPath();
            ctx.moveTo(group.x, cy - 9);
            ctx.lineTo(group.x + 9, cy);
            ctx.lineTo(group.x, cy + 9);
            ctx.lineTo(group.x - 9, cy);
            ctx.closePath();
            ctx.fill();
            found.push({ x1: group.x - 10, x2: group.x + 10, y1: cy - 10, y2: cy + 10, cluster: group });
          } else {
            ctx.beginPath();
            ctx.arc(group.x, cy, MARK_R, 0, Math.PI * 2);
            if (event.unsupported) {
              ctx.fillStyle = c.raised;
              ctx.fill();
              ctx.strokeStyle = color;
              ctx.lineWidth = 2;
              ctx.setLineDash([3, 2]);
              ctx.stroke();
              ctx.setLineDash([]);
              ctx.lineWidth = 1;
            } else {
              ctx.fillStyle = color;
              ctx.fill();
            }
            found.push({ x1: group.x - 9, x2: group.x + 9, y1: cy - 9, y2: cy + 9, cluster: group });
          }
          ctx.globalAlpha = 1;
          if (selected) {
            ctx.strokeStyle = c.text;
            ctx.lineWidth = 2;
            ctx.beginPath();
            if (group.x2 - group.x > GAP)
              ctx.roundRect(
                Math.max(LABEL_W - 4, group.x) - 3,
                cy - 10,
                Math.min(width, group.x2) - group.x + 6,
                20,
                6,
              );
            else ctx.arc(group.x, cy, 12, 0, Math.PI * 2);
            ctx.stroke();
            ctx.lineWidth = 1;
          }
          // Its title, when there is room before the next marker.
          const labelRoom = Math.min(room, 260);
          ctx.font = `${selected ? '600 ' : ''}12px ${c.font}`;
          const text = ellipsize(ctx, `${event.unsupported ? '⚠ ' : ''}${event.title}`, labelRoom);
          if (text && right + 12 > LABEL_W) {
            ctx.fillStyle = event.unsupported ? c.warn : c.text;
            ctx.fillText(text, Math.max(right + 12, LABEL_W + 4), cy + 0.5);
          }
        });
      });
      hits.current = found;

      // Lane names over everything on the left.
      ctx.fillStyle = c.raised;
      ctx.fillRect(0, 0, LABEL_W, height);
      ctx.strokeStyle = c.strong;
      ctx.beginPath();
      ctx.moveTo(LABEL_W + 0.5, 0);
      ctx.lineTo(LABEL_W + 0.5, height);
      ctx.stroke();
      ctx.fillStyle = c.faint;
      ctx.font = `600 11px ${c.font}`;
      ctx.fillText(zone === 'utc' ? 'UTC' : 'LOCAL TIME', 12, AXIS_H - 12);
      rows.forEach((row, index) => {
        const y = AXIS_H + index * LANE_H;
        if (index % 2 === 1) {
          ctx.fillStyle = c.sunken;
          ctx.fillRect(0, y, LABEL_W, LANE_H);
        }
        ctx.strokeStyle = c.border;
        ctx.beginPath();
        ctx.moveTo(0, y + 0.5);
        ctx.lineTo(LABEL_W, y + 0.5);
        ctx.stroke();
        ctx.fillStyle = c.text;
        ctx.font = `500 13px ${c.font}`;
        const name = row.lane === '' ? '(no lane)' : (row.lane[0]?.toUpperCase() ?? '') + row.lane.slice(1);
        ctx.fillText(ellipsize(ctx, name, LABEL_W - 48), 12, y + LANE_H / 2);
        ctx.fillStyle = c.faint;
        ctx.font = `12px ${c.font}`;
        ctx.textAlign = 'right';
        ctx.fillText(row.events.length.toLocaleString('en'), LABEL_W - 10, y + LANE_H / 2);
        ctx.textAlign = 'left';
      });
      // How many frames were drawn: tests and the benchmark wait for a drawn canvas.
      element.dataset.drawn = String(Number(element.dataset.drawn ?? '0') + 1);
    });
    return () => cancelAnimationFrame(frame);
  }, [rows, placed, view, zone, selectedId, timeWindow, draft, width, height, plotW, themeTick]);

  // The wheel zooms about the pointer (shift or a sideways wheel pans); not passive, to keep the page still.
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const w = Math.max(1, rect.width - LABEL_W);
      // Several wheel events can come before the next render: each updates the view the last left.
      if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        const delta = event.shiftKey ? event.deltaY : event.deltaX;
        onView((current) => pan(current, delta / w));
        return;
      }
      const anchor = Math.min(1, Math.max(0, (event.clientX - rect.left - LABEL_W) / w));
      const factor = Math.exp(event.deltaY * 0.0015);
      onView((current) => zoom(current, factor, anchor));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [onView]);

  const local = (event: React.PointerEvent) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };

  const onPointerDown = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    const { x, y } = local(event);
    if (x < LABEL_W) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { mode: y < AXIS_H ? 'brush' : 'pan', x, startView: view, moved: false, pointer: event.pointerId };
  };

  const onPointerMove = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const state = drag.current;
    if (!state) return;
    const { x } = local(event);
    if (Math.abs(x - state.x) > 3) state.moved = true;
    if (!state.moved) return;
    if (state.mode === 'pan') {
      const span = state.startView.end - state.startView.start;
      const shift = ((state.x - x) / plotW) * span;
      onView({ start: state.startView.start + shift, end: state.startView.end + shift });
    } else {
      const a = toMs(Math.max(LABEL_W, Math.min(state.x, x)));
      const b = toMs(Math.min(width, Math.max(state.x, x)));
      setDraft({ start: a, end: b });
    }
  };

  const onPointerUp = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const state = drag.current;
    drag.current = null;
    if (!state) return;
    const { x, y } = local(event);
    if (state.mode === 'brush') {
      if (state.moved && draft) onTimeWindow(draft);
      else onTimeWindow(null);
      setDraft(null);
      return;
    }
    if (state.moved) return;
    const hit = hits.current.findLast((h) => x >= h.x1 && x <= h.x2 && y >= h.y1 && y <= h.y2);
    if (!hit) {
      onSelect(null);
      return;
    }
    if (hit.cluster.items.length > 1) {
      // A badge: zoom to what it holds.
      const first = hit.cluster.items[0];
      const last = hit.cluster.items[hit.cluster.items.length - 1];
      if (first && last) {
        const fitted = fitAll(hit.cluster.items);
        const span = Math.max(fitted.end - fitted.start, 60_000);
        const mid = (fitted.start + fitted.end) / 2;
        onView({ start: mid - span / 2, end: mid + span / 2 });
      }
      return;
    }
    onSelect(hit.cluster.items[0]?.event.id ?? null);
  };

  const [cursor, setCursor] = useState('grab');
  return (
    <div ref={host} className="timeline-canvas-host">
      <canvas
        ref={canvas}
        className="timeline-canvas"
        style={{ width: `${String(width)}px`, height: `${String(height)}px`, cursor }}
        aria-hidden="true"
        onPointerDown={onPointerDown}
        onPointerMove={(event) => {
          onPointerMove(event);
          if (!drag.current) {
            const { x, y } = local(event);
            const over = hits.current.some((h) => x >= h.x1 && x <= h.x2 && y >= h.y1 && y <= h.y2);
            setCursor(x < LABEL_W ? 'default' : y < AXIS_H ? 'crosshair' : over ? 'pointer' : 'grab');
          } else if (drag.current.mode === 'pan' && drag.current.moved) setCursor('grabbing');
        }}
        onPointerUp={onPointerUp}
        onPointerCancel={() => {
          drag.current = null;
          setDraft(null);
        }}
      />
    </div>
  );
}
