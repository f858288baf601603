/**
 * Runs layouts in the layout worker (layout-worker.ts). One worker is kept per canvas; a new
 * request while one runs terminates the worker (fCoSE cannot be interrupted) and starts another,
 * so the canvas never applies stale positions.
 */
import type { LayoutPhase, LayoutRequest } from './layout.js';
import type { LayoutWorkerMessage } from './layout-worker.js';

export interface LayoutResult {
  readonly positions: Float64Array;
  /** Time spent in the worker. */
  readonly ms: number;
}

export class LayoutRunner {
  private worker: Worker | null = null;
  private next = 1;
  private current: { id: number; reject: (error: Error) => void } | null = null;

  /** `createWorker` makes the worker: Vite's bundled URL in the app, a prebuilt file in the bench. */
  constructor(private readonly createWorker: () => Worker) {}

  run(request: LayoutRequest, onPhase: (phase: LayoutPhase) => void): Promise<LayoutResult> {
    if (this.current) this.cancel();
    const worker = (this.worker ??= this.createWorker());
    const id = this.next++;
    return new Promise<LayoutResult>((resolve, reject) => {
      this.current = { id, reject };
      worker.onmessage = (event: MessageEvent<LayoutWorkerMessage>) => {
        const message = event.data;
        if (message.id !== id) return;
        if (message.kind === 'phase') {
          onPhase(message.phase);
          return;
        }
        this.current = null;
        if (message.kind === 'done') resolve({ positions: message.positions, ms: message.ms });
        else reject(new Error(message.message));
      };
      worker.onerror = (event) => {
        this.current = null;
        this.drop();
        reject(new Error(event.message || 'The layout worker stopped.'));
      };
      worker.postMessage({ id, request });
    });
  }

  /** Stop the running layout (its promise rejects with a `cancelled` error). */
  cancel(): void {
    const running = this.current;
    if (!running) return;
    this.current = null;
    this.drop();
    running.reject(new LayoutCancelled());
  }

  dispose(): void {
    this.cancel();
    this.drop();
  }

  private drop(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}

export class LayoutCancelled extends Error {
  constructor() {
    super('The layout was replaced by a newer one.');
    this.name = 'LayoutCancelled';
  }
}

/** The app's worker, bundled by Vite. */
export function createLayoutWorker(): Worker {
  return new Worker(new URL('./layout-worker.ts', import.meta.url), { type: 'module', name: 'graph-layout' });
}
