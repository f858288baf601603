/**
 * The Electron shell: the product analysts install. It binds the same core as the browser shell
 * (main/core/service.ts) to IPC, serves the renderer from its own `app://locard/` origin, and locks the
 * page in: sandboxed, context-isolated, no navigation, no new windows, no permissions, no network.
 * The rules themselves live in ./security.ts and ./menu.ts (pure, unit-tested); this file wires them
 * into Electron. May import electron, main/ and shared/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  type IpcMainInvokeEvent,
  type Session,
  type WebContents,
} from 'electron';
import {
  API_METHODS,
  IPC_EVENT_CHANNEL,
  IPC_PREFIX,
  type EventName,
  type LocardEvents,
  type MenuCommand,
} from '../../shared/api.js';
import { fail } from '../../shared/result.js';
import { EXPORT_EXTENSIONS, type ExportFormat } from '../../shared/briefing.js';
import { LocardService } from '../core/service.js';
import { CASE_EXTENSION, type OpenCase } from '../locker/case-file.js';
import { useNativeBinding } from '../locker/driver.js';
import { LOCARD_VERSION } from '../version.js';
import { EVIDENCE_PRIVILEGES, EVIDENCE_SCHEME, evidenceResponse } from './evidence-protocol.js';
import { menuTemplate } from './menu.js';
import { openElectronPrintEngine } from './print.js';
import {
  APP_PARTITION,
  APP_SCHEME,
  APP_START_URL,
  appWindowOptions,
  casePathFromArgv,
  contentTypeFor,
  isAllowedFrameNavigation,
  isAllowedNavigation,
  isAllowedRequest,
  isTrustedSender,
  RESPONSE_HEADERS,
  rendererFileFor,
} from './security.js';

/**
 * Where scripts/electron-native.mjs builds better-sqlite3-multiple-ciphers for Electron's ABI, beside
 * (never over) the Node build in node_modules that the tests use. Packaged builds get their own
 * Electron build from electron-builder and load it from node_modules inside the app as usual.
 */
const ELECTRON_NATIVE_BINDING = join(
  '.native-electron',
  'node_modules',
  'better-sqlite3-multiple-ciphers',
  'build',
  'Release',
  'better_sqlite3.node',
);

/**
 * out/ (with renderer/ and preload/ beside main/): this file is bundled into out/main/app.js, an
 * entry whose own code esbuild never moves into chunks/, so the folder is fixed relative to it.
 * (main/paths.ts looks one level up from its own file, which is out/main/ once its code is split
 * into out/main/chunks/ — as it is when both the CLI and this entry import it.)
 */
const OUT_DIRECTORY = dirname(dirname(fileURLToPath(import.meta.url)));

app.setName('Locard');
// Every renderer sandboxed, whatever a webPreferences object says.
app.enableSandbox();

// Must happen before `ready`: a standard, secure scheme gets an origin, same-origin rules and the CSP's
// 'self'; fetch and streaming are needed for the renderer's own assets (workers, media).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  // Exhibit bytes for <img>, <video> and the previews, streamed from the case with Range support.
  { scheme: EVIDENCE_SCHEME, privileges: EVIDENCE_PRIVILEGES },
]);

let mainWindow: BrowserWindow | undefined;
let service: LocardService | undefined;

if (!app.requestSingleInstanceLock()) {
  // Another Locard holds the lock: it gets our arguments through 'second-instance' and comes forward.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    const casePath = casePathFromArgv(argv.slice(1), CASE_EXTENSION);
    if (casePath && service) void service.dispatch('selectCase', { path: casePath });
    focusWindow();
  });
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents);
  });
  app.on('window-all-closed', () => {
    // Also on macOS: an app that stays alive without a window would keep a case open unseen.
    app.quit();
  });
  app.on('will-quit', (event) => {
    // Stop a running import, close the case (custody log: case.closed), then quit for real.
    const closing = service;
    if (!closing) return;
    event.preventDefault();
    service = undefined;
    void closing.dispose().finally(() => {
      app.quit();
    });
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && app.isReady()) createWindow();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('[locard] could not start:', error);
      dialog.showErrorBox('Locard could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}

function start(): void {
  // LOCARD_SQLITE_BINDING, when set, is already the driver's choice (main/locker/driver.ts).
  if (!app.isPackaged && !process.env.LOCARD_SQLITE_BINDING) {
    const binding = join(dirname(OUT_DIRECTORY), ELECTRON_NATIVE_BINDING);
    if (existsSync(binding)) useNativeBinding(binding);
    else
      console.warn(
        `[locard] no Electron build of the SQLite driver at ${binding}; run "node scripts/electron-native.mjs".`,
      );
  }

  const appSession = session.fromPartition(APP_PARTITION);
  hardenSession(appSession);
  serveRenderer(appSession, join(OUT_DIRECTORY, 'renderer'));

  service = new LocardService({
    shell: 'electron',
    nativeDialogs: true,
    chooseCasePath,
    chooseEvidencePaths,
    chooseExportPath,
    openPrintEngine: openElectronPrintEngine,
    emit,
  });
  bindIpc(service);
  serveEvidence(appSession);
  rebuildMenu();

  const casePath = casePathFromArgv(process.argv.slice(1), CASE_EXTENSION);
  if (casePath) service.session.select(casePath);

  createWindow();
}

function createWindow(): void {
  const window = new BrowserWindow(appWindowOptions(join(OUT_DIRECTORY, 'preload', 'preload.cjs')));
  mainWindow = window;
  window.once('ready-to-show', () => {
    window.show();
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    console.error(`[locard] the window's page stopped (${details.reason}).`);
  });
  void window.loadURL(APP_START_URL);
}

function focusWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function emit<E extends EventName>(event: E, payload: LocardEvents[E]): void {
  if (event === 'caseStateChanged') rebuildMenu();
  const contents = mainWindow?.webContents;
  if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event, payload);
}

function sendMenuCommand(command: MenuCommand): void {
  emit('menuCommand', { command });
}

/** Applied to every WebContents the app ever creates (windows, and anything a page might try). */
function hardenContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedFrameNavigation(event.url, event.isMainFrame)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

function hardenSession(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
  target.setSpellCheckerEnabled(false);
  const policy = { allowDevTools: !app.isPackaged };
  target.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, policy);
    if (!allowed) console.warn(`[locard] blocked a request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
}

function serveRenderer(target: Session, root: string): void {
  target.protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(root, request.url);
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed.');
    if (!file) return plain(404, 'Not found.');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return plain(404, 'Not found.');
    }
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: { ...RESPONSE_HEADERS, 'Content-Type': contentTypeFor(file) },
    });
  });
}

/** `locard-evidence://exhibit/<n>`: the same reply as the browser shell's content route (404 unless a case is open). */
function serveEvidence(target: Session): void {
  target.protocol.handle(EVIDENCE_SCHEME, (request) => evidenceResponse(openCaseOrNone(), request));
}

function openCaseOrNone(): OpenCase | undefined {
  try {
    return service?.session.current();
  } catch {
    return undefined; // locked or closed
  }
}

function plain(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { ...RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

function bindIpc(core: LocardService): void {
  for (const method of API_METHODS) {
    ipcMain.handle(`${IPC_PREFIX}${method}`, (event: IpcMainInvokeEvent, input: unknown) => {
      if (!fromOurPage(event)) {
        return fail('invalid-argument', 'This request did not come from the Locard window and was refused.');
      }
      // Validation, errors-as-data and the auto-lock clock are all in dispatch.
      return core.dispatch(method, input);
    });
  }
}

function fromOurPage(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || event.sender !== mainWindow?.webContents) return false;
  return isTrustedSender(frame.url, frame.parent === null);
}

async function chooseCasePath(purpose: 'create' | 'open'): Promise<string | null> {
  const defaultFolder = join(homedir(), 'Locard Cases');
  const filters = [{ name: 'Locard case', extensions: [CASE_EXTENSION.slice(1)] }];
  const parent = mainWindow;
  if (purpose === 'create') {
    mkdirSync(defaultFolder, { recursive: true, mode: 0o700 });
    const options = {
      title: 'New case',
      buttonLabel: 'Create',
      defaultPath: join(defaultFolder, `Untitled${CASE_EXTENSION}`),
      filters,
      properties: ['createDirectory', 'showOverwriteConfirmation'] as (
        'createDirectory' | 'showOverwriteConfirmation'
      )[],
    };
    const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  }
  const options = {
    title: 'Open case',
    buttonLabel: 'Open',
    defaultPath: existsSync(defaultFolder) ? defaultFolder : homedir(),
    filters,
    properties: ['openFile'] as 'openFile'[],
  };
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function chooseEvidencePaths(): Promise<readonly string[] | null> {
  // Linux and Windows dialogs pick files or folders, not both; files are the common case, and folders
  // arrive by drag-and-drop or the browser view.
  const options = {
    title: 'Import evidence',
    buttonLabel: 'Import',
    defaultPath: homedir(),
    properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[],
  };
  const parent = mainWindow;
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
}

const EXPORT_FILTERS: Readonly<Record<ExportFormat, string>> = {
  pdf: 'PDF document',
  docx: 'Word document',
  html: 'Web page (self-contained)',
  md: 'Markdown',
  stix: 'STIX 2.1 bundle',
  misp: 'MISP event',
  csv: 'CSV table',
};

async function chooseExportPath(format: ExportFormat, suggestedName: string): Promise<string | null> {
  const options = {
    title: 'Export',
    buttonLabel: 'Export',
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters: [{ name: EXPORT_FILTERS[format], extensions: [EXPORT_EXTENSIONS[format].slice(1)] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'] as ('createDirectory' | 'showOverwriteConfirmation')[],
  };
  const parent = mainWindow;
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

function rebuildMenu(): void {
  const core = service;
  if (!core) return;
  const template = menuTemplate({
    platform: process.platform,
    packaged: app.isPackaged,
    caseState: safely(() => core.session.state(), { state: 'none' } as const),
    recent: safely(() => core.config.recentCases(), []),
    actions: {
      command: sendMenuCommand,
      selectRecent: (path) => {
        // The renderer shows the unlock dialog when caseStateChanged reports the case as locked.
        void core.dispatch('selectCase', { path });
        focusWindow();
      },
      lock: () => {
        safely(() => core.session.lock('menu'), null);
      },
      about: showAbout,
      quit: () => {
        app.quit();
      },
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function showAbout(): void {
  const options = {
    type: 'info' as const,
    title: 'About Locard',
    message: `Locard ${LOCARD_VERSION}`,
    detail:
      'An offline workbench for OSINT and cyber-attribution investigations. Cases are encrypted evidence lockers ' +
      '(SQLCipher 4 compatible); nothing in Locard reaches the network.\n\n' +
      `Electron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}.`,
    buttons: ['OK'],
  };
  void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
}

/** A menu must still build if the config or the case cannot be read; the failure is logged. */
function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch (error) {
    console.error('[locard] menu state unavailable:', error);
    return fallback;
  }
}
