import { useId, useState, type SubmitEvent } from 'react';
import { FolderOpen } from 'lucide-react';
import {
  MIN_PASSPHRASE_LENGTH,
  TLP_MARKINGS,
  type AppInfo,
  type CaseSummary,
  type TlpMarking,
} from '../../../shared/domain.js';
import { useClient } from '../api/context.js';
import { Dialog } from '../components/Dialog.js';
import { PasswordField } from '../components/PasswordField.js';
import { DirectoryBrowser } from '../components/DirectoryBrowser.js';
import { ErrorMessage } from '../components/Feedback.js';
import { dirName, joinPath, slugify } from '../format.js';

interface CreateCaseDialogProps {
  readonly appInfo: AppInfo;
  readonly defaultAnalyst: string;
  readonly onCreated: (summary: CaseSummary) => void;
  readonly onCancel: () => void;
}

export function CreateCaseDialog({ appInfo, defaultAnalyst, onCreated, onCancel }: CreateCaseDialogProps) {
  const client = useClient();
  const ids = {
    title: useId(),
    analyst: useId(),
    tlp: useId(),
    path: useId(),
  };
  const [title, setTitle] = useState('');
  const [analyst, setAnalyst] = useState(defaultAnalyst);
  const [tlp, setTlp] = useState<TlpMarking>('AMBER');
  const [customPath, setCustomPath] = useState<string | null>(null);
  const [browsing, setBrowsing] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [touched, setTouched] = useState({ title: false, passphrase: false, confirm: false });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const fileName = `${slugify(title)}.locard`;
  const path = customPath ?? joinPath(appInfo.defaultCaseDirectory, fileName);

  const titleProblem = title.trim() === '' ? 'Give the case a title.' : null;
  const passProblem =
    passphrase.length < MIN_PASSPHRASE_LENGTH ? `Use at least ${MIN_PASSPHRASE_LENGTH} characters.` : null;
  const confirmProblem = confirm !== passphrase ? 'The two passphrases differ.' : null;
  const pathProblem = path.trim() === '' ? 'Choose where to save the case file.' : null;

  const chooseNative = async () => {
    setError(null);
    const result = await client.chooseCasePath({ purpose: 'create' });
    if (!result.ok) setError(result.error.message);
    else if (result.value !== null) setCustomPath(result.value);
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setTouched({ title: true, passphrase: true, confirm: true });
    if (titleProblem ?? passProblem ?? confirmProblem ?? pathProblem) return;
    setBusy(true);
    setError(null);
    const result = await client.createCase({
      path: path.trim(),
      passphrase,
      title: title.trim(),
      analyst: analyst.trim() || defaultAnalyst,
      tlp,
    });
    setBusy(false);
    if (result.ok) onCreated(result.value);
    else setError(result.error.message);
  };

  return (
    <Dialog
      title="New case"
      description="A case is one encrypted file holding all its evidence and its custody log. Keep the passphrase safe: nobody can recover a case without it."
      onClose={onCancel}
      size="lg"
    >
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={ids.title}>Case title</label>
          <input
            id={ids.title}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            onBlur={() => setTouched((t) => ({ ...t, title: true }))}
            aria-invalid={touched.title && titleProblem !== null}
            placeholder="e.g. Threatening voter emails, November"
            data-autofocus
            autoComplete="off"
          />
          {touched.title && titleProblem && <p className="field-error">{titleProblem}</p>}
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.analyst}>Analyst</label>
            <input
              id={ids.analyst}
              value={analyst}
              onChange={(event) => setAnalyst(event.target.value)}
              autoComplete="off"
            />
          </div>
          <div className="field field-narrow">
            <label htmlFor={ids.tlp}>TLP marking</label>
            <select id={ids.tlp} value={tlp} onChange={(event) => setTlp(event.target.value as TlpMarking)}>
              {TLP_MARKINGS.map((marking) => (
                <option key={marking} value={marking}>
                  TLP:{marking}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor={ids.path}>Case file</label>
          <div className="input-with-button">
            <input
              id={ids.path}
              className="mono"
              value={path}
              readOnly={appInfo.nativeDialogs}
              onChange={(event) => setCustomPath(event.target.value)}
              spellCheck={false}
              autoComplete="off"
            />
            {appInfo.nativeDialogs ? (
              <button type="button" className="button" onClick={() => void chooseNative()}>
                Choose…
              </button>
            ) : (
              <button
                type="button"
                className="button"
                aria-expanded={browsing}
                onClick={() => setBrowsing((open) => !open)}
              >
                <FolderOpen size={15} aria-hidden="true" />
                {browsing ? 'Hide folders' : 'Browse…'}
              </button>
            )}
          </div>
          {pathProblem && <p className="field-error">{pathProblem}</p>}
          {browsing && (
            <DirectoryBrowser
              start={dirName(path) || appInfo.defaultCaseDirectory}
              mode="folder"
              onPick={(folder) => {
                setCustomPath(joinPath(folder, fileName));
                setBrowsing(false);
              }}
            />
          )}
        </div>
        <div className="field-row">
          <PasswordField
            label="Passphrase"
            value={passphrase}
            onChange={setPassphrase}
            onBlur={() => setTouched((t) => ({ ...t, passphrase: true }))}
            autoComplete="new-password"
            error={touched.passphrase ? passProblem : null}
            hint={`At least ${String(MIN_PASSPHRASE_LENGTH)} characters; a few unrelated words work well.`}
          />
          <PasswordField
            label="Confirm passphrase"
            value={confirm}
            onChange={setConfirm}
            onBlur={() => setTouched((t) => ({ ...t, confirm: true }))}
            autoComplete="new-password"
            error={touched.confirm ? confirmProblem : null}
            hint="Type it again."
          />
        </div>
        <ErrorMessage message={error} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create case'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
