/**
 * The layout worker: runs `computeLayout` (a headless Cytoscape) off the UI thread, so laying out
 * a large graph never freezes the canvas. One request per message; phases are posted as they start
 * and the positions come back as a transferred Float64Array. Bundled by Vite as a module worker
 * (`new Worker(new URL(…), { type: 'module' })`), which the CSP's worker-src 'self' allows.
 */
import { computeLayout, type LayoutPhase, type LayoutRequest } from './layout.js';

export type LayoutWorkerMessage =
  | { readonly kind: 'phase'; readonly id: number; readonly phase: LayoutPhase }
  | { readonly kind: 'done'; readonly id: number; readonly positions: Float64Array; readonly ms: number }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };

interface WorkerScope {
  onmessage: ((event: MessageEvent<{ id: number; request: LayoutRequest }>) => void) | null;
  postMessage(message: LayoutWorkerMessage, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { id, request } = event.data;
  const started = performance.now();
  try {
    const positions = computeLayout(request, (phase) => scope.postMessage({ kind: 'phase', id, phase }));
    scope.postMessage({ kind: 'done', id, positions, ms: performance.now() - started }, [positions.buffer]);
  } catch (problem) {
    scope.postMessage({ kind: 'failed', id, message: problem instanceof Error ? problem.message : String(problem) });
  }
};
