import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBridge } from '../../../main/app/bridge.js';
import { API_METHODS, EVENT_NAMES, IPC_PREFIX, type LocardEvents } from '../../../shared/api.js';

function recordingBridge() {
  const calls: { channel: string; input: unknown }[] = [];
  // Stands in for webUtils.getPathForFile: a file made in the page has no path ('').
  const paths = new Map<string, string>([['report.pdf', '/evidence/report.pdf']]);
  const listeners = new Set<(event: unknown, payload: unknown) => void>();
  const bridge = createBridge(
    (channel, input) => {
      calls.push({ channel, input });
      return Promise.resolve({ ok: true, value: channel });
    },
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    (file) => paths.get(file.name) ?? '',
  );
  const send = (event: unknown, payload: unknown) => {
    for (const listener of listeners) listener(event, payload);
  };
  return { bridge, calls, listeners, send };
}

/** Shell capabilities beside the contract's methods (shared/api.ts LocardClient). */
const SHELL_EXTRAS = ['contentUrl', 'droppedFilePaths'];

describe('the preload bridge', () => {
  it('exposes exactly the contract: one function per API method, plus on and the shell extras', () => {
    const { bridge } = recordingBridge();
    expect(Object.keys(bridge).sort()).toEqual([...API_METHODS, 'on', ...SHELL_EXTRAS].sort());
    for (const key of Object.keys(bridge))
      expect(typeof (bridge as unknown as Record<string, unknown>)[key]).toBe('function');
  });

  it('sends each method on its own locard:<method> channel with the input as given', async () => {
    const { bridge, calls } = recordingBridge();
    await expect(bridge.openCase({ path: '/cases/a.locard', passphrase: 'p' })).resolves.toEqual({
      ok: true,
      value: `${IPC_PREFIX}openCase`,
    });
    await bridge.getAppInfo({});
    expect(calls).toEqual([
      { channel: 'locard:openCase', input: { path: '/cases/a.locard', passphrase: 'p' } },
      { channel: 'locard:getAppInfo', input: {} },
    ]);
  });

  it('names the paths of dropped files, leaving out files that have none', () => {
    const { bridge } = recordingBridge();
    const file = (name: string) => ({ name, size: 1, lastModified: 0 });
    expect(bridge.droppedFilePaths?.([file('report.pdf'), file('made-in-page.txt')])).toEqual(['/evidence/report.pdf']);
  });

  it('names exhibit bytes on the locard-evidence scheme, for exhibit numbers only', () => {
    const { bridge, calls } = recordingBridge();
    expect(bridge.contentUrl(12)).toBe('locard-evidence://exhibit/12');
    expect(() => bridge.contentUrl(0)).toThrow(TypeError);
    expect(() => bridge.contentUrl(1.5)).toThrow(TypeError);
    expect(() => bridge.contentUrl(Number.NaN)).toThrow(TypeError);
    expect(calls).toEqual([]);
  });

  it('delivers only the subscribed event, and unsubscribes', () => {
    const { bridge, listeners, send } = recordingBridge();
    const seen: LocardEvents['caseLocked'][] = [];
    const off = bridge.on('caseLocked', (payload) => seen.push(payload));
    send('caseStateChanged', { state: 'none' });
    send('caseLocked', { reason: 'idle' });
    send('somethingElse', { reason: 'user' });
    expect(seen).toEqual([{ reason: 'idle' }]);
    off();
    expect(listeners.size).toBe(0);
    send('caseLocked', { reason: 'user' });
    expect(seen).toHaveLength(1);
  });

  it('refuses to subscribe to an event outside the contract', () => {
    const { bridge } = recordingBridge();
    expect(EVENT_NAMES).not.toContain('exfiltrate');
    expect(() => bridge.on('exfiltrate' as 'caseLocked', () => undefined)).toThrow(/Unknown Locard event/);
  });
});

describe('the preload itself', () => {
  const root = new URL('../../../', import.meta.url);

  it('imports only electron and the bridge (no logic, no Node)', () => {
    const source = readFileSync(new URL('main/app/preload.ts', root), 'utf8');
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((match) => match[1]);
    expect(imports.sort()).toEqual(['./bridge.js', 'electron']);
    expect(source).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  });

  it('is bundled so that the only module it requires at run time is electron', () => {
    const bundle = new URL('out/preload/preload.cjs', root);
    if (!existsSync(bundle)) return; // Not built yet: `npm test` builds before it runs the unit tests.
    const required = new Set(
      [...readFileSync(bundle, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]),
    );
    expect([...required]).toEqual(['electron']);
  });
});
