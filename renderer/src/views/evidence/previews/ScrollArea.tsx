import type { CSSProperties, ReactNode, Ref } from 'react';

/**
 * A scrolling region of a viewer (text, hex, metadata, a message). It takes focus so that keyboard
 * users can scroll it with the arrow and page keys (WCAG 2.1.1); that is the only reason for its
 * tabIndex, hence the one lint exception here rather than one per viewer.
 */
export function ScrollArea({
  label,
  className,
  style,
  scrollRef,
  children,
}: {
  readonly label: string;
  readonly className: string;
  readonly style?: CSSProperties;
  readonly scrollRef?: Ref<HTMLDivElement>;
  readonly children: ReactNode;
}) {
  return (
    /* eslint-disable jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be keyboard-scrollable */
    <div ref={scrollRef} className={className} style={style} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
    /* eslint-enable jsx-a11y/no-noninteractive-tabindex */
  );
}
