import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import { ArrowLeft, CheckCircle2, FileJson, Sheet } from 'lucide-react';
import {
  CSV_IMPORT_KINDS,
  type CsvColumnMapping,
  type CsvImportKind,
  type CsvImportPreview,
  type ExchangeImportResult,
} from '../../../../shared/exchange.js';
import { ENTITY_TYPES } from '../../../../shared/graph.js';
import { INDICATOR_TYPES } from '../../../../shared/indicator-types.js';
import { useClient } from '../../api/context.js';
import { Dialog } from '../../components/Dialog.js';
import { DirectoryBrowser } from '../../components/DirectoryBrowser.js';
import { ErrorMessage } from '../../components/Feedback.js';
import '../../styles/exchange.css';

type Format = 'json' | 'csv';

interface ExchangeImportDialogProps {
  /** After the analyst has read the result and closed the dialog. */
  readonly onImported: (result: ExchangeImportResult) => void;
  readonly onCancel: () => void;
}

const KIND_LABELS: Readonly<Record<CsvImportKind, string>> = { entities: 'Entities', indicators: 'Indicators' };
const ENTITY_CHOICES = ENTITY_TYPES.filter((t) => t !== 'exhibit');
/** The type select's values besides a column index. */
const FIXED = 'fixed';
const DETECT = 'detect';

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

function formatOf(path: string): Format {
  return /\.(csv|tsv)$/i.test(path) ? 'csv' : 'json';
}

/**
 * Import another team's work: a STIX 2.1 bundle or a MISP event (JSON, recognised by its content), or
 * a CSV table of entities or indicators mapped column by column. The file is chosen in the in-app
 * browser in both shells, as for the enrichment CSV.
 */
export function ExchangeImportDialog({ onImported, onCancel }: ExchangeImportDialogProps) {
  const client = useClient();
  const [step, setStep] = useState<'choose' | 'map' | 'done'>('choose');
  const [path, setPath] = useState('');
  const [format, setFormat] = useState<Format>('json');
  const [preview, setPreview] = useState<CsvImportPreview | null>(null);
  const [kind, setKind] = useState<CsvImportKind>('indicators');
  const [mapping, setMapping] = useState<CsvColumnMapping | null>(null);
  const [result, setResult] = useState<ExchangeImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pathId = useId();

  const choose = async (event: SyntheticEvent) => {
    event.preventDefault();
    const chosen = path.trim();
    if (chosen === '') return setError('Choose a file.');
    setBusy(true);
    setError(null);
    if (format === 'json') {
      const imported = await client.importExchangeFile({ path: chosen });
      setBusy(false);
      if (!imported.ok) return setError(imported.error.message);
      setResult(imported.value);
      setStep('done');
      return;
    }
    const previewed = await client.previewCsvImport({ path: chosen });
    setBusy(false);
    if (!previewed.ok) return setError(previewed.error.message);
    setPreview(previewed.value);
    setKind(previewed.value.suggestedKind);
    setMapping(previewed.value.suggested[previewed.value.suggestedKind]);
    setStep('map');
  };

  const importCsv = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (!preview || !mapping) return;
    setBusy(true);
    setError(null);
    const imported = await client.importCsv({ path: preview.path, kind, mapping });
    setBusy(false);
    if (!imported.ok) return setError(imported.error.message);
    setResult(imported.value);
    setStep('done');
  };

  const title = step === 'map' ? 'Map the CSV columns' : step === 'done' ? 'Import finished' : 'Import exchange file';
  const close = step === 'done' && result ? () => onImported(result) : onCancel;

  return (
    <Dialog
      title={title}
      size="lg"
      onClose={close}
      description={
        step === 'choose' ? (
          <p>
            Bring in another team&rsquo;s work. STIX 2.1 bundles and MISP events are recognised by their content; a CSV
            table of entities or indicators is mapped column by column. The file is kept as an exhibit, what it names
            becomes entities and relationships citing it, and the import is recorded in the custody log. A malformed
            file is refused whole.
          </p>
        ) : undefined
      }
    >
      {step === 'choose' && (
        <form className="form" onSubmit={(event) => void choose(event)}>
          <div className="exchange-format" role="group" aria-label="Format">
            <button
              type="button"
              className="exchange-format-option"
              aria-pressed={format === 'json'}
              onClick={() => setFormat('json')}
            >
              <FileJson size={18} aria-hidden="true" />
              <span>
                <strong>STIX 2.1 or MISP</strong>
                <span className="exchange-format-hint">A bundle or an event, as JSON</span>
              </span>
            </button>
            <button
              type="button"
              className="exchange-format-option"
              aria-pressed={format === 'csv'}
              onClick={() => setFormat('csv')}
            >
              <Sheet size={18} aria-hidden="true" />
              <span>
                <strong>CSV table</strong>
                <span className="exchange-format-hint">Entities or indicators, one per row</span>
              </span>
            </button>
          </div>
          <DirectoryBrowser
            mode="evidence"
            chosen={path === '' ? [] : [path]}
            onPick={(picked) => {
              const next = path === picked ? '' : picked;
              setPath(next);
              if (next !== '') setFormat(formatOf(next));
              setError(null);
            }}
          />
          <div className="field">
            <label htmlFor={pathId}>File</label>
            <input
              id={pathId}
              className="mono"
              value={path}
              spellCheck={false}
              autoComplete="off"
              placeholder={format === 'csv' ? '/path/to/indicators.csv' : '/path/to/bundle.json'}
              onChange={(event) => {
                setPath(event.target.value);
                setFormat(formatOf(event.target.value));
              }}
            />
            <span className="field-hint">Tick a file above or type its path.</span>
          </div>
          <ErrorMessage message={error} />
          <div className="form-actions">
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={busy || path.trim() === ''}>
              {busy
                ? format === 'csv'
                  ? 'Reading…'
                  : 'Importing…'
                : format === 'csv'
                  ? 'Next: map columns'
                  : 'Import'}
            </button>
          </div>
        </form>
      )}
      {step === 'map' && preview && mapping && (
        <CsvMapping
          preview={preview}
          kind={kind}
          mapping={mapping}
          busy={busy}
          error={error}
          onKind={(next) => {
            setKind(next);
            setMapping(preview.suggested[next]);
          }}
          onMapping={setMapping}
          onBack={() => {
            setStep('choose');
            setError(null);
          }}
          onSubmit={(event) => void importCsv(event)}
        />
      )}
      {step === 'done' && result && <ImportSummary result={result} onDone={() => onImported(result)} />}
    </Dialog>
  );
}

interface CsvMappingProps {
  readonly preview: CsvImportPreview;
  readonly kind: CsvImportKind;
  readonly mapping: CsvColumnMapping;
  readonly busy: boolean;
  readonly error: string | null;
  readonly onKind: (kind: CsvImportKind) => void;
  readonly onMapping: (mapping: CsvColumnMapping) => void;
  readonly onBack: () => void;
  readonly onSubmit: (event: SyntheticEvent) => void;
}

function CsvMapping({ preview, kind, mapping, busy, error, onKind, onMapping, onBack, onSubmit }: CsvMappingProps) {
  const valueId = useId();
  const typeId = useId();
  const fixedId = useId();
  const descriptionId = useId();
  const tagsId = useId();
  const columns = preview.headers.map((header, i) => ({
    index: i,
    label: header.trim() === '' ? `Column ${String(i + 1)}` : header,
  }));
  const typeChoice = mapping.type !== null ? String(mapping.type) : mapping.fixedType !== undefined ? FIXED : DETECT;
  const types: readonly string[] = kind === 'entities' ? ENTITY_CHOICES : INDICATOR_TYPES;
  const roles = new Map<number, string>();
  roles.set(mapping.value, kind === 'entities' ? 'name' : 'value');
  if (mapping.type !== null) roles.set(mapping.type, 'type');
  if (mapping.description !== null) roles.set(mapping.description, 'description');
  if (mapping.tags !== null) roles.set(mapping.tags, 'tags');
  const optional = (value: string) => (value === '' ? null : Number(value));

  return (
    <form className="form exchange-mapping" onSubmit={onSubmit}>
      <p className="exchange-file tabular">
        <span className="mono">{preview.name}</span> · {plural(preview.rowCount, 'row')} · {preview.delimiter}-separated
      </p>
      <div className="field">
        <span className="exchange-label" id={`${valueId}-kind`}>
          Each row is
        </span>
        <div className="segmented" role="group" aria-labelledby={`${valueId}-kind`}>
          {CSV_IMPORT_KINDS.map((k) => (
            <button key={k} type="button" className="segment" aria-pressed={kind === k} onClick={() => onKind(k)}>
              {KIND_LABELS[k]}
            </button>
          ))}
        </div>
        <span className="field-hint">
          {kind === 'entities'
            ? 'Threat actors, organisations, people, places… Values that are indicators become the case’s indicators.'
            : 'Addresses, domains, URLs, hashes… recognised as Locard’s extractor would (defanged values are refanged).'}
        </span>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={valueId}>{kind === 'entities' ? 'Name column' : 'Value column'}</label>
          <select
            id={valueId}
            value={mapping.value}
            onChange={(e) => onMapping({ ...mapping, value: Number(e.target.value) })}
          >
            {columns.map((c) => (
              <option key={c.index} value={c.index}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={typeId}>Type</label>
          <select
            id={typeId}
            value={typeChoice}
            onChange={(e) => {
              const v = e.target.value;
              if (v === FIXED) onMapping({ ...mapping, type: null, fixedType: types[0] ?? '' });
              else if (v === DETECT) onMapping({ ...mapping, type: null, fixedType: undefined });
              else onMapping({ ...mapping, type: Number(v), fixedType: undefined });
            }}
          >
            {kind === 'indicators' && <option value={DETECT}>Recognise from the value</option>}
            <option value={FIXED}>Same type for every row…</option>
            {columns.map((c) => (
              <option key={c.index} value={c.index}>
                Column: {c.label}
              </option>
            ))}
          </select>
        </div>
        {typeChoice === FIXED && (
          <div className="field">
            <label htmlFor={fixedId}>Every row is a</label>
            <select
              id={fixedId}
              value={mapping.fixedType ?? ''}
              onChange={(e) => onMapping({ ...mapping, fixedType: e.target.value })}
            >
              {types.map((t) => (
                <option key={t} value={t}>
                  {t.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={descriptionId}>Description column</label>
          <select
            id={descriptionId}
            value={mapping.description ?? ''}
            onChange={(e) => onMapping({ ...mapping, description: optional(e.target.value) })}
          >
            <option value="">None</option>
            {columns.map((c) => (
              <option key={c.index} value={c.index}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        {kind === 'indicators' && (
          <div className="field">
            <label htmlFor={tagsId}>Tags column</label>
            <select
              id={tagsId}
              value={mapping.tags ?? ''}
              onChange={(e) => onMapping({ ...mapping, tags: optional(e.target.value) })}
            >
              <option value="">None</option>
              {columns.map((c) => (
                <option key={c.index} value={c.index}>
                  {c.label}
                </option>
              ))}
            </select>
            <span className="field-hint">Several tags in a cell: separate them with ; or |.</span>
          </div>
        )}
      </div>
      <div className="exchange-preview" role="region" aria-label="First rows of the file">
        <table>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.index} scope="col" className={roles.has(c.index) ? 'is-mapped' : undefined}>
                  <span className="exchange-column">{c.label}</span>
                  {roles.has(c.index) && <span className="exchange-role">{roles.get(c.index)}</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, r) => (
              <tr key={r}>
                {columns.map((c) => (
                  <td key={c.index} className={roles.has(c.index) ? 'is-mapped' : undefined}>
                    {row[c.index] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.rowCount > preview.rows.length && (
        <p className="field-hint">
          The first {preview.rows.length} of {plural(preview.rowCount, 'row')}.
        </p>
      )}
      <ErrorMessage message={error} />
      <div className="form-actions">
        <button type="button" className="button exchange-back" onClick={onBack}>
          <ArrowLeft size={14} aria-hidden="true" />
          Back
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Importing…' : `Import ${plural(preview.rowCount, 'row')}`}
        </button>
      </div>
    </form>
  );
}

function ImportSummary({ result, onDone }: { readonly result: ExchangeImportResult; readonly onDone: () => void }) {
  const done = useRef<HTMLButtonElement>(null);
  // The dialog stays open from step to step: move focus to the one action left.
  useEffect(() => done.current?.focus(), []);
  const format = result.format === 'stix' ? 'STIX 2.1 bundle' : result.format === 'misp' ? 'MISP event' : 'CSV table';
  const unit = result.format === 'csv' ? 'row' : result.format === 'misp' ? 'attribute' : 'object';
  const rows: [string, string][] = [
    ['Kept as', `${result.exhibit}${result.duplicateFile ? ' (these bytes were already in the case)' : ''}`],
    ['From', `${result.source} · ${format}`],
    ['Read', plural(result.objects, unit)],
    ['New entities', result.entitiesCreated.toLocaleString('en')],
    [
      'Already in the case',
      `${plural(result.entitiesMatched, 'entity', 'entities')}, ${plural(result.relationshipsExisting, 'relationship')}`,
    ],
    ['New relationships', result.relationshipsCreated.toLocaleString('en')],
    ['Imported before', result.alreadyImported.toLocaleString('en')],
  ];
  return (
    <div className="form exchange-summary">
      <p className="exchange-done" role="status">
        <CheckCircle2 size={16} aria-hidden="true" />
        Imported {result.exhibit} and recorded the import in the custody log.
        {result.relationshipsCreated > 0 ? ' New relationships cite it.' : ''}
      </p>
      <dl className="exchange-facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className="tabular">{value}</dd>
          </div>
        ))}
      </dl>
      {result.skippedCount > 0 && (
        <section aria-labelledby="exchange-skipped">
          <h3 id="exchange-skipped" className="exchange-skipped-title">
            Skipped {plural(result.skippedCount, unit)}
            {result.skippedCount > result.skipped.length ? ` (the first ${String(result.skipped.length)} listed)` : ''}
          </h3>
          <ul className="exchange-skipped">
            {result.skipped.map((s, i) => (
              <li key={`${s.id}-${String(i)}`}>
                <span className="mono">{s.id}</span>
                {s.type !== '' && <span className="exchange-skipped-type">{s.type}</span>}
                <span className="exchange-skipped-reason">{s.reason}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="form-actions">
        <button ref={done} type="button" className="button button-primary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
