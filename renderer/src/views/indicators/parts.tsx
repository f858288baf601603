import { useEffect, useRef, useState, type ReactNode } from 'react';
import { X } from 'lucide-react';
import type { IndicatorFlag } from '../../../../shared/indicator-types.js';
import { FLAG_INFO, splitContext, visibleFlags } from './model.js';

function Chip({ flag }: { readonly flag: IndicatorFlag }) {
  const info = FLAG_INFO[flag];
  return (
    <span className={`flag flag-${info.tone}`} title={info.description}>
      {info.label}
    </span>
  );
}

/**
 * Flags as small chips; the tooltip says what each means. `limit` keeps a table cell to its first
 * chips plus "+N" (whose tooltip names the rest), so a chip is never cut in half.
 */
export function FlagChips({
  flags,
  all = false,
  limit,
}: {
  readonly flags: readonly IndicatorFlag[];
  readonly all?: boolean;
  readonly limit?: number;
}) {
  const shown = all ? flags : visibleFlags(flags);
  const head = limit === undefined ? shown : shown.slice(0, limit);
  const rest = shown.slice(head.length);
  return (
    <>
      {head.map((flag) => (
        <Chip key={flag} flag={flag} />
      ))}
      {rest.length > 0 && (
        <span
          className="flag flag-more"
          title={rest.map((flag) => `${FLAG_INFO[flag].label}: ${FLAG_INFO[flag].description}`).join('\n')}
        >
          +{rest.length}
        </span>
      )}
    </>
  );
}

/** Line breaks and tabs of the evidence shown as visible marks, so a context stays on one line. */
function flatten(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ⏎ ').replace(/\t/g, ' ');
}

/** The text around an occurrence with the occurrence itself marked; always text nodes, never HTML. */
export function OccurrenceContext({
  id,
  context,
  surface,
  start,
}: {
  readonly id?: string;
  readonly context: string;
  readonly surface: string;
  readonly start: number;
}) {
  const { before, match, after } = splitContext(context, surface, start);
  const clippedStart = start > before.length;
  return (
    <span id={id} className="occurrence-context mono" dir="auto">
      {clippedStart && '…'}
      {flatten(before)}
      {match !== '' && <mark>{flatten(match)}</mark>}
      {flatten(after)}
    </span>
  );
}

interface PopoverProps {
  /** The dialog's accessible name. */
  readonly label: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly className?: string;
}

/**
 * A small non-modal panel under its button: focus moves in, Escape or a click outside closes it and
 * focus goes back to the button (the caller renders it inside a `.popover-anchor` next to the button).
 */
export function Popover({ label, onClose, children, className = '' }: PopoverProps) {
  const panel = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const root = panel.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const anchor = root?.parentElement;
    const first =
      root?.querySelector<HTMLElement>('[data-autofocus]') ??
      root?.querySelector<HTMLElement>('input:not(:disabled), button:not(:disabled)');
    first?.focus();
    const onPointer = (event: PointerEvent) => {
      if (event.target instanceof Node && anchor && !anchor.contains(event.target)) closeRef.current();
    };
    const onKey = (event: KeyboardEvent) => {
      const active = document.activeElement;
      if (event.key === 'Escape' && (active === document.body || (anchor?.contains(active) ?? false))) {
        event.preventDefault();
        event.stopPropagation();
        closeRef.current();
        opener?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, []);

  return (
    <div ref={panel} className={`popover ${className}`} role="dialog" aria-label={label}>
      {children}
    </div>
  );
}

export interface ToastMessage {
  readonly text: string;
  /** e.g. Undo. */
  readonly action?: { readonly label: string; readonly run: () => void };
  /** Bumped for every message, so the same text twice still shows (and restarts its timer). */
  readonly id: number;
}

const TOAST_MS = 5000;

/**
 * A short confirmation at the bottom of the view, read out by screen readers. It goes away by itself,
 * but not while the pointer or the keyboard is on it (there may be an Undo to reach).
 */
export function Toast({ message, onDone }: { readonly message: ToastMessage | null; readonly onDone: () => void }) {
  const doneRef = useRef(onDone);
  const [held, setHeld] = useState(false);
  useEffect(() => {
    doneRef.current = onDone;
  }, [onDone]);
  useEffect(() => {
    if (!message || held) return;
    const timer = setTimeout(() => doneRef.current(), TOAST_MS);
    return () => clearTimeout(timer);
  }, [message, held]);
  return (
    <div className="toast-region" role="status" aria-live="polite" aria-label="Notifications">
      {message && (
        <div
          className="toast"
          key={message.id}
          onPointerEnter={() => setHeld(true)}
          onPointerLeave={() => setHeld(false)}
          onFocus={() => setHeld(true)}
          onBlur={() => setHeld(false)}
        >
          <span>{message.text}</span>
          {message.action && (
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                message.action?.run();
                onDone();
              }}
            >
              {message.action.label}
            </button>
          )}
          <button
            type="button"
            className="icon-button icon-button-small"
            aria-label="Dismiss message"
            title="Dismiss"
            onClick={onDone}
          >
            <X size={13} aria-hidden="true" />
          </button>
        </div>
      )}
    </div>
  );
}
