/**
 * The scanner's patterns. Two passes over the text: (1) a character-class search for the punctuation
 * that punctuation-led indicators need ('.', '@', ':', '/', '\\', '~', brackets), after which the
 * sticky pattern of each candidate type runs from the token start; (2) one word-boundary expression
 * for single-word identifiers. Each pattern starts with a lookbehind that pins it to a token start,
 * and no quantified group can match the same text in two ways, so the engine does linear work per
 * token (no catastrophic backtracking; see the ReDoS tests). Validation that needs arithmetic or
 * tables (octet ranges, the public-suffix list, checksums, context words) happens in extract.ts on
 * the few candidates the patterns yield.
 *
 * Defanged separators are part of the patterns, so defanged text is scanned as written and every
 * offset is an offset into the original text.
 */
import {
  ANY_AT_SOURCE,
  ANY_DOT_SOURCE,
  DEFANGED_COLON_SOURCE,
  DEFANGED_DOT_SOURCE,
  DEFANGED_SCHEME_SEP_SOURCE,
  SCHEME_SOURCE,
} from '../../shared/defang.js';

/** Word characters of host names, e-mail local parts and file names (Unicode letters for IDN). */
const W = '[\\p{L}\\p{M}\\p{N}_%+\\-]';
const NOT_AFTER_WORD = '(?<![\\p{L}\\p{M}\\p{N}_])';

export const SCHEME_SEP_SOURCE = `(?::\\/\\/|${DEFANGED_COLON_SOURCE}\\/\\/|${DEFANGED_SCHEME_SEP_SOURCE})`;

/**
 * URL: a scheme (plain or defanged), then everything up to white space, quotes, angle brackets or an
 * unmatched square bracket (CSV list columns write "[http://a/b]"). A bracket pair of up to 40
 * characters is kept ("[.]", an IPv6 host "[2001:db8::1]"), as are spaced defanged dots ("a [.] b").
 * Trailing punctuation is trimmed in code.
 */
const URL = `${NOT_AFTER_WORD}(${SCHEME_SOURCE}${SCHEME_SEP_SOURCE}(?:[^\\s<>"'\`\\[\\]{}|\\\\^]|\\[[^\\s\\[\\]<>"']{1,40}\\]|${DEFANGED_DOT_SOURCE})+)`;

/** A Windows path segment character (anything but the reserved characters, ';' of PATH lists and blanks). */
const WCH = '[^\\\\/:*?"<>|\\s;]';
/**
 * Inner segments may hold single spaces ("Program Files") but must then be followed by a backslash,
 * so a path at the end of a sentence does not swallow the words after it.
 */
const WIN_TAIL = `(?:${WCH}+(?: ${WCH}+){0,3}\\\\)*(?:${WCH}+)?`;
const WIN_DRIVE = `(?<![\\p{L}\\p{N}_\\\\])([A-Za-z]:\\\\${WIN_TAIL})`;
const WIN_UNC = `(?<![\\p{L}\\p{N}_\\\\])(\\\\\\\\[\\p{L}\\p{N}_.$\\-]+\\\\${WIN_TAIL})`;

/**
 * Unix path: '/' or '~/' then segments. Not after characters that make the slash part of something
 * else: a word ("and/or", "km/h"), a URL ("://", "a/b"), a closing HTML tag ("</td>"), a query.
 */
const UCH = '[\\p{L}\\p{M}\\p{N}_.@%+~=\\-]';
const UNIX = `(?<![\\p{L}\\p{M}\\p{N}_.~/\\\\:<\\-=?&#%+])(~?\\/${UCH}+(?:\\/${UCH}+)*\\/?)`;

/** '@handle': not after a word or '@' (e-mail addresses), '.' or '/' (URLs like tiktok.com/@x). */
const HANDLE = `(?<![\\p{L}\\p{M}\\p{N}_@.\\/])(@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,30}[A-Za-z0-9_])?)(?![A-Za-z0-9_@])`;
/**
 * IPv6 candidates: at least two colons (the lookahead rejects "08:15" and most words fast). The
 * 'IPv6:' tag of SMTP address literals may precede. ipaddr.js decides validity.
 */
const IPV6 = `(?:(?<![\\p{L}\\p{N}_.:])|(?<=[iI][pP][vV]6:))(?=[0-9a-fA-F]{0,4}:[0-9a-fA-F]{0,4}:)((?:[0-9a-fA-F]{0,4}:){2,7}(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9a-fA-F]{1,4})?)`;
/**
 * Dotted tokens: words joined by plain or defanged dots and at-signs. Classified in code as IPv4,
 * CIDR, domain, e-mail address or file name.
 */
const TOKEN = `(?<![\\p{L}\\p{M}\\p{N}_%+\\-.@])(${W}+(?:(?:${ANY_DOT_SOURCE}|${ANY_AT_SOURCE})${W}+)+)`;

/**
 * Identifiers that are single words: hashes, Ethereum and Bitcoin addresses, CVE ids, ASNs and ATT&CK
 * techniques. A separate pass with ASCII word boundaries: an alternation that starts with broad
 * character classes defeats the engine's skip-ahead, so mixing these into the punctuation-led scan
 * would slow every position of plain prose.
 */
const WORD_IDS = [
  '\\b(?:',
  '(0x[0-9a-fA-F]{40})',
  '|([cC][vV][eE]-\\d{4}-\\d{4,7})',
  '|(ASN?[ \\t]?\\d{1,10})',
  '|(T1\\d{3}(?:\\.\\d{3})?(?!\\.\\d))',
  // Not followed by '@' (a Message-ID or mailbox local part) or '.word' (a host-name label).
  '|([0-9a-fA-F]{32,128})(?!@|\\.\\w)',
  '|((?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}|[13][1-9A-HJ-NP-Za-km-z]{25,34})',
  ')\\b',
].join('');

/** Capture groups of WORD_IDS_RE. */
export const WG = { eth: 1, cve: 2, asn: 3, attack: 4, hash: 5, btc: 6 } as const;

/**
 * Characters at which a punctuation-led indicator can begin or continue. The scan finds these with a
 * plain character-class search (fast), then runs the sticky pattern for each candidate type from the
 * token start it computes; the lookbehinds in the patterns still decide where a token may start.
 */
export const TRIGGER_RE = /[.@:/\\~[({]/g;

function sticky(source: string): RegExp {
  return new RegExp(source, 'uy');
}

/** Sticky (y) patterns run from a computed start position. Each call site sets lastIndex first. */
export function createPatterns() {
  return {
    trigger: new RegExp(TRIGGER_RE.source, 'g'),
    url: sticky(URL),
    winDrive: sticky(WIN_DRIVE),
    winUnc: sticky(WIN_UNC),
    unix: sticky(UNIX),
    ipv6: sticky(IPV6),
    token: sticky(TOKEN),
    handle: sticky(HANDLE),
    wordIds: new RegExp(WORD_IDS, 'g'),
  };
}
export type Patterns = ReturnType<typeof createPatterns>;

export const AT_SEPARATOR_RE = new RegExp(ANY_AT_SOURCE, 'g');
export const URL_PREFIX_RE = new RegExp(`^${SCHEME_SOURCE}${SCHEME_SEP_SOURCE}`);
