/** The real Timeline view, as timeline-bench.ts's esbuild plugin resolves it for the harness page. */
declare module 'locard-bench-timeline-view' {
  import type { ReactElement } from 'react';
  export function TimelineView(props: {
    readonly timeWindow: { readonly start: number; readonly end: number } | null;
    readonly onTimeWindow: (window: { readonly start: number; readonly end: number } | null) => void;
  }): ReactElement;
}
