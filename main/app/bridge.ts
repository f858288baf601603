/**
 * The object the preload exposes on `window.locard`: exactly the API contract (one function per
 * API_METHODS entry) plus `on` for the contract's events and `contentUrl` for exhibit bytes, built
 * from two transport functions the preload passes in, and `droppedFilePaths` for drag and drop (from the
 * preload's webUtils). Kept apart from preload.ts so that a unit test
 * can check the exposure without Electron. Imports shared/ only (it is bundled into the sandboxed
 * preload); carries no logic beyond naming channels and URLs and filtering events.
 */
import {
  API_METHODS,
  EVENT_NAMES,
  IPC_PREFIX,
  type DroppedFile,
  type EventName,
  type LocardClient,
  type LocardEvents,
} from '../../shared/api.js';
import { evidenceSchemeUrl } from '../../shared/csp.js';

// Re-exported so that the preload's only non-Electron import is this module.
export { BRIDGE_KEY, IPC_EVENT_CHANNEL } from '../../shared/api.js';

/** `ipcRenderer.invoke` narrowed to what the bridge needs. */
export type InvokeChannel = (channel: string, input: unknown) => Promise<unknown>;
/** Subscribe to IPC_EVENT_CHANNEL; the listener gets the event name and its payload. Returns an unsubscribe. */
export type SubscribeEvents = (listener: (event: unknown, payload: unknown) => void) => () => void;

function isEventName(name: unknown): name is EventName {
  return (EVENT_NAMES as readonly unknown[]).includes(name);
}

/** The preload's webUtils.getPathForFile: the path of a dropped file, '' when it has none (e.g. made in the page). */
export type PathForFile = (file: DroppedFile) => string;

export function createBridge(
  invoke: InvokeChannel,
  subscribe: SubscribeEvents,
  pathForFile?: PathForFile,
): LocardClient {
  const methods = Object.fromEntries(
    API_METHODS.map((method) => [method, (input: unknown) => invoke(`${IPC_PREFIX}${method}`, input)]),
  );
  const on = <E extends EventName>(event: E, listener: (payload: LocardEvents[E]) => void): (() => void) => {
    if (!isEventName(event)) throw new TypeError(`Unknown Locard event "${String(event)}".`);
    return subscribe((name, payload) => {
      if (name === event) listener(payload as LocardEvents[E]);
    });
  };
  // Exhibit bytes stream over the locard-evidence: scheme (main/app/evidence-protocol.ts), not IPC.
  const contentUrl = (number: number): string => {
    if (!Number.isSafeInteger(number) || number < 1) throw new TypeError('An exhibit number is a positive integer.');
    return evidenceSchemeUrl(number);
  };
  // The shape is checked by the test against API_METHODS; the payloads are main's Results.
  // A drop names its files' paths here; they then go to importEvidence like the Import button's paths.
  const droppedFilePaths = (files: readonly DroppedFile[]): string[] =>
    pathForFile ? files.map((file) => pathForFile(file)).filter((path) => path !== '') : [];
  return { ...methods, on, contentUrl, droppedFilePaths } as unknown as LocardClient;
}
