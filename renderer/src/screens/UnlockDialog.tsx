import { useState, type SubmitEvent } from 'react';
import { LockKeyhole } from 'lucide-react';
import type { LockReason } from '../../../shared/domain.js';
import { useClient } from '../api/context.js';
import { Dialog } from '../components/Dialog.js';
import { PasswordField } from '../components/PasswordField.js';
import { ErrorMessage } from '../components/Feedback.js';
import type { CaseSummary } from '../../../shared/domain.js';

interface UnlockDialogProps {
  readonly path: string;
  readonly reason: LockReason;
  readonly autoLockMinutes: number;
  readonly onUnlocked: (summary: CaseSummary) => void;
  readonly onCloseCase: () => void;
}

function reasonText(reason: LockReason, minutes: number): string {
  switch (reason) {
    case 'idle':
      return `Locked after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} without activity.`;
    case 'user':
    case 'menu':
      return 'You locked this case. Its contents are closed and its key is forgotten until you unlock it.';
    case 'opened-by-path':
      return 'Enter the passphrase to open this case.';
  }
}

export function UnlockDialog({ path, reason, autoLockMinutes, onUnlocked, onCloseCase }: UnlockDialogProps) {
  const client = useClient();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await client.unlockCase({ passphrase });
    setBusy(false);
    if (result.ok) {
      setPassphrase('');
      onUnlocked(result.value);
    } else {
      setError(result.error.message);
      setPassphrase('');
    }
  };

  return (
    <Dialog title={reason === 'opened-by-path' ? 'Open case' : 'Case locked'} size="sm">
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="unlock-head">
          <LockKeyhole size={20} aria-hidden="true" />
          <p>{reasonText(reason, autoLockMinutes)}</p>
        </div>
        <p className="path-line mono" title={path}>
          {path}
        </p>
        <PasswordField
          label="Passphrase"
          value={passphrase}
          onChange={setPassphrase}
          autoComplete="current-password"
          invalid={error !== null}
          focusFirst
        />
        <ErrorMessage message={error} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onCloseCase}>
            Close case
          </button>
          <button type="submit" className="button button-primary" disabled={busy || passphrase === ''}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
