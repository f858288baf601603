/**
 * What in an HTML document would make a browser load something from outside it: a resource URL that
 * is not a data: URL or a #fragment (src, href, srcset, poster, action… on any element), an element
 * that fetches or navigates (script, link, iframe, object, embed, base, meta refresh), or CSS that does
 * (an @import, a url() that is not data: or #). Returns every finding; empty means self-contained.
 */
import { parseDocument, DomUtils } from 'htmlparser2';

const URL_ATTRIBUTES = new Set([
  'src',
  'href',
  'xlink:href',
  'srcset',
  'poster',
  'action',
  'formaction',
  'data',
  'background',
  'ping',
  'cite',
  'longdesc',
  'manifest',
  'lowsrc',
  'dynsrc',
  'codebase',
  'archive',
  'usemap',
  'imagesrcset',
]);
const FETCHING_ELEMENTS = new Set(['script', 'link', 'iframe', 'frame', 'object', 'embed', 'base', 'applet', 'portal']);

function local(value: string): boolean {
  const v = value.trim().toLowerCase();
  return v.startsWith('data:') || v.startsWith('#');
}

function cssFindings(css: string, where: string): string[] {
  const found: string[] = [];
  if (/@import/i.test(css)) found.push(`${where}: @import`);
  for (const m of css.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) {
    if (!local(m[2] ?? '')) found.push(`${where}: url(${(m[2] ?? '').slice(0, 80)})`);
  }
  if (/image-set\(/i.test(css) || /\bsrc\s*:\s*local\(/i.test(css)) found.push(`${where}: image-set/local()`);
  return found;
}

export function externalResources(html: string): string[] {
  const document = parseDocument(html, { xmlMode: false, recognizeSelfClosing: true });
  const found: string[] = [];
  for (const element of DomUtils.findAll(() => true, document.children)) {
    const name = element.name.toLowerCase();
    if (FETCHING_ELEMENTS.has(name)) found.push(`<${name}> element`);
    if (name === 'meta' && (element.attribs['http-equiv'] ?? '').toLowerCase() === 'refresh')
      found.push('<meta refresh>');
    if (name === 'style') found.push(...cssFindings(DomUtils.textContent(element), '<style>'));
    for (const [attribute, value] of Object.entries(element.attribs)) {
      const a = attribute.toLowerCase();
      if (URL_ATTRIBUTES.has(a) && !local(value)) found.push(`<${name} ${a}="${value.slice(0, 80)}">`);
      if (a === 'style' || /url\(/i.test(value)) found.push(...cssFindings(value, `<${name} ${a}>`));
      if (a.startsWith('on')) found.push(`<${name} ${a}> handler`);
    }
  }
  return found;
}
