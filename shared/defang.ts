/**
 * Refanging and defanging of indicators. Pure string functions: no Node, no DOM (runs anywhere).
 *
 * Defanged forms understood (any letter case):
 *   schemes      hxxp → http, hxxps → https, fxp → ftp, fxps → ftps
 *   dot          [.] (.) {.} [dot] (dot) {dot}, with optional blanks inside or around the brackets:
 *                "[ . ]", "example [.] com", "example [ dot ] com". A bare " dot " is NOT refanged:
 *                prose is full of the word.
 *   at           [at] (at) {at} [@] (@) {@}, with the same optional blanks
 *   colon        [:] (:) {:}
 *   scheme sep   [://] (://) {://}
 *
 * The extractor (main/indicators) does not rewrite text with `refang`: it scans the original text with
 * patterns built from the fragments below, so offsets stay those of the original, and refangs each
 * matched surface to obtain the canonical value.
 */
import type { IndicatorType } from './indicator-types.js';

/** Blanks allowed inside and around a bracketed form: a space or a tab, at most one (no newlines). */
const B = '[ \\t]?';

function bracketed(inner: string): string {
  return `(?:\\[${B}(?:${inner})${B}\\]|\\(${B}(?:${inner})${B}\\)|\\{${B}(?:${inner})${B}\\})`;
}

/** A defanged dot, without the plain '.' (regex source, no capture groups). */
export const DEFANGED_DOT_SOURCE = `${B}${bracketed('\\.|[dD][oO][tT]')}${B}`;
/** A defanged '@' (regex source, no capture groups). */
export const DEFANGED_AT_SOURCE = `${B}${bracketed('@|[aA][tT]')}${B}`;
/** A defanged ':' (regex source). */
export const DEFANGED_COLON_SOURCE = bracketed(':');
/** A defanged '://' (regex source). */
export const DEFANGED_SCHEME_SEP_SOURCE = bracketed(':\\/\\/');
/** A plain or defanged dot. */
export const ANY_DOT_SOURCE = `(?:\\.|${DEFANGED_DOT_SOURCE})`;
/** A plain or defanged '@'. */
export const ANY_AT_SOURCE = `(?:@|${DEFANGED_AT_SOURCE})`;
/** Scheme names, plain or defanged (hxxp, fxp), any case. */
export const SCHEME_SOURCE = '(?:[hH](?:[tT][tT]|[xX][xX])[pP][sS]?|[fF][tTxX][pP][sS]?)';

const DOT_RE = new RegExp(DEFANGED_DOT_SOURCE, 'g');
const AT_RE = new RegExp(DEFANGED_AT_SOURCE, 'g');
const SCHEME_SEP_RE = new RegExp(DEFANGED_SCHEME_SEP_SOURCE, 'g');
const COLON_RE = new RegExp(DEFANGED_COLON_SOURCE, 'g');
const DEFANGED_SCHEME_RE = /(?<![A-Za-z0-9])(?:([hH])[xX][xX]([pP][sS]?)|([fF])[xX]([pP][sS]?))(?=\[|\(|\{|:)/g;
/** Every defanged form contains a bracket or an 'xp' (hxxp, fxp): a cheap pre-check for the common case. */
const MAYBE_DEFANGED_RE = /[[({]|[xX][pP]/;
const ANY_DEFANG_RE = new RegExp(
  `${DEFANGED_DOT_SOURCE}|${DEFANGED_AT_SOURCE}|${DEFANGED_SCHEME_SEP_SOURCE}|${DEFANGED_COLON_SOURCE}|(?<![A-Za-z0-9])(?:[hH][xX][xX][pP]|[fF][xX][pP])[sS]?(?=[:[({])`,
);

/**
 * Turns every defanged form in `text` into its plain form. Scheme names are only refanged where a
 * scheme separator follows ("hxxp://", "hxxps[:]//"), so a word like "fxp" in prose survives.
 */
export function refang(text: string): string {
  if (!MAYBE_DEFANGED_RE.test(text)) return text;
  return text
    .replace(DEFANGED_SCHEME_RE, (_m, h?: string, hp?: string, f?: string, fp?: string) =>
      h !== undefined ? `http${(hp ?? '').slice(1).toLowerCase()}` : `ftp${(fp ?? '').slice(1).toLowerCase()}`,
    )
    .replace(SCHEME_SEP_RE, '://')
    .replace(COLON_RE, ':')
    .replace(DOT_RE, '.')
    .replace(AT_RE, '@');
}

/** True when `text` contains any defanged form. */
export function isDefanged(text: string): boolean {
  return MAYBE_DEFANGED_RE.test(text) && ANY_DEFANG_RE.test(text);
}

const URL_PARTS_RE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([\s\S]*)$/;

function defangHost(host: string): string {
  return host.replaceAll('.', '[.]');
}

/**
 * The defanged form of a canonical value, safe to paste into a ticket or e-mail: `hxxp://example[.]com`.
 * Inverse of `refang` for the types it changes: `refang(defang(v, t)) === v`.
 */
export function defang(value: string, type: IndicatorType): string {
  switch (type) {
    case 'url': {
      const m = URL_PARTS_RE.exec(value);
      if (!m) return value;
      const [, scheme = '', authority = '', rest = ''] = m;
      const lower = scheme.toLowerCase();
      const fangless =
        lower === 'http' || lower === 'https'
          ? `hxxp${lower.slice(4)}`
          : lower === 'ftp' || lower === 'ftps'
            ? `fxp${lower.slice(3)}`
            : scheme;
      const at = authority.lastIndexOf('@');
      const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
      const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
      return `${fangless}://${userinfo}${hostPort.startsWith('[') ? hostPort : defangHost(hostPort)}${rest}`;
    }
    case 'domain':
    case 'ipv4':
    case 'cidr':
      return defangHost(value);
    case 'email': {
      const at = value.lastIndexOf('@');
      if (at < 0) return value;
      return `${value.slice(0, at)}[@]${defangHost(value.slice(at + 1))}`;
    }
    default:
      return value;
  }
}
