import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../../shared/api.js';
import { ConfigStore } from '../../../main/config/settings.js';
import { LocardService } from '../../../main/core/service.js';
import { tempDir } from '../../helpers/cli.js';

function service() {
  const events: { event: EventName; payload: unknown }[] = [];
  const svc = new LocardService(
    { shell: 'browser', nativeDialogs: false, emit: (event, payload) => events.push({ event, payload }) },
    new ConfigStore(tempDir()),
  );
  return { svc, events };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('LocardService.dispatch', () => {
  it('validates every argument before a handler runs', async () => {
    const { svc } = service();
    expect(await svc.dispatch('createCase', { path: '', passphrase: 'x', title: 't' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(await svc.dispatch('createCase', { path: '/tmp/a\0b', passphrase: 'abcdefghij', title: 't' })).toMatchObject(
      { ok: false, error: { code: 'invalid-argument' } },
    );
    expect(await svc.dispatch('updateSettings', { autoLockMinutes: -1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    expect(await svc.dispatch('constructor', {})).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await svc.dispatch('listCustody', {})).toMatchObject({ ok: false, error: { code: 'no-case-open' } });
    expect(await svc.dispatch('chooseCasePath', { purpose: 'open' })).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
  });

  it('remembers recent cases by path only', async () => {
    const { svc } = service();
    const path = join(tempDir(), 'recent');
    const created = await svc.dispatch('createCase', { path, passphrase: 'recent passphrase', title: 'Secret title' });
    expect(created).toMatchObject({ ok: true, value: { path: `${path}.locard` } });
    const recent = await svc.dispatch('listRecentCases', {});
    expect(recent).toMatchObject({ ok: true, value: [{ path: `${path}.locard`, exists: true }] });
    expect(JSON.stringify(recent)).not.toContain('Secret title');
    await svc.dispose();
  });

  it('locks itself after the idle time and says why', async () => {
    vi.useFakeTimers();
    const { svc, events } = service();
    await svc.dispatch('updateSettings', { autoLockMinutes: 5 });
    await svc.dispatch('createCase', { path: join(tempDir(), 'idle'), passphrase: 'idle passphrase', title: 'Idle' });
    vi.advanceTimersByTime(4 * 60_000);
    await svc.dispatch('noteActivity', {});
    vi.advanceTimersByTime(4 * 60_000);
    expect(svc.session.state().state).toBe('open');
    vi.advanceTimersByTime(2 * 60_000);
    expect(svc.session.state()).toMatchObject({ state: 'locked', reason: 'idle' });
    expect(events.some((e) => e.event === 'caseLocked' && (e.payload as { reason: string }).reason === 'idle')).toBe(
      true,
    );
    expect(await svc.dispatch('listCustody', {})).toMatchObject({ ok: false, error: { code: 'case-locked' } });
    const unlocked = await svc.dispatch('unlockCase', { passphrase: 'idle passphrase' });
    expect(unlocked.ok).toBe(true);
    const custody = await svc.dispatch('listCustody', {});
    expect(custody).toMatchObject({ ok: true });
    if (custody.ok) {
      const actions = (custody.value as { entries: { action: string; details: { reason?: string } }[] }).entries.map(
        (e) => e.action,
      );
      expect(actions).toEqual(['case.unlocked', 'case.locked', 'case.created']);
    }
    await svc.dispose();
  });

  it('changes the passphrase only when the current one is right', async () => {
    const { svc } = service();
    await svc.dispatch('createCase', { path: join(tempDir(), 'pw'), passphrase: 'first passphrase', title: 'PW' });
    expect(
      await svc.dispatch('changePassphrase', { current: 'not it at all', next: 'second passphrase' }),
    ).toMatchObject({ ok: false, error: { code: 'wrong-passphrase' } });
    expect(await svc.dispatch('changePassphrase', { current: 'first passphrase', next: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'weak-passphrase' },
    });
    expect(
      await svc.dispatch('changePassphrase', { current: 'first passphrase', next: 'second passphrase' }),
    ).toMatchObject({ ok: true });
    await svc.dispatch('lockCase', {});
    expect(await svc.dispatch('unlockCase', { passphrase: 'first passphrase' })).toMatchObject({ ok: false });
    expect(await svc.dispatch('unlockCase', { passphrase: 'second passphrase' })).toMatchObject({ ok: true });
    await svc.dispose();
  });
});
