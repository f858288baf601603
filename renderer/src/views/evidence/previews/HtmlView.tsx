import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ShieldCheck } from 'lucide-react';
import { ContentError, fetchExhibitContent } from '../../../api/client.js';
import { binaryString, decodeHtmlFile, messageBodies } from './mime.js';
import { cleanHtml, SANDBOX_CSP, withSandboxCsp } from './sandbox.js';
import { ScrollArea } from './ScrollArea.js';

/** Pages and MHTML files larger than this are read in the Text tab instead. */
const MAX_HTML_BYTES = 32 * 1024 * 1024;

/**
 * The sandboxed frame: `sandbox=""` (no scripts, an opaque origin, no forms, popups or navigation of
 * the app), the policy in its `csp` attribute as well as in the document's first meta tag. Attributes
 * are set before srcdoc, so the first document the frame loads is already constrained.
 */
function SandboxFrame({ srcdoc, title }: { readonly srcdoc: string; readonly title: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  useLayoutEffect(() => {
    const element = frame.current;
    if (!element) return;
    element.setAttribute('csp', SANDBOX_CSP);
    element.setAttribute('referrerpolicy', 'no-referrer');
    element.srcdoc = srcdoc;
  }, [srcdoc]);
  return <iframe ref={frame} className="pv-frame" sandbox="" title={title} />;
}

export type HtmlMode = 'text' | 'rendered';

/**
 * HTML evidence (a page, an MHTML snapshot's main part, an e-mail's HTML body) in two modes: its
 * visible text, or rendered in the sandboxed frame (see ./sandbox.ts for the three layers).
 */
export function HtmlView({
  html,
  resources,
  activeContent = [],
  label,
}: {
  readonly html: string;
  readonly resources?: ReadonlyMap<string, string>;
  readonly activeContent?: readonly string[];
  /** What this HTML is, for the frame's title ("news-timeline.html", "HTML body"). */
  readonly label: string;
}) {
  const [mode, setMode] = useState<HtmlMode>('text');
  const cleaned = useMemo(() => cleanHtml(html, resources), [html, resources]);
  const srcdoc = useMemo(() => withSandboxCsp(cleaned.html), [cleaned]);
  const name = useId();

  return (
    <div className="pv pv-html">
      <div className="pv-toolbar" role="toolbar" aria-label="HTML view">
        <div className="pv-modes" role="radiogroup" aria-label="Show the HTML as">
          {(
            [
              ['text', 'Text'],
              ['rendered', 'Rendered (sandboxed)'],
            ] as const
          ).map(([value, text]) => (
            <label key={value} className={`pv-mode${mode === value ? ' is-active' : ''}`}>
              <input type="radio" name={name} value={value} checked={mode === value} onChange={() => setMode(value)} />
              {text}
            </label>
          ))}
        </div>
        <span className="pv-toolbar-note faint small" title={cleaned.title}>
          {cleaned.title}
        </span>
      </div>
      {activeContent.length > 0 && (
        <p className="pv-active-note small">
          <ShieldCheck size={13} aria-hidden="true" />
          <span>Active content in the original, never run here: {activeContent.join(', ')}.</span>
        </p>
      )}
      {mode === 'text' ? (
        <ScrollArea className="pv-stage" label={`Text of ${label}`}>
          <pre className="pv-prose">{cleaned.text === '' ? 'No visible text.' : cleaned.text}</pre>
        </ScrollArea>
      ) : (
        <>
          <div className="pv-stage pv-frame-stage">
            <SandboxFrame srcdoc={srcdoc} title={`${label}, rendered in a sandbox`} />
          </div>
          <p className="pv-frame-note faint small">
            Rendered with no scripts, styles, frames or remote content; links are inert (hover for their target).
            {cleaned.removed > 0 ? ` ${cleaned.removed.toLocaleString('en')} active or remote items removed.` : ''}
          </p>
        </>
      )}
    </div>
  );
}

type Load =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'ready'; readonly html: string; readonly resources: ReadonlyMap<string, string> };

/** An HTML or MHTML exhibit: its bytes fetched, decoded (MHTML: the main part and its images), then HtmlView. */
export function HtmlExhibitView({
  url,
  kind,
  name,
  activeContent,
}: {
  readonly url: string;
  readonly kind: 'html' | 'mhtml';
  readonly name: string;
  readonly activeContent: readonly string[];
}) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    fetchExhibitContent(url, MAX_HTML_BYTES, controller.signal).then(
      (bytes) => {
        if (kind === 'html') {
          setLoad({ state: 'ready', html: decodeHtmlFile(bytes), resources: new Map() });
          return;
        }
        const bodies = messageBodies(binaryString(bytes));
        if (bodies.html === null) setLoad({ state: 'failed', message: 'This MHTML file holds no HTML part to show.' });
        else setLoad({ state: 'ready', html: bodies.html, resources: bodies.resources });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoad({
          state: 'failed',
          message: error instanceof ContentError ? error.message : 'The page could not be read for a preview.',
        });
      },
    );
    return () => controller.abort();
  }, [url, kind]);

  if (load.state === 'loading') return <p className="pv-message">Reading the page…</p>;
  if (load.state === 'failed') return <p className="pv-message">{load.message}</p>;
  return <HtmlView html={load.html} resources={load.resources} activeContent={activeContent} label={name} />;
}
