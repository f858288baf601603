import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';

export interface MenuItem {
  readonly id: string;
  readonly label: string;
  /** The key that does the same outside the menu, shown at the right. */
  readonly shortcut?: string;
  readonly disabled?: boolean;
  /** Why it is disabled (the tooltip). */
  readonly reason?: string;
  /** A line above this item. */
  readonly separated?: boolean;
  readonly run: () => void;
}

interface GraphMenuProps {
  readonly label: string;
  /** Client coordinates of the pointer or the element the menu is for. */
  readonly x: number;
  readonly y: number;
  /** The items, read once when the menu opens. */
  readonly items: () => readonly MenuItem[];
  readonly onClose: () => void;
}

/**
 * The canvas's context menu (right-click, the Menu key, Shift+F10): a WAI-ARIA menu. Focus moves to
 * its first item; arrows, Home and End move, Enter or Space runs, Escape and Tab close and give focus
 * back; a click outside closes it. Kept inside the window.
 */
export function GraphMenu({ label, x, y, items: read, onClose }: GraphMenuProps) {
  const root = useRef<HTMLDivElement>(null);
  const [items] = useState(read);
  const [at, setAt] = useState({ left: x, top: y });
  const enabled = items.filter((item) => !item.disabled);
  const [active, setActive] = useState(enabled[0]?.id ?? '');

  useLayoutEffect(() => {
    const menu = root.current;
    if (!menu) return;
    const { width, height } = menu.getBoundingClientRect();
    setAt({
      left: Math.max(4, Math.min(x, window.innerWidth - width - 4)),
      top: Math.max(4, Math.min(y, window.innerHeight - height - 4)),
    });
  }, [x, y]);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    root.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
    const outside = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', outside, true);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      if (previous?.isConnected) previous.focus();
    };
  }, [onClose]);

  const move = (step: number | 'first' | 'last') => {
    if (enabled.length === 0) return;
    const index = enabled.findIndex((item) => item.id === active);
    const next =
      step === 'first'
        ? 0
        : step === 'last'
          ? enabled.length - 1
          : (Math.max(0, index) + step + enabled.length) % enabled.length;
    const item = enabled[next];
    if (!item) return;
    setActive(item.id);
    root.current?.querySelector<HTMLElement>(`[data-item="${CSS.escape(item.id)}"]`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      Home: () => move('first'),
      End: () => move('last'),
      Escape: onClose,
      Tab: onClose,
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  };

  const run = (item: MenuItem) => {
    if (item.disabled) return;
    onClose();
    item.run();
  };

  return (
    <div
      ref={root}
      className="graph-menu"
      role="menu"
      tabIndex={-1}
      aria-label={label}
      style={{ left: `${String(Math.round(at.left))}px`, top: `${String(Math.round(at.top))}px` }}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {items.map((item) => (
        <div
          key={item.id}
          role="menuitem"
          tabIndex={item.id === active ? 0 : -1}
          data-item={item.id}
          aria-disabled={item.disabled === true ? true : undefined}
          title={item.disabled === true ? item.reason : undefined}
          className={`graph-menu-item${item.separated === true ? ' is-separated' : ''}`}
          onFocus={() => setActive(item.id)}
          onClick={() => run(item)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault();
              run(item);
            }
          }}
        >
          <span>{item.label}</span>
          {item.shortcut && <kbd className="graph-menu-key">{item.shortcut}</kbd>}
        </div>
      ))}
    </div>
  );
}
