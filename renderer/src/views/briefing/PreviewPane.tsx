import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { EyeOff, RefreshCw } from 'lucide-react';
import { useClient } from '../../api/context.js';
import { ErrorMessage } from '../../components/Feedback.js';
import { disarmAttributes } from '../evidence/previews/sandbox.js';

/**
 * The briefing as it will be exported (`renderBriefingHtml`), in a sandboxed frame.
 *
 * The frame is `sandbox="allow-same-origin"`: no scripts, forms, popups or navigation of the app. A
 * srcdoc frame inherits the app's CSP (`style-src 'self'`), which refuses the document's `<style>`
 * and `style=""`; so they are taken out before the document is loaded and applied afterwards through
 * the CSSOM (a constructed style sheet and `element.style`), which the policy allows — the reason the
 * frame shares the app's origin (script-less, it can do nothing with it). Embedded fonts are left to
 * the exports (`font-src 'self'` refuses data: fonts); the preview uses the system's.
 *
 * Two frames take turns: the next version loads hidden and is shown once styled, at the scroll
 * position of the one it replaces, so a refresh after each save does not flash.
 */

const STYLE_MARK = 'data-preview-style';
/** What disarmAttributes renames style="" to. */
const STANDIN_STYLE = 'data-locard-style';

interface Prepared {
  readonly html: string;
  readonly css: string;
  readonly inline: readonly string[];
}

/** Split a document into markup the inherited CSP accepts, its style sheet text and its inline styles. */
export function preparePreview(source: string): Prepared {
  // Taken out before parsing: Chromium checks <style> and style="" against the app's CSP even in a
  // DOMParser document, and logs a refusal for each (see previews/sandbox.ts).
  const sheets: string[] = [];
  const withoutSheets = source.replace(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi, (_match, css: string) => {
    sheets.push(css);
    return '';
  });
  const doc = new DOMParser().parseFromString(disarmAttributes(withoutSheets), 'text/html');
  for (const element of doc.querySelectorAll(
    'script, style, link, base, meta[http-equiv], iframe, frame, object, embed, noscript, template',
  )) {
    element.remove();
  }
  const inline: string[] = [];
  for (const element of doc.querySelectorAll(`[${STANDIN_STYLE}]`)) {
    element.setAttribute(STYLE_MARK, String(inline.length));
    inline.push(element.getAttribute(STANDIN_STYLE) ?? '');
    element.removeAttribute(STANDIN_STYLE);
  }
  // Event-handler attributes were renamed too; a rendered briefing has none, and none may run.
  for (const element of doc.querySelectorAll('*')) {
    for (const name of element.getAttributeNames()) {
      if (name.startsWith('data-locard-on')) element.removeAttribute(name);
    }
  }
  return { html: `<!DOCTYPE html>${doc.documentElement.outerHTML}`, css: sheets.join('\n'), inline };
}

/** Apply what `preparePreview` took out, once the frame has loaded. */
function applyStyles(frame: HTMLIFrameElement, prepared: Prepared): void {
  const doc = frame.contentDocument;
  const view = frame.contentWindow as (Window & typeof globalThis) | null;
  if (!doc || !view) return;
  const sheet = new view.CSSStyleSheet();
  sheet.replaceSync(prepared.css);
  // @font-face with data: URLs would be refused (font-src 'self'): drop them, keep the family names.
  for (let index = sheet.cssRules.length - 1; index >= 0; index -= 1) {
    if (sheet.cssRules[index]?.cssText.startsWith('@font-face')) sheet.deleteRule(index);
  }
  doc.adoptedStyleSheets = [sheet];
  for (const element of doc.querySelectorAll<HTMLElement | SVGElement>(`[${STYLE_MARK}]`)) {
    element.style.cssText = prepared.inline[Number(element.getAttribute(STYLE_MARK))] ?? '';
  }
}

interface PreviewPaneProps {
  /** The briefing to show; undefined: the standard case briefing. */
  readonly briefingId: string | undefined;
  /** Bumped after each save: the preview renders again. */
  readonly revision: number;
  readonly title: string;
  readonly onHide: () => void;
}

/** The width the page is laid out at in "Page" mode (the rendered HTML's column is 190 mm wide). */
const PAGE_WIDTH = 780;

export function PreviewPane({ briefingId, revision, title, onHide }: PreviewPaneProps) {
  const client = useClient();
  // 'page': laid out at a page's width and scaled to fit, like print; 'wrap': reflowed at the pane's width.
  const [fit, setFit] = useState<'page' | 'wrap'>('page');
  const stage = useRef<HTMLDivElement>(null);
  const [stageSize, setStageSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const element = stage.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setStageSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const scale = fit === 'page' && stageSize.width > 0 ? Math.min(1, stageSize.width / PAGE_WIDTH) : 1;
  const frameStyle =
    scale < 1
      ? {
          width: `${String(PAGE_WIDTH)}px`,
          height: `${String(stageSize.height / scale)}px`,
          transform: `scale(${String(scale)})`,
        }
      : undefined;
  const [retries, setRetries] = useState(0);
  // What was rendered for which request, and which request the front frame shows.
  const key = `${briefingId ?? ''}|${String(revision)}|${String(retries)}`;
  const [fetched, setFetched] = useState<{
    readonly key: string;
    readonly briefingId: string | undefined;
    readonly prepared: Prepared | null;
    readonly error: string | null;
  } | null>(null);
  const [shownKey, setShownKey] = useState<string | null>(null);
  const [front, setFront] = useState<0 | 1>(0);
  const frontRef = useRef<0 | 1>(0);
  const firstFrame = useRef<HTMLIFrameElement>(null);
  const secondFrame = useRef<HTMLIFrameElement>(null);
  // The briefing the front frame shows: another one opens at its top, the same one where it was read.
  const shownBriefing = useRef<string | undefined | null>(null);

  useEffect(() => {
    let current = true;
    void client.renderBriefingHtml(briefingId === undefined ? {} : { id: briefingId }).then((result) => {
      if (!current) return;
      setFetched(
        result.ok
          ? { key, briefingId, prepared: preparePreview(result.value.html), error: null }
          : { key, briefingId, prepared: null, error: result.error.message },
      );
    });
    return () => {
      current = false;
    };
  }, [client, briefingId, key]);

  // Load the new version into the hidden frame; show it when styled, where the reader had scrolled to.
  useLayoutEffect(() => {
    const prepared = fetched?.prepared;
    if (!fetched || !prepared) return;
    const back = frontRef.current === 0 ? 1 : 0;
    const frame = (back === 0 ? firstFrame : secondFrame).current;
    const previous = (back === 0 ? secondFrame : firstFrame).current;
    if (!frame) return;
    const onLoad = () => {
      applyStyles(frame, prepared);
      const scroll = shownBriefing.current === fetched.briefingId ? (previous?.contentWindow?.scrollY ?? 0) : 0;
      frame.contentWindow?.scrollTo(0, scroll);
      shownBriefing.current = fetched.briefingId;
      frontRef.current = back;
      setFront(back);
      setShownKey(fetched.key);
    };
    frame.addEventListener('load', onLoad, { once: true });
    frame.setAttribute('referrerpolicy', 'no-referrer');
    frame.srcdoc = prepared.html;
    return () => frame.removeEventListener('load', onLoad);
  }, [fetched]);

  const error = fetched?.key === key ? fetched.error : null;
  const state = error !== null ? 'error' : shownKey === key ? 'ready' : 'loading';
  const hasShown = shownKey !== null;

  return (
    <div className="briefing-preview" data-preview-state={state} aria-busy={state === 'loading'}>
      <div className="briefing-preview-bar">
        <span className="briefing-preview-label">Preview</span>
        <span className="muted small briefing-preview-state">
          {state === 'loading' ? 'Rendering…' : state === 'error' ? 'Not rendered' : 'As exported'}
        </span>
        <span className="spacer" />
        <div className="segmented segmented-small" role="group" aria-label="Preview size">
          <button
            type="button"
            className="segment"
            aria-pressed={fit === 'page'}
            title="A page, scaled to fit"
            onClick={() => setFit('page')}
          >
            Page
          </button>
          <button
            type="button"
            className="segment"
            aria-pressed={fit === 'wrap'}
            title="Full size, wrapped to the pane"
            onClick={() => setFit('wrap')}
          >
            Wrap
          </button>
        </div>
        <button
          type="button"
          className="icon-button icon-button-small"
          aria-label="Render the preview again"
          title="Render again"
          onClick={() => setRetries((n) => n + 1)}
        >
          <RefreshCw size={13} aria-hidden="true" className={state === 'loading' ? 'spin' : undefined} />
        </button>
        <button
          type="button"
          className="icon-button icon-button-small"
          aria-label="Hide the preview"
          title="Hide the preview"
          onClick={onHide}
        >
          <EyeOff size={13} aria-hidden="true" />
        </button>
      </div>
      <ErrorMessage message={error} />
      <div className="briefing-preview-stage" ref={stage}>
        {([0, 1] as const).map((index) => (
          <iframe
            key={index}
            ref={index === 0 ? firstFrame : secondFrame}
            className={`briefing-preview-frame${front === index && hasShown ? ' is-front' : ''}`}
            sandbox="allow-same-origin"
            title={`Preview of ${title}`}
            aria-hidden={front !== index}
            tabIndex={front === index ? 0 : -1}
            style={frameStyle}
          />
        ))}
      </div>
    </div>
  );
}
