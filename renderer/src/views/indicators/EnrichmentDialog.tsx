import { useId, useState, type SyntheticEvent } from 'react';
import { useClient } from '../../api/context.js';
import { Dialog } from '../../components/Dialog.js';
import { DirectoryBrowser } from '../../components/DirectoryBrowser.js';
import { ErrorMessage } from '../../components/Feedback.js';

interface EnrichmentDialogProps {
  /** With the number of ranges stored. */
  readonly onImported: (ranges: number) => void;
  readonly onCancel: () => void;
}

/**
 * Choose an analyst CSV of IP ranges (prefix → ASN, organisation, country) and import it. The file is
 * chosen in the in-app browser in both shells: the system dialogs the API offers are for evidence and
 * cases, and a CSV of ranges is neither.
 */
export function EnrichmentDialog({ onImported, onCancel }: EnrichmentDialogProps) {
  const client = useClient();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pathId = useId();

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const chosen = path.trim();
    if (chosen === '') return setError('Choose a CSV file.');
    setBusy(true);
    setError(null);
    const result = await client.importEnrichmentCsv({ path: chosen });
    setBusy(false);
    if (result.ok) onImported(result.value.ranges);
    else setError(result.error.message);
  };

  return (
    <Dialog
      title="Import enrichment CSV"
      size="lg"
      onClose={onCancel}
      description={
        <>
          <p>
            Add IP ranges the bundled offline data does not know, such as a hosting provider&rsquo;s. The first line
            names the columns; each further line is one range (CIDR, a single address, or first-last):
          </p>
          <pre className="csv-sample">prefix,asn,organisation,country{'\n'}203.0.113.0/24,AS64500,Worldstream,NL</pre>
          <p>A file with any bad line is refused whole, naming each line. The import is recorded in the custody log.</p>
        </>
      }
    >
      <form className="form" onSubmit={(event) => void submit(event)}>
        <DirectoryBrowser
          mode="evidence"
          chosen={path === '' ? [] : [path]}
          onPick={(picked) => {
            setPath((previous) => (previous === picked ? '' : picked));
            setError(null);
          }}
        />
        <div className="field">
          <label htmlFor={pathId}>CSV file</label>
          <input
            id={pathId}
            className="mono"
            value={path}
            spellCheck={false}
            autoComplete="off"
            placeholder="/path/to/ranges.csv"
            onChange={(event) => setPath(event.target.value)}
          />
          <span className="field-hint">Tick a file above or type its path.</span>
        </div>
        <ErrorMessage message={error} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || path.trim() === ''}>
            {busy ? 'Importing…' : 'Import ranges'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
