/**
 * The sandboxed preload (bundled as CommonJS to out/preload/preload.cjs). It exposes the API contract
 * on `window.locard` through contextBridge and nothing else: no ipcRenderer, no Node, no logic (the
 * exposed object is built by ./bridge.ts from shared/api.ts, whose names it also re-exports).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { BRIDGE_KEY, createBridge, IPC_EVENT_CHANNEL } from './bridge.js';

contextBridge.exposeInMainWorld(
  BRIDGE_KEY,
  createBridge(
    (channel, input) => ipcRenderer.invoke(channel, input),
    (listener) => {
      const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
        listener(name, payload);
      };
      ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
      return () => {
        ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
      };
    },
    // Dropped files carry no path in the page (File.path is gone since Electron 32); webUtils knows it.
    (file) => webUtils.getPathForFile(file as File),
  ),
);
