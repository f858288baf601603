/**
 * HTML, read as inert data through htmlparser2 (the only module importing it): the visible text
 * (script, style and template contents dropped), the title, links, referenced resources and meta
 * tags. Nothing is fetched, nothing is executed; active content is listed so the analyst sees it.
 */
import { Parser } from 'htmlparser2';
import type { ParseResult } from '../types.js';
import { type ParserInput, TextBuilder, readTextBounded, result } from './common.js';

export interface HtmlSummary {
  readonly title: string;
  readonly text: string;
  readonly links: readonly string[];
  readonly resources: readonly { tag: string; attribute: string; url: string }[];
  readonly meta: readonly Record<string, string>[];
  /** Scripts, event handlers, javascript: URLs, meta refresh, forms, embedded frames. */
  readonly activeContent: readonly string[];
}

const HIDDEN_ELEMENTS = new Set(['script', 'style', 'template', 'noframes']);
const BLOCK_ELEMENTS = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'tr',
  'table',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'header',
  'footer',
  'nav',
  'aside',
  'main',
  'blockquote',
  'pre',
  'hr',
  'dt',
  'dd',
  'dl',
  'figure',
  'figcaption',
  'form',
  'address',
  'title',
  'tbody',
  'thead',
  'td',
  'th',
]);
const RESOURCE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  img: ['src', 'srcset'],
  iframe: ['src'],
  frame: ['src'],
  script: ['src'],
  link: ['href'],
  object: ['data'],
  embed: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  source: ['src', 'srcset'],
  form: ['action'],
  input: ['src'],
  body: ['background'],
};

/** Turns HTML into its visible text and a summary, without running or loading anything. */
export function summariseHtml(html: string): HtmlSummary {
  let hiddenDepth = 0;
  let inTitle = false;
  let inAnyTitle = false;
  let titles = 0;
  let title = '';
  const chunks: string[] = [];
  const links: string[] = [];
  const resources: { tag: string; attribute: string; url: string }[] = [];
  const meta: Record<string, string>[] = [];
  const active = new Set<string>();
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        // Only the first <title> names the page (MHTML sub-frames bring their own).
        if (name === 'title') {
          inAnyTitle = true;
          inTitle = ++titles === 1;
        }
        // Script and style bodies are code, not text a reader sees; <title> is collected on its own.
        if (HIDDEN_ELEMENTS.has(name)) hiddenDepth++;
        if (BLOCK_ELEMENTS.has(name)) chunks.push('\n');
        if (name === 'td' || name === 'th') chunks.push('\t');
        if ((name === 'a' || name === 'area') && attributes.href !== undefined) links.push(attributes.href.trim());
        for (const attribute of RESOURCE_ATTRIBUTES[name] ?? []) {
          const url = attributes[attribute];
          if (url !== undefined && url.trim() !== '') resources.push({ tag: name, attribute, url: url.trim() });
        }
        if (name === 'meta') {
          meta.push({ ...attributes });
          if ((attributes['http-equiv'] ?? '').toLowerCase() === 'refresh') active.add('meta refresh');
        }
        if (name === 'script') active.add('script');
        if (name === 'iframe' || name === 'frame') active.add('embedded frame');
        if (name === 'object' || name === 'embed') active.add('plug-in object');
        if (name === 'form') active.add('form');
        for (const [attribute, value] of Object.entries(attributes)) {
          if (/^on/i.test(attribute)) active.add(`event handler (${attribute})`);
          if (attribute === 'srcdoc') active.add('iframe srcdoc');
          if (/^\s*(javascript|vbscript):/i.test(value)) active.add('javascript: URL');
        }
      },
      ontext(data) {
        if (inTitle) title += data;
        else if (hiddenDepth === 0 && !inAnyTitle) chunks.push(data);
      },
      onclosetag(name) {
        if (name === 'title') {
          inTitle = false;
          inAnyTitle = false;
        }
        if (HIDDEN_ELEMENTS.has(name) && hiddenDepth > 0) hiddenDepth--;
        if (BLOCK_ELEMENTS.has(name)) chunks.push('\n');
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return {
    title: collapse(title),
    text: tidy(chunks.join('')),
    links,
    resources,
    meta,
    activeContent: [...active],
  };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Collapses runs of spaces inside lines and runs of blank lines, as a browser's layout would. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\f\r\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export async function parseHtml(input: ParserInput): Promise<ParseResult> {
  const decoded = await readTextBounded(input);
  return htmlResult(decoded.text, { encoding: decoded.encoding }, [...decoded.warnings]);
}

export function htmlResult(html: string, extra: Record<string, unknown>, warnings: string[]): ParseResult {
  const summary = summariseHtml(html);
  const builder = new TextBuilder();
  builder.add(summary.title, 'title', 'title');
  if (summary.title !== '' && summary.text !== '') builder.gap('\n\n');
  builder.add(summary.text, 'body', 'html');
  if (summary.activeContent.length > 0) {
    warnings.push(`Active content found and not run: ${summary.activeContent.join(', ')}.`);
  }
  return result('html', {
    text: builder.text,
    segments: builder.segments,
    metadata: {
      ...extra,
      title: summary.title,
      links: summary.links,
      resources: summary.resources,
      meta: summary.meta,
      activeContent: summary.activeContent,
    },
    warnings,
  });
}
