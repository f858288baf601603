/**
 * HTML evidence made safe to look at. Three layers, each enough on its own for scripts and network:
 *
 * 1. `cleanHtml` parses the page inert (DOMParser: no script runs, nothing loads) and removes what
 *    could act or fetch — scripts, frames, objects, <base>, <link>, http-equiv metas (refresh!),
 *    styles, event handlers, link targets and every URL that is not an inline data: image — so the
 *    frame does not even attempt a request (and logs no refusals).
 * 2. `withSandboxCsp` puts a CSP meta tag first in the document: `default-src 'none'` with inline
 *    styles and data: images only.
 * 3. The iframe itself (HtmlView.tsx) is `sandbox=""` (no scripts, no same-origin, no forms, no
 *    popups, no navigation of the app) with the same policy in its `csp` attribute, and the app's own
 *    CSP (shared/csp.ts) — which a srcdoc frame inherits — has `frame-src 'none'`.
 *
 * A consequence of the inherited app CSP (`style-src 'self'`): the page's own styles cannot apply in
 * either shell, so the rendered view shows structure (headings, lists, tables, emphasis, inline
 * images) in the browser's default look. That is why (1) drops them rather than let them be refused.
 */

export const SANDBOX_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The CSP meta tag at the very top: the parser puts it first in <head>, before any page content. */
export function withSandboxCsp(html: string): string {
  return `<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="${SANDBOX_CSP}">${html}`;
}

const REMOVED_ELEMENTS = [
  'script',
  'noscript',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'base',
  'link',
  'style',
  'meta[http-equiv]',
  'template',
];

/** Attributes that name something to load or navigate to. */
const URL_ATTRIBUTES = new Set([
  'href',
  'xlink:href',
  'src',
  'srcset',
  'poster',
  'background',
  'action',
  'formaction',
  'ping',
  'data',
  'codebase',
  'cite',
  'longdesc',
  'lowsrc',
  'dynsrc',
  'manifest',
  'imagesrcset',
  'attributionsrc',
]);

const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|bmp|avif);base64,[a-z0-9+/=\s]*$/i;

/** Style and event-handler attributes are renamed with this prefix before parsing (and removed after). */
const STANDIN_PREFIX = 'data-locard-';

/**
 * Chromium checks style and event-handler attributes against the app's CSP even in a DOMParser
 * document (which renders and runs nothing) and logs a refusal for each; renaming them inside tags
 * first keeps the console quiet. Text between tags is left alone, so the page's words never change.
 */
export function disarmAttributes(html: string): string {
  return html.replace(/<[a-zA-Z][^>]*>/g, (tag) =>
    tag.replace(
      /(\s)(style|on[a-z]+)(\s*=)/gi,
      (_match, space: string, name: string, equals: string) =>
        `${space}${STANDIN_PREFIX}${name.toLowerCase()}${equals}`,
    ),
  );
}

export interface CleanedHtml {
  /** The cleaned document, serialised (no doctype; pass it to withSandboxCsp). */
  readonly html: string;
  /** The page's title, for the caption. */
  readonly title: string;
  /** The visible text, blocks on their own lines. */
  readonly text: string;
  /** How many elements and attributes were removed, for the note under the frame. */
  readonly removed: number;
}

/**
 * Parse inert and strip. `resources` maps `cid:<id>` and MHTML Content-Locations to data: URLs of
 * parts of the same message, so that inline images still show.
 */
export function cleanHtml(html: string, resources: ReadonlyMap<string, string> = new Map()): CleanedHtml {
  const doc = new DOMParser().parseFromString(disarmAttributes(html), 'text/html');
  let removed = 0;
  for (const element of Array.from(doc.querySelectorAll(REMOVED_ELEMENTS.join(',')))) {
    element.remove();
    removed += 1;
  }
  for (const element of Array.from(doc.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on') || name === 'style' || name.startsWith(STANDIN_PREFIX) || name === 'srcdoc') {
        element.removeAttribute(attribute.name);
        removed += 1;
        continue;
      }
      if (!URL_ATTRIBUTES.has(name)) continue;
      const value = attribute.value.trim();
      const local = name === 'src' ? (resources.get(value) ?? value) : value;
      if (name === 'src' && element.tagName === 'IMG' && DATA_IMAGE.test(local)) {
        if (local !== value) element.setAttribute('src', local);
        continue;
      }
      element.removeAttribute(attribute.name);
      removed += 1;
      if ((name === 'href' || name === 'xlink:href') && value !== '' && !value.startsWith('#')) {
        element.setAttribute('title', `Link (not followed): ${value.slice(0, 500)}`);
      } else if (name === 'src' && element.tagName === 'IMG') {
        element.setAttribute('title', `Image not loaded: ${value.slice(0, 500)}`);
      }
    }
  }
  return { html: doc.documentElement.outerHTML, title: doc.title, text: visibleText(doc), removed };
}

const BLOCKS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BR',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TR',
  'UL',
]);

/** The text a reader sees: blocks on their own lines, runs of blank lines collapsed. */
export function visibleText(doc: Document): string {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      out.push((node.textContent ?? '').replace(/\s+/g, ' '));
      return;
    }
    if (!(node instanceof Element)) return;
    const block = BLOCKS.has(node.tagName);
    if (block) out.push('\n');
    if (node.tagName === 'LI') out.push('• ');
    for (const child of Array.from(node.childNodes)) walk(child);
    if (node.tagName === 'TD' || node.tagName === 'TH') out.push('\t');
    if (block) out.push('\n');
  };
  walk(doc.body);
  return out
    .join('')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
