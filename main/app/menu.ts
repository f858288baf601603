/**
 * The application menu as a template built from plain inputs (no Electron value imported), so the
 * shortcuts and which items exist in a packaged build can be unit-tested. index.ts turns it into a
 * Menu and rebuilds it whenever the case state changes (Open recent, Lock/Close enablement).
 */
import { basename } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/api.js';
import type { CaseState, RecentCase } from '../../shared/domain.js';

export interface MenuActions {
  /** Ask the renderer to carry out a command that needs its UI (dialogs, theme). */
  command(command: MenuCommand): void;
  /** Offer a recent case for unlocking (the renderer shows the unlock dialog on caseStateChanged). */
  selectRecent(path: string): void;
  /** Lock straight away in main: locking must work even if the page is busy or hung. */
  lock(): void;
  about(): void;
  quit(): void;
}

export interface MenuInput {
  readonly platform: NodeJS.Platform;
  readonly packaged: boolean;
  readonly caseState: CaseState;
  readonly recent: readonly RecentCase[];
  readonly actions: MenuActions;
}

/** Menu labels escape `&` (mnemonic marker on Windows and Linux). */
function label(text: string): string {
  return text.replaceAll('&', '&&');
}

export function recentSubmenu(
  recent: readonly RecentCase[],
  select: (path: string) => void,
): MenuItemConstructorOptions[] {
  if (recent.length === 0) return [{ label: 'No recent cases', enabled: false }];
  return recent.map((entry) => ({
    label: label(entry.exists ? basename(entry.path) : `${basename(entry.path)} (missing)`),
    // The full path, since two cases can share a file name; it is not case content (see settings.ts).
    sublabel: entry.path,
    toolTip: entry.path,
    enabled: entry.exists,
    click: () => {
      select(entry.path);
    },
  }));
}

export function menuTemplate(input: MenuInput): MenuItemConstructorOptions[] {
  const { actions, caseState } = input;
  const isMac = input.platform === 'darwin';
  const hasCase = caseState.state !== 'none';
  const isOpen = caseState.state === 'open';

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New case…', accelerator: 'CmdOrCtrl+N', click: () => actions.command('new-case') },
      { label: 'Open case…', accelerator: 'CmdOrCtrl+O', click: () => actions.command('open-case') },
      {
        label: 'Open recent',
        submenu: recentSubmenu(input.recent, (path) => {
          actions.selectRecent(path);
        }),
      },
      { type: 'separator' },
      {
        label: 'Import evidence…',
        accelerator: 'CmdOrCtrl+I',
        enabled: isOpen,
        click: () => actions.command('import-evidence'),
      },
      { type: 'separator' },
      { label: 'Lock case', accelerator: 'CmdOrCtrl+L', enabled: isOpen, click: () => actions.lock() },
      { label: 'Close case', enabled: hasCase, click: () => actions.command('close-case') },
      ...(isMac
        ? []
        : ([
            { type: 'separator' },
            { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
          ] as const)),
    ],
  };

  const developer: MenuItemConstructorOptions[] = input.packaged
    ? []
    : [{ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }];
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { label: 'Toggle theme', accelerator: 'CmdOrCtrl+Shift+T', click: () => actions.command('toggle-theme') },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...developer,
    ],
  };

  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [{ label: 'About Locard', click: () => actions.about() }],
  };

  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: 'Locard',
          submenu: [
            { label: 'About Locard', click: () => actions.about() },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { label: 'Quit Locard', accelerator: 'Cmd+Q', click: () => actions.quit() },
          ],
        },
      ]
    : [];

  return [...appMenu, file, edit, view, help];
}
