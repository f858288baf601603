import { useEffect, useId, useLayoutEffect, useRef, useState, type SyntheticEvent } from 'react';
import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight } from 'lucide-react';
import { useClient } from '../../../api/context.js';
import { ErrorMessage } from '../../../components/Feedback.js';
import { base64Bytes, formatOffset, hexColumn, hexRows, parseOffset } from './hex.js';
import { ScrollArea } from './ScrollArea.js';

/** 4 KiB a page: 256 rows of 16 bytes (512 of 8 in a narrow pane). */
const PAGE_BYTES = 4096;
/** Below this width the dump has eight bytes a row, so the ASCII column stays in view. */
const WIDE_ENOUGH_PX = 600;

const number = (value: number) => value.toLocaleString('en');

/** The stored bytes of any exhibit, 4 KiB at a time: offset, hex and ASCII columns, and "go to offset". */
export function HexView({ exhibit, size }: { readonly exhibit: number; readonly size: number }) {
  const client = useClient();
  const [offset, setOffset] = useState(0);
  const [bytes, setBytes] = useState<{ readonly offset: number; readonly data: Uint8Array } | null>(null);
  const [perRow, setPerRow] = useState(16);
  const stage = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [draftError, setDraftError] = useState<string | null>(null);
  const inputId = useId();
  const lastPage = Math.max(0, Math.floor((size - 1) / PAGE_BYTES) * PAGE_BYTES);

  useEffect(() => {
    let live = true;
    if (size === 0) return;
    void client.readExhibitBytes({ number: exhibit, offset, length: PAGE_BYTES }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setBytes({ offset: result.value.offset, data: base64Bytes(result.value.base64) });
        setError(null);
      } else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [client, exhibit, offset, size]);

  useLayoutEffect(() => {
    const element = stage.current;
    if (!element) return;
    const measure = () => setPerRow(element.clientWidth >= WIDE_ENOUGH_PX ? 16 : 8);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  if (size === 0) return <p className="pv-message">This exhibit is empty (0 bytes).</p>;

  const rows = bytes ? hexRows(bytes.data, bytes.offset, perRow) : [];
  const header = hexColumn(Array.from({ length: perRow }, (_, i) => i.toString(16).padStart(2, '0')));

  const go = (target: number) => setOffset(Math.min(Math.max(0, target), lastPage));
  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    const target = parseOffset(draft);
    if (target === undefined || target >= size) {
      setDraftError(`Give an offset below ${number(size)} (decimal, or hex as 0x1f0).`);
      return;
    }
    setDraftError(null);
    // Pages start on 16-byte rows; the page holding the offset is shown.
    go(Math.floor(target / 16) * 16);
  };

  return (
    <div className="pv pv-hex">
      <div className="pv-toolbar" role="toolbar" aria-label="Hex pages">
        <button
          type="button"
          className="icon-button icon-button-small"
          aria-label="First bytes"
          disabled={offset === 0}
          onClick={() => go(0)}
        >
          <ChevronsLeft size={15} aria-hidden="true" />
        </button>
        <button
          type="button"
          className="icon-button icon-button-small"
          aria-label="Previous 4 KiB"
          disabled={offset === 0}
          onClick={() => go(offset - PAGE_BYTES)}
        >
          <ChevronLeft size={15} aria-hidden="true" />
        </button>
        <span className="small tabular">
          {number(offset)}–{number(Math.min(offset + PAGE_BYTES, size) - 1)} of {number(size)} bytes
        </span>
        <button
          type="button"
          className="icon-button icon-button-small"
          aria-label="Next 4 KiB"
          disabled={offset >= lastPage}
          onClick={() => go(offset + PAGE_BYTES)}
        >
          <ChevronRight size={15} aria-hidden="true" />
        </button>
        <button
          type="button"
          className="icon-button icon-button-small"
          aria-label="Last bytes"
          disabled={offset >= lastPage}
          onClick={() => go(lastPage)}
        >
          <ChevronsRight size={15} aria-hidden="true" />
        </button>
        <form className="pv-offset-form pv-toolbar-end" onSubmit={onSubmit}>
          <label htmlFor={inputId} className="small muted">
            Offset
          </label>
          <input
            id={inputId}
            className="mono pv-offset-input"
            placeholder="0x0"
            value={draft}
            aria-invalid={draftError !== null}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="button button-small">
            Go
          </button>
        </form>
      </div>
      {draftError !== null && <p className="field-error pv-inline-error">{draftError}</p>}
      <ErrorMessage message={error} />
      <ScrollArea scrollRef={stage} className="pv-stage pv-hex-stage" label="Stored bytes">
        <table className="pv-hex-table" aria-label="Hex view">
          <thead>
            <tr>
              <th scope="col">Offset</th>
              <th scope="col">{header}</th>
              <th scope="col">ASCII</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.offset}>
                <th scope="row">{formatOffset(row.offset)}</th>
                <td>{hexColumn(row.hex)}</td>
                <td>{row.ascii}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollArea>
    </div>
  );
}
