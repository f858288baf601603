import { useId, useState, type SubmitEvent } from 'react';
import {
  MIN_PASSPHRASE_LENGTH,
  OCR_FRAME_INTERVAL_RANGE_S,
  OCR_LANGUAGES,
  TLP_MARKINGS,
  type AppSettings,
  type CaseSummary,
  type OcrLanguage,
  type TlpMarking,
} from '../../../shared/domain.js';
import { useClient } from '../api/context.js';
import { Dialog } from '../components/Dialog.js';
import { PasswordField } from '../components/PasswordField.js';
import { ErrorMessage } from '../components/Feedback.js';
import { parseFrameInterval } from '../views/evidence/ocr-job.js';

interface SettingsDialogProps {
  readonly summary: CaseSummary;
  readonly settings: AppSettings;
  readonly onSummary: (summary: CaseSummary) => void;
  readonly onSettings: (settings: AppSettings) => void;
  readonly onClose: () => void;
}

function Saved({ message }: { readonly message: string | null }) {
  return message === null ? null : (
    <p className="saved-message" role="status">
      {message}
    </p>
  );
}

function CaseSection({ summary, onSummary }: Pick<SettingsDialogProps, 'summary' | 'onSummary'>) {
  const client = useClient();
  const titleId = useId();
  const tlpId = useId();
  const [title, setTitle] = useState(summary.title);
  const [tlp, setTlp] = useState<TlpMarking>(summary.tlp);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(null);
    if (title.trim() === '') {
      setError('The case needs a title.');
      return;
    }
    const result = await client.updateCaseMetadata({ title: title.trim(), tlp });
    if (!result.ok) return setError(result.error.message);
    onSummary(result.value);
    setSaved('Case details saved and recorded in the custody log.');
  };

  return (
    <form
      className="form settings-section"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${titleId}-h`}
      noValidate
    >
      <h3 id={`${titleId}-h`}>Case</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor={titleId}>Case title</label>
          <input
            id={titleId}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            autoComplete="off"
            data-autofocus
          />
        </div>
        <div className="field field-narrow">
          <label htmlFor={tlpId}>TLP marking</label>
          <select id={tlpId} value={tlp} onChange={(event) => setTlp(event.target.value as TlpMarking)}>
            {TLP_MARKINGS.map((marking) => (
              <option key={marking} value={marking}>
                TLP:{marking}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorMessage message={error} />
      <Saved message={saved} />
      <div className="form-actions">
        <button type="submit" className="button">
          Save case details
        </button>
      </div>
    </form>
  );
}

function WorkstationSection({ settings, onSettings }: Pick<SettingsDialogProps, 'settings' | 'onSettings'>) {
  const client = useClient();
  const headId = useId();
  const analystId = useId();
  const minutesId = useId();
  const themeId = useId();
  const [analyst, setAnalyst] = useState(settings.analystName);
  const [minutes, setMinutes] = useState(String(settings.autoLockMinutes));
  const [theme, setTheme] = useState(settings.theme);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(null);
    const autoLockMinutes = Number(minutes);
    if (!Number.isInteger(autoLockMinutes) || autoLockMinutes < 0) {
      setError('Auto-lock takes a whole number of minutes; 0 turns it off.');
      return;
    }
    if (analyst.trim() === '') {
      setError('Enter the analyst name to record in the custody log.');
      return;
    }
    const result = await client.updateSettings({ analystName: analyst.trim(), autoLockMinutes, theme });
    if (!result.ok) return setError(result.error.message);
    onSettings(result.value);
    setSaved('Saved for this workstation.');
  };

  return (
    <form
      className="form settings-section"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={headId}
      noValidate
    >
      <h3 id={headId}>This workstation</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor={analystId}>Analyst name</label>
          <input
            id={analystId}
            value={analyst}
            onChange={(event) => setAnalyst(event.target.value)}
            autoComplete="off"
          />
        </div>
        <div className="field field-narrow">
          <label htmlFor={minutesId}>Auto-lock (minutes)</label>
          <input
            id={minutesId}
            type="number"
            min={0}
            step={1}
            value={minutes}
            onChange={(event) => setMinutes(event.target.value)}
          />
        </div>
        <div className="field field-narrow">
          <label htmlFor={themeId}>Theme</label>
          <select id={themeId} value={theme} onChange={(event) => setTheme(event.target.value as AppSettings['theme'])}>
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </div>
      </div>
      <p className="field-hint">
        The analyst name is written into every custody entry you make. 0 minutes turns auto-lock off.
      </p>
      <ErrorMessage message={error} />
      <Saved message={saved} />
      <div className="form-actions">
        <button type="submit" className="button">
          Save workstation settings
        </button>
      </div>
    </form>
  );
}

const OCR_LANGUAGE_NAMES: Readonly<Record<OcrLanguage, string>> = {
  eng: 'English',
  fas: 'Persian',
  ara: 'Arabic',
};

function OcrSection({ settings, onSettings }: Pick<SettingsDialogProps, 'settings' | 'onSettings'>) {
  const client = useClient();
  const headId = useId();
  const intervalId = useId();
  const intervalNoteId = useId();
  const languagesNoteId = useId();
  const [interval, setIntervalText] = useState(String(settings.ocrFrameIntervalS));
  const [languages, setLanguages] = useState<readonly OcrLanguage[]>(settings.ocrLanguages);
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const parsed = parseFrameInterval(interval);
  const intervalProblem = 'problem' in parsed ? parsed.problem : null;
  const languagesProblem = languages.length === 0 ? 'Choose at least one language for OCR to read.' : null;
  // Shown as soon as the analyst types an interval out of range; the languages once they try to save.
  const showInterval = intervalProblem !== null && (submitted || interval.trim() !== '');
  const showLanguages = languagesProblem !== null;

  const toggle = (language: OcrLanguage) => {
    setSaved(null);
    // Ticked last goes last: the first language ticked stays the main one.
    setLanguages((current) =>
      current.includes(language) ? current.filter((item) => item !== language) : [...current, language],
    );
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setError(null);
    setSaved(null);
    if ('problem' in parsed || languagesProblem !== null) return;
    const result = await client.updateSettings({ ocrFrameIntervalS: parsed.value, ocrLanguages: languages });
    if (!result.ok) return setError(result.error.message);
    onSettings(result.value);
    setIntervalText(String(result.value.ocrFrameIntervalS));
    setLanguages(result.value.ocrLanguages);
    setSaved('Saved. OCR started from now on uses these settings; exhibits already read keep their text.');
  };

  return (
    <form
      className="form settings-section"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={headId}
      noValidate
    >
      <h3 id={headId}>OCR</h3>
      <div className="field-row">
        <div className="field ocr-interval">
          <label htmlFor={intervalId}>Video frame interval (seconds)</label>
          <input
            id={intervalId}
            type="number"
            inputMode="decimal"
            min={OCR_FRAME_INTERVAL_RANGE_S.min}
            max={OCR_FRAME_INTERVAL_RANGE_S.max}
            step={0.5}
            value={interval}
            aria-invalid={showInterval}
            aria-describedby={intervalNoteId}
            onChange={(event) => {
              setSaved(null);
              setIntervalText(event.target.value);
            }}
          />
        </div>
        <fieldset className="field ocr-languages" aria-describedby={languagesNoteId}>
          <legend>Languages</legend>
          <div className="ocr-language-list">
            {OCR_LANGUAGES.map((language) => (
              <label key={language} className="check">
                <input
                  type="checkbox"
                  checked={languages.includes(language)}
                  aria-invalid={showLanguages}
                  onChange={() => toggle(language)}
                />
                <span>{OCR_LANGUAGE_NAMES[language]}</span>
                <span className="faint mono small">{language}</span>
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <p id={intervalNoteId} className={showInterval ? 'field-error' : 'field-hint'}>
        {showInterval
          ? intervalProblem
          : `Videos are read at every scene change and at least this often (${OCR_FRAME_INTERVAL_RANGE_S.min}–${OCR_FRAME_INTERVAL_RANGE_S.max} s); a shorter interval reads more frames and takes longer.`}
      </p>
      <p id={languagesNoteId} className={showLanguages ? 'field-error' : 'field-hint'}>
        {showLanguages
          ? languagesProblem
          : `Read as ${languages.map((language) => OCR_LANGUAGE_NAMES[language]).join(' + ')}; the first ticked is the main language. Each extra language makes OCR slower.`}
      </p>
      <ErrorMessage message={error} />
      <Saved message={saved} />
      <div className="form-actions">
        <button type="submit" className="button">
          Save OCR settings
        </button>
      </div>
    </form>
  );
}

function PassphraseSection({ onSummary }: Pick<SettingsDialogProps, 'onSummary'>) {
  const client = useClient();
  const headId = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(null);
    if (current === '') return setError('Enter the current passphrase.');
    if (next.length < MIN_PASSPHRASE_LENGTH)
      return setError(`The new passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`);
    if (next !== confirm) return setError('The new passphrase and its confirmation differ.');
    if (next === current) return setError('The new passphrase is the same as the current one.');
    setBusy(true);
    const result = await client.changePassphrase({ current, next });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    onSummary(result.value);
    setCurrent('');
    setNext('');
    setConfirm('');
    setSaved('Passphrase changed. The old passphrase no longer opens this case.');
  };

  return (
    <form
      className="form settings-section"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={headId}
      noValidate
    >
      <h3 id={headId}>Passphrase</h3>
      <div className="field-row">
        <PasswordField
          label="Current passphrase"
          value={current}
          onChange={setCurrent}
          autoComplete="current-password"
        />
        <PasswordField label="New passphrase" value={next} onChange={setNext} autoComplete="new-password" />
        <PasswordField
          label="Confirm new passphrase"
          value={confirm}
          onChange={setConfirm}
          autoComplete="new-password"
        />
      </div>
      <ErrorMessage message={error} />
      <Saved message={saved} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Re-encrypting…' : 'Change passphrase'}
        </button>
      </div>
    </form>
  );
}

export function SettingsDialog(props: SettingsDialogProps) {
  return (
    <Dialog title="Case settings" onClose={props.onClose} size="lg">
      <CaseSection summary={props.summary} onSummary={props.onSummary} />
      <WorkstationSection settings={props.settings} onSettings={props.onSettings} />
      <OcrSection settings={props.settings} onSettings={props.onSettings} />
      <PassphraseSection onSummary={props.onSummary} />
    </Dialog>
  );
}
