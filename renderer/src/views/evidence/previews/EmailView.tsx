import { useEffect, useId, useState } from 'react';
import { Paperclip } from 'lucide-react';
import type { ExhibitDetail } from '../../../../../shared/evidence.js';
import { ContentError, fetchExhibitContent } from '../../../api/client.js';
import { formatBytes, formatUtc } from '../../../format.js';
import { Hops, isHopList } from '../Metadata.js';
import { ExhibitName } from '../text.js';
import { HtmlView } from './HtmlView.js';
import { binaryString, messageBodies, type MessageBodies } from './mime.js';

/** Messages past this are read in the Text tab (the importer's own limit is 256 MiB). */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: Json): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function addresses(value: Json): string | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  return value
    .filter(isRecord)
    .map((entry) => {
      const name = text(entry.name);
      const address = text(entry.address) ?? '';
      return name ? `${name} <${address}>` : address;
    })
    .join(', ');
}

function headerList(value: Json): { readonly name: string; readonly value: string }[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((entry) => ({ name: String(entry.name), value: String(entry.value) }));
}

type Body = 'text' | 'html';

/** "2020-10-20 14:02:11 UTC (Tue, 20 Oct 2020 10:02:11 -0400)": normalised, with the header as written. */
function dateLine(iso: string | null, raw: string | null): string | null {
  const ms = iso === null ? Number.NaN : Date.parse(iso);
  if (!Number.isFinite(ms)) return raw;
  return raw === null ? formatUtc(ms) : `${formatUtc(ms)} (${raw})`;
}

/**
 * An e-mail exhibit: who, when and the authentication verdicts; the Received hops as a table; the
 * text and HTML bodies (HTML as text or rendered in the sandbox); the attachments, each a link to its
 * derived exhibit; and every header in order.
 */
export function EmailView({
  detail,
  url,
  onSelect,
}: {
  readonly detail: ExhibitDetail;
  readonly url: string;
  readonly onSelect: (number: number) => void;
}) {
  const meta = detail.metadata;
  const [bodies, setBodies] = useState<MessageBodies | null>(null);
  const [bodyError, setBodyError] = useState<string | null>(null);
  const [body, setBody] = useState<Body | null>(null);
  const name = useId();

  useEffect(() => {
    const controller = new AbortController();
    fetchExhibitContent(url, MAX_MESSAGE_BYTES, controller.signal).then(
      (bytes) => setBodies(messageBodies(binaryString(bytes))),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setBodyError(error instanceof ContentError ? error.message : 'The message body could not be read.');
      },
    );
    return () => controller.abort();
  }, [url]);

  const received = Array.isArray(meta.received) && isHopList(meta.received) ? meta.received : [];
  const headers = headerList(meta.headers);
  const authentication = isRecord(meta.authentication) ? Object.entries(meta.authentication) : [];
  const summaries = Array.isArray(meta.attachments) ? meta.attachments.filter(isRecord) : [];
  const attachments = detail.children.filter((child) => child.derivation === 'email-attachment');
  const date = text(meta.date);
  const shownBody: Body | null =
    body ?? (typeof bodies?.text === 'string' ? 'text' : typeof bodies?.html === 'string' ? 'html' : null);

  const summary: [string, string | null][] = [
    ['Subject', text(meta.subject)],
    ['From', addresses(meta.from)],
    ['To', addresses(meta.to)],
    ['Cc', addresses(meta.cc)],
    ['Reply-To', addresses(meta.replyTo)],
    ['Date', dateLine(date, text(meta.dateRaw))],
    ['Message-ID', text(meta.messageId)],
    ['Return-Path', text(meta.returnPath)],
    ['X-Originating-IP', text(meta.xOriginatingIp)],
    ['Mailer', text(meta.xMailer)],
  ];

  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- the message scrolls and must be reachable by keyboard
    <div className="pv pv-stage pv-email" tabIndex={0}>
      <dl className="kv pv-email-summary">
        {summary
          .filter((row): row is [string, string] => row[1] !== null)
          .map(([label, value]) => (
            <div key={label} className="kv-row">
              <dt>{label}</dt>
              <dd className={label === 'Subject' ? 'pv-subject' : 'break'}>{value}</dd>
            </div>
          ))}
        {authentication.length > 0 && (
          <div className="kv-row">
            <dt>Authentication</dt>
            <dd className="pv-verdicts">
              {authentication.map(([method, verdict]) => (
                <span key={method} className={`badge${String(verdict) === 'pass' ? ' badge-ok' : ' badge-warn'}`}>
                  {method.toUpperCase()} {String(verdict)}
                </span>
              ))}
            </dd>
          </div>
        )}
      </dl>

      <section className="pv-email-section" aria-label="Received chain">
        <h4>Received hops ({received.length})</h4>
        {received.length > 0 ? (
          <Hops hops={received} label="Received hops" />
        ) : (
          <p className="faint small">No Received headers.</p>
        )}
      </section>

      <section className="pv-email-section" aria-label="Message body">
        <div className="pv-email-body-head">
          <h4>Body</h4>
          {typeof bodies?.text === 'string' && typeof bodies.html === 'string' && (
            <div className="pv-modes" role="radiogroup" aria-label="Body part">
              {(
                [
                  ['text', 'Plain text part'],
                  ['html', 'HTML part'],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className={`pv-mode${shownBody === value ? ' is-active' : ''}`}>
                  <input
                    type="radio"
                    name={name}
                    value={value}
                    checked={shownBody === value}
                    onChange={() => setBody(value)}
                  />
                  {label}
                </label>
              ))}
            </div>
          )}
        </div>
        {bodyError !== null && <p className="pv-message pv-message-inline">{bodyError}</p>}
        {!bodies && bodyError === null && <p className="faint small">Reading the message…</p>}
        {bodies && shownBody === null && <p className="faint small">This message has no text or HTML body.</p>}
        {bodies && shownBody === 'text' && bodies.text !== null && (
          <pre className="pv-prose pv-email-text" aria-label="Text body">
            {bodies.text}
          </pre>
        )}
        {bodies && shownBody === 'html' && bodies.html !== null && (
          <div className="pv-email-html">
            <HtmlView html={bodies.html} resources={bodies.resources} label="HTML body" />
          </div>
        )}
        {bodies && bodies.warnings.length > 0 && <p className="faint small">{bodies.warnings.join(' ')}</p>}
      </section>

      <section className="pv-email-section" aria-label="Attachments">
        <h4>Attachments ({attachments.length})</h4>
        {attachments.length === 0 ? (
          <p className="faint small">No attachments.</p>
        ) : (
          <ul className="plain-list pv-attachments">
            {attachments.map((child, index) => {
              const about = summaries[index];
              const size = about && typeof about.size === 'number' ? formatBytes(about.size) : null;
              return (
                <li key={child.number}>
                  <Paperclip size={13} aria-hidden="true" className="faint" />
                  <button type="button" className="link-button" onClick={() => onSelect(child.number)}>
                    <span className="mono">E-{String(child.number).padStart(4, '0')}</span>{' '}
                    <ExhibitName name={child.name} />
                  </button>
                  <span className="faint small">
                    {[about ? text(about.contentType) : null, size].filter((part) => part !== null).join(' · ')}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <details className="pv-email-section pv-headers">
        <summary>All headers, in order ({headers.length})</summary>
        <table className="mini-table" aria-label="Headers">
          <tbody>
            {headers.map((entry, index) => (
              // Headers are an ordered list with repeats: the position is their identity.
              <tr key={`${String(index)}:${entry.name}`}>
                <th scope="row" className="mono nowrap">
                  {entry.name}
                </th>
                <td className="mono break">{entry.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
