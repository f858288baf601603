import { useEffect, useEffectEvent, useState } from 'react';
import type { MenuCommand } from '../../shared/api.js';
import type { AppInfo, AppSettings, CaseState, CaseSummary, RecentCase } from '../../shared/domain.js';
import { useClient } from './api/context.js';
import { ErrorMessage } from './components/Feedback.js';
import { useActivityReporting } from './hooks/useActivity.js';
import { useResolvedTheme } from './hooks/useTheme.js';
import { CreateCaseDialog } from './screens/CreateCaseDialog.js';
import { OpenCaseDialog } from './screens/OpenCaseDialog.js';
import { SettingsDialog } from './screens/SettingsDialog.js';
import { StartScreen } from './screens/StartScreen.js';
import { UnlockDialog } from './screens/UnlockDialog.js';
import { Workspace } from './screens/Workspace.js';

type DialogKind = 'create' | 'open' | 'settings' | null;

interface Boot {
  readonly appInfo: AppInfo;
  readonly settings: AppSettings;
}

export function App() {
  const client = useClient();
  const [boot, setBoot] = useState<Boot | null>(null);
  const [bootError, setBootError] = useState<string | null>(null);
  const [caseState, setCaseState] = useState<CaseState | null>(null);
  const [recent, setRecent] = useState<readonly RecentCase[]>([]);
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [workspaceError, setWorkspaceError] = useState<string | null>(null);

  const theme = useResolvedTheme(boot?.settings.theme ?? 'system');
  const open = caseState?.state === 'open';
  useActivityReporting(open);

  useEffect(() => {
    let current = true;
    void Promise.all([client.getAppInfo({}), client.getSettings({}), client.getCaseState({})]).then(
      ([info, settings, state]) => {
        if (!current) return;
        if (!info.ok) return setBootError(info.error.message);
        if (!settings.ok) return setBootError(settings.error.message);
        if (!state.ok) return setBootError(state.error.message);
        setBoot({ appInfo: info.value, settings: settings.value });
        setCaseState(state.value);
      },
    );
    return () => {
      current = false;
    };
  }, [client]);

  // The recent-cases list changes whenever a case is created, opened or closed: reload on the start screen.
  const onStartScreen = caseState !== null && caseState.state !== 'open';
  useEffect(() => {
    if (!onStartScreen) return;
    let current = true;
    void client.listRecentCases({}).then((result) => {
      if (!current) return;
      if (result.ok) setRecent(result.value);
      else setStartError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [client, onStartScreen, caseState]);

  useEffect(() => {
    document.title =
      caseState?.state === 'open'
        ? `${caseState.summary.title} — Locard`
        : caseState?.state === 'locked'
          ? 'Locked — Locard'
          : 'Locard';
  }, [caseState]);

  const showOpen = (summary: CaseSummary) => {
    setCaseState({ state: 'open', summary });
    setDialog(null);
    setStartError(null);
    setWorkspaceError(null);
  };

  const lock = async () => {
    const result = await client.lockCase({});
    if (result.ok) {
      setDialog(null);
      setCaseState(result.value);
    } else setWorkspaceError(result.error.message);
  };

  const closeCase = async () => {
    const result = await client.closeCase({});
    if (result.ok) {
      setDialog(null);
      setCaseState(result.value);
    } else (caseState?.state === 'open' ? setWorkspaceError : setStartError)(result.error.message);
  };

  const selectPath = async (path: string): Promise<string | null> => {
    const result = await client.selectCase({ path });
    if (!result.ok) return result.error.message;
    setDialog(null);
    setCaseState(result.value);
    return null;
  };

  const startOpen = async () => {
    setStartError(null);
    if (!boot?.appInfo.nativeDialogs) {
      setDialog('open');
      return;
    }
    const chosen = await client.chooseCasePath({ purpose: 'open' });
    if (!chosen.ok) return setStartError(chosen.error.message);
    if (chosen.value === null) return;
    const problem = await selectPath(chosen.value);
    if (problem !== null) setStartError(problem);
  };

  const toggleTheme = () => {
    if (!boot) return;
    const next = theme === 'dark' ? 'light' : 'dark';
    setBoot({ ...boot, settings: { ...boot.settings, theme: next } });
    void client.updateSettings({ theme: next }).then((result) => {
      if (!result.ok) setStartError(result.error.message);
    });
  };

  const onMenuCommand = useEffectEvent((command: MenuCommand) => {
    switch (command) {
      case 'new-case':
        setDialog('create');
        break;
      case 'open-case':
        void startOpen();
        break;
      case 'lock-case':
        if (open) void lock();
        break;
      case 'close-case':
        if (caseState?.state !== 'none') void closeCase();
        break;
      case 'toggle-theme':
        toggleTheme();
        break;
    }
  });

  const onShortcut = useEffectEvent((event: KeyboardEvent) => {
    if (
      (event.ctrlKey || event.metaKey) &&
      !event.altKey &&
      !event.shiftKey &&
      event.key.toLowerCase() === 'l' &&
      open
    ) {
      event.preventDefault();
      void lock();
    }
  });

  useEffect(() => {
    const unsubscribe = [
      client.on('caseStateChanged', (state) => {
        setCaseState(state);
        if (state.state !== 'open') setDialog((kind) => (kind === 'settings' ? null : kind));
      }),
      // Auto-lock happens in main; the state event normally follows, but ask in case it was missed.
      client.on('caseLocked', () => {
        setDialog((kind) => (kind === 'settings' ? null : kind));
        void client.getCaseState({}).then((result) => {
          if (result.ok) setCaseState(result.value);
        });
      }),
      client.on('menuCommand', ({ command }) => onMenuCommand(command)),
    ];
    const onKeyDown = (event: KeyboardEvent) => onShortcut(event);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      for (const off of unsubscribe) off();
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [client]);

  if (bootError !== null) {
    return (
      <main className="boot">
        <h1>Locard could not start</h1>
        <ErrorMessage message={bootError} />
      </main>
    );
  }
  if (!boot || !caseState) {
    return (
      <main className="boot" aria-busy="true">
        <p className="muted">Starting Locard…</p>
      </main>
    );
  }

  return (
    <>
      {caseState.state === 'open' ? (
        <Workspace
          summary={caseState.summary}
          theme={theme}
          error={workspaceError}
          nativeDialogs={boot.appInfo.nativeDialogs}
          onToggleTheme={toggleTheme}
          onLock={() => void lock()}
          onCloseCase={() => void closeCase()}
          onOpenSettings={() => setDialog('settings')}
        />
      ) : (
        <StartScreen
          appInfo={boot.appInfo}
          recent={recent}
          error={startError}
          theme={theme}
          onToggleTheme={toggleTheme}
          onNewCase={() => {
            setStartError(null);
            setDialog('create');
          }}
          onOpenCase={() => void startOpen()}
          onSampleOpened={showOpen}
          onOpenRecent={(path) => {
            setStartError(null);
            void selectPath(path).then((problem) => setStartError(problem));
          }}
          onForgetRecent={(path) => {
            void client.forgetRecentCase({ path }).then((result) => {
              if (result.ok) setRecent(result.value);
              else setStartError(result.error.message);
            });
          }}
        />
      )}
      {caseState.state === 'locked' && dialog === null && (
        <UnlockDialog
          key={caseState.path}
          path={caseState.path}
          reason={caseState.reason}
          autoLockMinutes={boot.settings.autoLockMinutes}
          onUnlocked={showOpen}
          onCloseCase={() => void closeCase()}
        />
      )}
      {dialog === 'create' && (
        <CreateCaseDialog
          appInfo={boot.appInfo}
          defaultAnalyst={boot.settings.analystName}
          onCreated={showOpen}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog === 'open' && (
        <OpenCaseDialog appInfo={boot.appInfo} onSelect={selectPath} onCancel={() => setDialog(null)} />
      )}
      {dialog === 'settings' && caseState.state === 'open' && (
        <SettingsDialog
          summary={caseState.summary}
          settings={boot.settings}
          onSummary={(summary) => setCaseState({ state: 'open', summary })}
          onSettings={(settings) => setBoot({ ...boot, settings })}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
