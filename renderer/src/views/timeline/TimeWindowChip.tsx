import { CalendarRange, X } from 'lucide-react';
import type { TimeWindow } from './model.js';
import { windowText } from './window.js';

interface TimeWindowChipProps {
  readonly window: TimeWindow;
  /** Shown range text (the Timeline writes it in its display zone); UTC by default. */
  readonly text?: string;
  /** What the window keeps here ("3 dated exhibits of 12 inside"). */
  readonly detail?: string;
  /** Absent: the chip only says the window is on. */
  readonly onClear?: (() => void) | undefined;
}

/**
 * The time window brushed on the timeline, wherever it filters (Timeline, Graph, Evidence): the
 * range, what it keeps, and a button that clears it everywhere.
 */
export function TimeWindowChip({ window, text, detail, onClear }: TimeWindowChipProps) {
  return (
    <div className="time-window-chip" role="status" aria-label="Time window">
      <CalendarRange size={14} aria-hidden="true" className="time-window-icon" />
      <span className="time-window-label">Time window</span>
      <span className="mono time-window-range">{text ?? windowText(window)}</span>
      {detail && <span className="time-window-detail">{detail}</span>}
      {onClear && (
        <button
          type="button"
          className="icon-button icon-button-small"
          aria-label="Clear time window"
          title="Clear time window"
          onClick={onClear}
        >
          <X size={13} aria-hidden="true" />
        </button>
      )}
    </div>
  );
}
