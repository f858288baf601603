import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate, type MenuActions, type MenuInput } from '../../../main/app/menu.js';
import type { MenuCommand } from '../../../shared/api.js';

function actions() {
  return {
    command: vi.fn<(c: MenuCommand) => void>(),
    selectRecent: vi.fn<(p: string) => void>(),
    lock: vi.fn(),
    about: vi.fn(),
    quit: vi.fn(),
  } satisfies MenuActions;
}

function input(change: Partial<MenuInput> = {}): MenuInput {
  return { platform: 'linux', packaged: true, caseState: { state: 'none' }, recent: [], actions: actions(), ...change };
}

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

function byLabel(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = items(template).find((item) => item.label === label);
  if (!found) throw new Error(`no menu item "${label}"`);
  return found;
}

function click(item: MenuItemConstructorOptions): void {
  (item.click as () => void)();
}

describe('the application menu', () => {
  it('has the File commands with their shortcuts', () => {
    const template = menuTemplate(input());
    expect(byLabel(template, 'New case…').accelerator).toBe('CmdOrCtrl+N');
    expect(byLabel(template, 'Open case…').accelerator).toBe('CmdOrCtrl+O');
    expect(byLabel(template, 'Lock case').accelerator).toBe('CmdOrCtrl+L');
    expect(byLabel(template, 'Quit').accelerator).toBe('CmdOrCtrl+Q');
  });

  it('sends renderer commands and locks in main', () => {
    const spy = actions();
    const template = menuTemplate(
      input({ actions: spy, caseState: { state: 'locked', path: '/c.locard', reason: 'user' } }),
    );
    click(byLabel(template, 'New case…'));
    click(byLabel(template, 'Open case…'));
    click(byLabel(template, 'Close case'));
    click(byLabel(template, 'Toggle theme'));
    click(byLabel(template, 'Lock case'));
    expect(spy.command.mock.calls.map(([c]) => c)).toEqual(['new-case', 'open-case', 'close-case', 'toggle-theme']);
    expect(spy.lock).toHaveBeenCalledOnce();
  });

  it('enables Lock only for an open case and Close for any case', () => {
    const none = menuTemplate(input());
    expect(byLabel(none, 'Lock case').enabled).toBe(false);
    expect(byLabel(none, 'Close case').enabled).toBe(false);
    const locked = menuTemplate(input({ caseState: { state: 'locked', path: '/c.locard', reason: 'idle' } }));
    expect(byLabel(locked, 'Lock case').enabled).toBe(false);
    expect(byLabel(locked, 'Close case').enabled).toBe(true);
  });

  it('lists recent cases and offers the chosen one for unlocking', () => {
    const spy = actions();
    const template = menuTemplate(
      input({
        actions: spy,
        recent: [
          { path: '/cases/R&D leak.locard', lastOpenedAt: 2, exists: true },
          { path: '/media/usb/gone.locard', lastOpenedAt: 1, exists: false },
        ],
      }),
    );
    const recent = byLabel(template, 'Open recent').submenu as MenuItemConstructorOptions[];
    expect(recent.map((item) => [item.label, item.enabled])).toEqual([
      ['R&&D leak.locard', true],
      ['gone.locard (missing)', false],
    ]);
    const [first] = recent;
    if (!first) throw new Error('no recent entry');
    click(first);
    expect(spy.selectRecent).toHaveBeenCalledWith('/cases/R&D leak.locard');
    expect(byLabel(menuTemplate(input()), 'No recent cases').enabled).toBe(false);
  });

  it('offers reload and developer tools only when not packaged', () => {
    const roles = (packaged: boolean) => items(menuTemplate(input({ packaged }))).map((item) => item.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(true)).not.toContain('reload');
    expect(roles(false)).toContain('toggleDevTools');
    expect(roles(false)).toContain('reload');
  });

  it('has an About item', () => {
    const spy = actions();
    click(byLabel(menuTemplate(input({ actions: spy })), 'About Locard'));
    expect(spy.about).toHaveBeenCalledOnce();
  });
});
