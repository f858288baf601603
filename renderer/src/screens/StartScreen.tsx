import { useState } from 'react';
import { FilePlus2, FolderOpen, FileLock2, FileX2, FlaskConical, LoaderCircle } from 'lucide-react';
import { SAMPLE_CASE_PASSPHRASE } from '../../../shared/api.js';
import type { AppInfo, CaseSummary, RecentCase } from '../../../shared/domain.js';
import { useClient } from '../api/context.js';
import { ErrorMessage } from '../components/Feedback.js';
import { baseName, dirName, formatUtc } from '../format.js';
import { ThemeToggle } from '../components/ThemeToggle.js';
import './StartScreen.css';

interface StartScreenProps {
  readonly appInfo: AppInfo;
  readonly recent: readonly RecentCase[];
  readonly error: string | null;
  readonly theme: 'light' | 'dark';
  readonly onToggleTheme: () => void;
  readonly onNewCase: () => void;
  readonly onOpenCase: () => void;
  readonly onOpenRecent: (path: string) => void;
  readonly onForgetRecent: (path: string) => void;
  /** The sample case was built (if needed) and opened. */
  readonly onSampleOpened: (summary: CaseSummary) => void;
}

export function StartScreen(props: StartScreenProps) {
  const { appInfo, recent } = props;
  const client = useClient();
  const [sampleBusy, setSampleBusy] = useState(false);
  const [sampleError, setSampleError] = useState<string | null>(null);

  const openSample = async () => {
    setSampleError(null);
    setSampleBusy(true);
    const result = await client.openSampleCase({});
    setSampleBusy(false);
    if (result.ok) props.onSampleOpened(result.value);
    else setSampleError(result.error.message);
  };

  return (
    <div className="start">
      <header className="start-bar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">
            L
          </span>
          Locard
        </span>
        <span className="start-version">Version {appInfo.version}</span>
        <span className="spacer" />
        <ThemeToggle theme={props.theme} onToggle={props.onToggleTheme} />
      </header>
      <main className="start-main">
        <section className="start-intro" aria-labelledby="start-title">
          <h1 id="start-title">Investigations workbench</h1>
          <p className="lede">
            Each case is one encrypted file: evidence, indicators, relationships, timeline and a tamper-evident custody
            log. Nothing leaves this machine.
          </p>
          <div className="start-actions">
            <button type="button" className="action-card" onClick={props.onNewCase}>
              <FilePlus2 size={22} aria-hidden="true" />
              <span className="action-title">New case…</span>
              <span className="action-text">Create an encrypted case file protected by a passphrase.</span>
            </button>
            <button type="button" className="action-card" onClick={props.onOpenCase}>
              <FolderOpen size={22} aria-hidden="true" />
              <span className="action-title">Open case…</span>
              <span className="action-text">Open an existing .locard file, from this disk or removable media.</span>
            </button>
            <button
              type="button"
              className="action-card action-card-sample"
              onClick={() => void openSample()}
              disabled={sampleBusy}
              aria-busy={sampleBusy}
              aria-describedby="sample-note"
            >
              {sampleBusy ? (
                <LoaderCircle size={22} className="spin" aria-hidden="true" />
              ) : (
                <FlaskConical size={22} aria-hidden="true" />
              )}
              <span className="action-body">
                <span className="action-title">{sampleBusy ? 'Building the sample case…' : 'Open sample case'}</span>
                <span className="action-text" id="sample-note">
                  {sampleBusy ? (
                    'Importing the bundled sample evidence into a new encrypted case; this takes a few seconds.'
                  ) : (
                    <>
                      Builds a case from the bundled sample evidence (synthetic e-mails, reports, images, a screen
                      recording) the first time, then opens it. Passphrase:{' '}
                      <span className="mono">{SAMPLE_CASE_PASSPHRASE}</span>
                    </>
                  )}
                </span>
              </span>
            </button>
          </div>
          <ErrorMessage message={props.error ?? sampleError} />
        </section>
        <section className="start-recent" aria-labelledby="recent-title">
          <h2 id="recent-title">Recent cases</h2>
          {recent.length === 0 ? (
            <p className="muted">
              Cases you create or open appear here. Only their paths are remembered; titles stay inside the encrypted
              files.
            </p>
          ) : (
            <ul className="recent-list">
              {recent.map((item) => (
                <li key={item.path} className={item.exists ? 'recent' : 'recent recent-missing'}>
                  {item.exists ? (
                    <button type="button" className="recent-open" onClick={() => props.onOpenRecent(item.path)}>
                      <FileLock2 size={16} aria-hidden="true" />
                      <span className="recent-name">{baseName(item.path)}</span>
                      <span className="recent-path mono">{dirName(item.path)}</span>
                      <span className="recent-time">{formatUtc(item.lastOpenedAt)}</span>
                    </button>
                  ) : (
                    <div className="recent-open" aria-disabled="true">
                      <FileX2 size={16} aria-hidden="true" />
                      <span className="recent-name">{baseName(item.path)}</span>
                      <span className="recent-path mono">{item.path} — not found</span>
                      <span className="recent-time">{formatUtc(item.lastOpenedAt)}</span>
                    </div>
                  )}
                  {!item.exists && (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => props.onForgetRecent(item.path)}
                      aria-label={`Forget ${item.path}`}
                    >
                      Forget
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
    </div>
  );
}
