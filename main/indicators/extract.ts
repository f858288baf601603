/**
 * Indicator extraction with exact provenance: one pass of the combined scanner (patterns.ts) over the
 * original text, then per-candidate validation and canonicalisation. Every Extraction satisfies
 * `text.slice(start, end) === surface`.
 */
import { isDefanged, refang } from '../../shared/defang.js';
import type { Extraction, IndicatorFlag, IndicatorType, SocialPlatform } from '../../shared/indicator-types.js';
import { isBitcoinAddress, ethereumChecksumUnverified } from './crypto-address.js';
import { FILE_EXTENSION_TLDS, normaliseHostSyntax, parseDomain } from './domain.js';
import { FILE_EXTENSIONS, NOT_FILE_NAMES } from './file-extensions.js';
import { parseIpv4, parseIpv6 } from './ip.js';
import { AT_SEPARATOR_RE, createPatterns, URL_PREFIX_RE, WG, type Patterns } from './patterns.js';
import { NOT_HANDLES, profileFromUrlPath, isSocialHost } from './social.js';

export interface ExtractOptions {
  /** Report only these types (default: all). */
  readonly types?: readonly IndicatorType[];
}

/** Longest surface the scanner looks at; longer URLs and paths are cut here (a hostile-input bound). */
export const MAX_SURFACE_LENGTH = 4096;

type Sink = (e: Extraction) => void;

function push(
  sink: Sink,
  type: IndicatorType,
  value: string,
  text: string,
  start: number,
  end: number,
  flags: readonly IndicatorFlag[] = [],
  platform?: SocialPlatform,
): void {
  const surface = text.slice(start, end);
  const all: IndicatorFlag[] = isDefanged(surface) ? ['defanged', ...flags] : [...flags];
  sink(
    platform === undefined
      ? { type, value, surface, start, end, flags: all }
      : { type, value, surface, start, end, flags: all, platform },
  );
}

// ---------------------------------------------------------------------------------------------
// Context checks

/** Words after which a dotted quad is a version number ("version 1.2.3.4", "build 10.0.19041.1"). */
const VERSION_CONTEXT_RE =
  /(?:(?<![\p{L}\p{N}])(?:v|ver|vers|version|build|release|rel|rev|revision|firmware|fw|update|patch|sp|kb|product)\.?[ \t]*[:#]?[ \t]*|[A-Za-z][\w.-]*\/)$/iu;

function isVersionContext(text: string, start: number): boolean {
  return VERSION_CONTEXT_RE.test(text.slice(Math.max(0, start - 24), start));
}

/** Headers whose "local@domain" values are message identifiers, not mailboxes (RFC 5322 §3.6.4). */
const MESSAGE_ID_HEADER_RE = /^(?:[\w-]*message-id|in-reply-to|references|content-id|x-ms-exchange-[\w-]*id)[ \t]*:/i;
/** How many folded continuation lines we walk back to find a header name. */
const MAX_FOLDED_LINES = 64;

function headerNameContext(text: string, pos: number): string {
  let lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  for (let i = 0; i < MAX_FOLDED_LINES && lineStart > 0; i++) {
    const c = text.charCodeAt(lineStart);
    if (c !== 0x20 && c !== 0x09) break;
    lineStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  }
  return text.slice(lineStart, lineStart + 48);
}

/** "ssh user@host", "scp f user@host:/p", "git clone git@host:repo": logins, not mailboxes. */
const REMOTE_LOGIN_RE = /(?<![\p{L}\p{N}_-])(?:ssh|scp|sftp|rsync|mosh|git|plink|pscp)(?![\p{L}\p{N}_-])[^\n]*$/u;

function isMailbox(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(end) === 0x3a /* : */) {
    const next = text.charCodeAt(end + 1);
    if (!Number.isNaN(next) && next !== 0x20 && next !== 0x09 && next !== 0x0a && next !== 0x0d) return false;
  }
  if (MESSAGE_ID_HEADER_RE.test(headerNameContext(text, start))) return false;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return !REMOTE_LOGIN_RE.test(text.slice(Math.max(lineStart, start - 200), start));
}

// ---------------------------------------------------------------------------------------------
// Dotted tokens: IPv4, CIDR, domain, e-mail, file name

const CIDR_SUFFIX_RE = /\/(\d{1,3})(?!\d|\.\d|\/)/y;

function emitIpv4(
  sink: Sink,
  text: string,
  start: number,
  end: number,
  candidate: string,
  extraFlags: readonly IndicatorFlag[],
): boolean {
  const ip = parseIpv4(candidate);
  if (!ip) return false;
  CIDR_SUFFIX_RE.lastIndex = end;
  const cidr = CIDR_SUFFIX_RE.exec(text);
  if (cidr && Number(cidr[1]) <= 32 && extraFlags.length === 0) {
    push(sink, 'cidr', `${ip.value}/${Number(cidr[1])}`, text, start, CIDR_SUFFIX_RE.lastIndex, ip.flags);
    return true;
  }
  push(sink, 'ipv4', ip.value, text, start, end, [...ip.flags, ...extraFlags]);
  return true;
}

const LABEL_SPLIT_RE = /\./;

function emitHost(
  sink: Sink,
  text: string,
  start: number,
  end: number,
  extraFlags: readonly IndicatorFlag[],
  fileRule: boolean,
): 'ip' | 'domain' | undefined {
  const host = refang(text.slice(start, end));
  if (/^[\d.]+$/.test(host)) return emitIpv4(sink, text, start, end, host, extraFlags) ? 'ip' : undefined;
  const domain = parseDomain(host);
  if (!domain) return undefined;
  if (fileRule && domain.labels === 2 && FILE_EXTENSION_TLDS.has(domain.tld)) return undefined;
  push(sink, 'domain', domain.value, text, start, end, [...domain.flags, ...extraFlags]);
  return 'domain';
}

const FILE_NAME_RE = /^[\p{L}\p{M}\p{N}_\-+%]+(?:\.[\p{L}\p{M}\p{N}_\-+%]+)*\.([A-Za-z0-9]{1,5})$/u;

function fileExtension(surface: string): string | undefined {
  const m = FILE_NAME_RE.exec(surface);
  const ext = m?.[1]?.toLowerCase();
  return ext !== undefined && FILE_EXTENSIONS.has(ext) && !NOT_FILE_NAMES.has(surface.toLowerCase()) ? ext : undefined;
}

/**
 * "Date.now()", "banner.id = …", "header.site { …": in scripts and style sheets, member access and
 * selectors look like host names with real TLDs (.now, .id, .site). A host name in evidence is not
 * followed by a call (no blank before the parenthesis, unlike "by mx.example.net (Postfix)"), an
 * assignment or a rule block.
 */
const CODE_AFTER_RE = /\(|[ \t]{0,2}(?:\{|=(?!=))/y;

function isCodeContext(text: string, end: number): boolean {
  CODE_AFTER_RE.lastIndex = end;
  return CODE_AFTER_RE.test(text);
}

const SOCIAL_PATH_RE = /\/[^\s<>"'`[\]{}|\\^]{1,64}/y;

function classifyToken(sink: Sink, text: string, start: number, end: number): void {
  const surface = text.slice(start, end);
  AT_SEPARATOR_RE.lastIndex = 0;
  let lastAt: RegExpExecArray | null = null;
  let atCount = 0;
  for (let m = AT_SEPARATOR_RE.exec(surface); m; m = AT_SEPARATOR_RE.exec(surface)) {
    lastAt = m;
    atCount++;
  }
  if (lastAt === null) {
    const ext = fileExtension(surface);
    if (ext !== undefined) {
      // "report.pdf" and "update.zip" are files; "cdn.update.zip" (three labels, a real TLD) is a host.
      const asDomain = surface.split(LABEL_SPLIT_RE).length > 2 ? parseDomain(surface) : undefined;
      if (!asDomain) {
        push(sink, 'filename', surface, text, start, end, []);
        return;
      }
    }
    const host = refang(surface);
    if (/^[\d.]+$/.test(host)) {
      if (!isVersionContext(text, start)) emitIpv4(sink, text, start, end, host, []);
      return;
    }
    if (isCodeContext(text, end) && !isDefanged(surface)) return;
    if (emitHost(sink, text, start, end, [], true) === 'domain' && text.charCodeAt(end) === 0x2f /* / */) {
      emitSchemelessProfile(sink, text, start, end);
    }
    return;
  }
  const domainStart = start + lastAt.index + lastAt[0].length;
  if (atCount === 1) {
    const local = surface.slice(0, lastAt.index);
    const domainSurface = text.slice(domainStart, end);
    const domain = parseDomain(refang(domainSurface));
    const validLocal = local.length <= 64 && !local.startsWith('.') && !local.endsWith('.') && !local.includes('..');
    if (domain && validLocal && isMailbox(text, start, end)) {
      push(sink, 'email', `${local.toLowerCase()}@${domain.value}`, text, start, end, []);
      emitHost(sink, text, domainStart, end, ['email_domain'], false);
      return;
    }
  }
  emitHost(sink, text, domainStart, end, [], false);
}

function emitSchemelessProfile(sink: Sink, text: string, hostStart: number, hostEnd: number): void {
  const host = refang(text.slice(hostStart, hostEnd)).toLowerCase();
  if (!isSocialHost(host)) return;
  SOCIAL_PATH_RE.lastIndex = hostEnd;
  const path = SOCIAL_PATH_RE.exec(text)?.[0];
  if (path === undefined) return;
  const profile = profileFromUrlPath(host, path);
  if (!profile) return;
  const s = hostEnd + profile.offset;
  push(sink, 'social_handle', `@${profile.handle}`, text, s, s + profile.handle.length, [], profile.platform);
}

// ---------------------------------------------------------------------------------------------
// URLs

const URL_TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '"', '*', '(']);

function trimUrl(surface: string): number {
  let end = surface.length;
  for (;;) {
    const c = surface[end - 1];
    if (c === undefined) return end;
    if (URL_TRAILING.has(c)) {
      end--;
      continue;
    }
    if (c === ')') {
      let open = 0;
      let close = 0;
      for (let i = 0; i < end; i++) {
        if (surface[i] === '(') open++;
        else if (surface[i] === ')') close++;
      }
      if (close > open) {
        end--;
        continue;
      }
    }
    return end;
  }
}

const PORT_RE = /(?::|\[:\]|\(:\))\d{1,5}$/;

/**
 * A comma in the path ends the URL: CSV exports write "…/check-your-registration,2020-10-07" and
 * commas in real URL paths are rare. Commas in the query ("?ids=1,2") are kept.
 */
function cutAtPathComma(surface: string): number {
  const comma = surface.indexOf(',');
  if (comma < 0) return surface.length;
  const query = surface.search(/[?#]/);
  return query >= 0 && query < comma ? surface.length : comma;
}

function classifyUrl(sink: Sink, text: string, start: number, rawEnd: number): void {
  const raw = text.slice(start, rawEnd);
  const end = start + trimUrl(raw.slice(0, cutAtPathComma(raw)));
  const surface = text.slice(start, end);
  const prefix = URL_PREFIX_RE.exec(surface);
  if (!prefix) return;
  const hostStart = prefix[0].length;
  let hostEnd = surface.length;
  for (let i = hostStart; i < surface.length; i++) {
    const c = surface[i];
    if (c === '/' || c === '?' || c === '#') {
      hostEnd = i;
      break;
    }
  }
  let authority = surface.slice(hostStart, hostEnd);
  const at = authority.lastIndexOf('@');
  const hostOffset = hostStart + (at >= 0 ? at + 1 : 0);
  authority = authority.slice(at + 1);
  const port =
    authority.startsWith('[') && authority.includes(']')
      ? /\]((?::\d{1,5})?)$/.exec(authority)?.[1]
      : PORT_RE.exec(authority)?.[0];
  const hostSurface = port ? authority.slice(0, authority.length - port.length) : authority;
  if (hostSurface.length === 0) return;
  const host = refang(hostSurface);
  const refangedPrefix = refang(surface.slice(0, hostStart)).toLowerCase();
  const userinfo = at >= 0 ? surface.slice(hostStart, hostStart + at + 1) : '';
  const rest = refang(surface.slice(hostStart + userinfo.length + hostSurface.length));
  const hs = start + hostOffset;
  const he = hs + hostSurface.length;

  let canonicalHost: string | undefined;
  const derived: Extraction[] = [];
  const collect: Sink = (e) => derived.push(e);
  if (host.startsWith('[') && host.endsWith(']')) {
    const ip = parseIpv6(host.slice(1, -1));
    if (!ip) return;
    canonicalHost = `[${ip.value}]`;
    push(collect, 'ipv6', ip.value, text, hs + 1, he - 1, [...ip.flags, 'url_host']);
  } else if (/^[\d.]+$/.test(host)) {
    const ip = parseIpv4(host);
    if (!ip) return;
    canonicalHost = ip.value;
    push(collect, 'ipv4', ip.value, text, hs, he, [...ip.flags, 'url_host']);
  } else {
    const domain = parseDomain(host);
    canonicalHost = domain?.value ?? normaliseHostSyntax(host);
    if (canonicalHost === undefined) return;
    if (domain) {
      push(collect, 'domain', domain.value, text, hs, he, [...domain.flags, 'url_host']);
      const path = surface.slice(hostStart + (hostEnd - hostStart));
      const profile = profileFromUrlPath(domain.value, path);
      if (profile) {
        const s = start + hostEnd + profile.offset;
        push(collect, 'social_handle', `@${profile.handle}`, text, s, s + profile.handle.length, [], profile.platform);
      }
    }
  }
  push(sink, 'url', `${refangedPrefix}${userinfo}${canonicalHost}${rest}`, text, start, end, []);
  for (const d of derived) sink(d);
}

// ---------------------------------------------------------------------------------------------
// Paths

const WIN_TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '"', ' ']);

function trimPathEnd(surface: string, trailing: ReadonlySet<string>): number {
  let end = surface.length;
  for (;;) {
    const c = surface[end - 1];
    if (c === undefined) return end;
    if (trailing.has(c)) {
      end--;
      continue;
    }
    if (c === ')' && surface.slice(0, end).split('(').length < surface.slice(0, end).split(')').length) {
      end--;
      continue;
    }
    return end;
  }
}

function classifyWindowsPath(sink: Sink, text: string, start: number, rawEnd: number, unc: boolean): void {
  const end = start + trimPathEnd(text.slice(start, rawEnd), WIN_TRAILING);
  const surface = text.slice(start, end);
  const segments = surface
    .slice(unc ? 2 : 3)
    .split('\\')
    .filter((s) => s.length > 0);
  // A drive needs one segment ("C:\Users"); a UNC path needs a server and a share.
  if (segments.length < (unc ? 2 : 1)) return;
  push(sink, 'filepath_windows', surface, text, start, end);
}

/** Top-level directories of Linux, BSD and macOS file systems: a path under one of these is a path. */
const UNIX_ROOTS: ReadonlySet<string> = new Set([
  'bin',
  'boot',
  'dev',
  'etc',
  'home',
  'lib',
  'lib32',
  'lib64',
  'libx32',
  'media',
  'mnt',
  'opt',
  'proc',
  'root',
  'run',
  'sbin',
  'srv',
  'sys',
  'tmp',
  'usr',
  'var',
  'snap',
  'nix',
  'Users',
  'Applications',
  'Library',
  'System',
  'Volumes',
  'private',
  'cores',
  'Network',
  'data',
  'sdcard',
  'storage',
  'system',
  'vendor',
  'apex',
  'cygdrive',
  'export',
  'net',
  'scratch',
  'www',
  'workspace',
  'app',
  'config',
]);
const UNIX_TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '"']);
/** A segment that looks like base64 or a random token rather than a name (many capitals and digits, no separators). */
const BASE64ISH_RE = /^(?=(?:[^A-Z]*[A-Z]){4})(?=(?:\D*\d){2})[A-Za-z0-9+=]{12,}$/;

function classifyUnixPath(sink: Sink, text: string, start: number, rawEnd: number): void {
  const end = start + trimPathEnd(text.slice(start, rawEnd), UNIX_TRAILING);
  const surface = text.slice(start, end);
  const segments = surface
    .replace(/^~?\//, '')
    .split('/')
    .filter((s) => s.length > 0);
  const first = segments[0];
  if (first === undefined) return;
  const known = surface.startsWith('~') || UNIX_ROOTS.has(first);
  if (!known) {
    // Unknown roots: ask for more shape, because "/24", "/s" and base64 lines start with a slash too.
    if (segments.length < 2 || /^[\d.]+$/.test(first) || segments.some((s) => s.length > 64 || BASE64ISH_RE.test(s)))
      return;
  }
  push(sink, 'filepath_unix', surface, text, start, end);
}

// ---------------------------------------------------------------------------------------------
// Single-token types

const HASH_TYPES: ReadonlyMap<number, IndicatorType> = new Map([
  [32, 'md5'],
  [40, 'sha1'],
  [64, 'sha256'],
  [128, 'sha512'],
]);

function asnFlags(n: number): IndicatorFlag[] {
  // RFC 5398 documentation, RFC 6996 private use, RFC 7300 / RFC 7607 reserved.
  if ((n >= 64496 && n <= 64511) || (n >= 65536 && n <= 65551)) return ['documentation'];
  if ((n >= 64512 && n <= 65534) || (n >= 4200000000 && n <= 4294967294)) return ['private_asn'];
  if (n === 0 || n === 23456 || n === 65535 || n === 4294967295) return ['reserved'];
  return [];
}

function classifyHandle(sink: Sink, text: string, start: number, end: number): void {
  const handle = text.slice(start + 1, end);
  if (handle.length > 30 || NOT_HANDLES.has(handle.toLowerCase()) || /^\d+x?$/.test(handle)) return;
  // "@example.com" is a host written after an at-sign, not an account.
  if (handle.includes('.') && parseDomain(handle)) return;
  push(sink, 'social_handle', `@${handle}`, text, start, end, []);
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// The scan

const WORD_CODE = new Uint8Array(0x10000); // 0 unknown, 1 word, 2 not word
const UNICODE_WORD_RE = /[\p{L}\p{M}\p{N}]/u;
for (let c = 0; c < 0x80; c++) WORD_CODE[c] = /[A-Za-z0-9_%+-]/.test(String.fromCharCode(c)) ? 1 : 2;

/** A character of the TOKEN pattern's word class (W in patterns.ts). Surrogates count as letters. */
function isWordCode(c: number): boolean {
  if (Number.isNaN(c)) return false;
  let k = WORD_CODE[c] ?? 2;
  if (k === 0) {
    k = (c >= 0xd800 && c <= 0xdfff) || UNICODE_WORD_RE.test(String.fromCharCode(c)) ? 1 : 2;
    WORD_CODE[c] = k;
  }
  return k === 1;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isHexCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Start of the run of word characters that ends at `last` (inclusive), not before `floor`. */
function wordRunStart(text: string, last: number, floor: number): number {
  let s = last;
  while (s > floor && isWordCode(text.charCodeAt(s - 1))) s--;
  return s;
}

function stickyMatch(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Pass 1: punctuation-led indicators (URLs, paths, IPs, domains, e-mail, file names, handles).
 * Returns the spans of URLs, e-mail addresses and paths reported, inside which pass 2 stays quiet.
 */
function scanPunctuated(text: string, p: Patterns, sink: Sink): Span[] {
  const quiet: Span[] = [];
  let floor = 0;
  let maxEnd = 0;
  const tracking: Sink = (e) => {
    if (e.end > maxEnd) maxEnd = e.end;
    if (e.type === 'url' || e.type === 'email' || e.type === 'filepath_unix' || e.type === 'filepath_windows')
      quiet.push(e);
    sink(e);
  };
  const trigger = p.trigger;
  trigger.lastIndex = 0;
  for (let t = trigger.exec(text); t !== null; t = trigger.exec(text)) {
    const i = t.index;
    if (i < floor) continue;
    const c = text.charCodeAt(i);
    const prev = text.charCodeAt(i - 1);
    const next = text.charCodeAt(i + 1);
    let m: RegExpExecArray | null = null;
    let kind: 'url' | 'drive' | 'unc' | 'unix' | 'ipv6' | 'token' | 'handle' | undefined;
    let candidateStart = i;

    // URL: a scheme word right before ':' or a bracketed separator.
    if ((c === 0x3a || c === 0x5b || c === 0x28 || c === 0x7b) && isAsciiLetter(prev)) {
      let s = i - 1;
      while (s > floor && i - s < 5 && isAsciiLetter(text.charCodeAt(s - 1))) s--;
      m = stickyMatch(p.url, text, s);
      if (m) {
        kind = 'url';
        candidateStart = s;
      }
    }
    if (!m && c === 0x3a /* : */) {
      if (next === 0x5c /* \ */ && isAsciiLetter(prev) && i - 1 >= floor) {
        m = stickyMatch(p.winDrive, text, i - 1);
        if (m) {
          kind = 'drive';
          candidateStart = i - 1;
        }
      }
      if (!m && (isHexCode(prev) || isHexCode(next) || next === 0x3a)) {
        let s = i;
        while (s > floor && i - s < 4 && isHexCode(text.charCodeAt(s - 1))) s--;
        m = stickyMatch(p.ipv6, text, s);
        if (m) {
          kind = 'ipv6';
          candidateStart = s;
        }
      }
    } else if (!m && (c === 0x2f /* / */ || c === 0x7e) /* ~ */) {
      m = stickyMatch(p.unix, text, i);
      if (m) kind = 'unix';
    } else if (!m && c === 0x5c /* \ */) {
      if (next === 0x5c) {
        m = stickyMatch(p.winUnc, text, i);
        if (m) kind = 'unc';
      }
    } else if (!m && c === 0x40 /* @ */ && !isWordCode(prev)) {
      m = stickyMatch(p.handle, text, i);
      if (m) kind = 'handle';
    }
    // Dotted tokens: '.', '@' or a defanged separator (optionally after one blank) after a word.
    if (!m) {
      const last = isWordCode(prev)
        ? i - 1
        : (prev === 0x20 || prev === 0x09) && c !== 0x2e && c !== 0x40 && isWordCode(text.charCodeAt(i - 2))
          ? i - 2
          : -1;
      if (last >= floor && c !== 0x2f && c !== 0x5c && c !== 0x3a && c !== 0x7e) {
        const s = wordRunStart(text, last, floor);
        m = stickyMatch(p.token, text, s);
        if (m) {
          kind = 'token';
          candidateStart = s;
        }
      }
    }
    if (!m || kind === undefined) continue;
    const end = candidateStart + m[0].length;
    if (m[0].length <= MAX_SURFACE_LENGTH) {
      maxEnd = 0;
      switch (kind) {
        case 'url':
          classifyUrl(tracking, text, candidateStart, end);
          break;
        case 'drive':
          classifyWindowsPath(tracking, text, candidateStart, end, false);
          break;
        case 'unc':
          classifyWindowsPath(tracking, text, candidateStart, end, true);
          break;
        case 'unix':
          classifyUnixPath(tracking, text, candidateStart, end);
          break;
        case 'ipv6':
          classifyIpv6(tracking, text, candidateStart, end);
          break;
        case 'token':
          classifyToken(tracking, text, candidateStart, end);
          break;
        case 'handle':
          classifyHandle(tracking, text, candidateStart, end);
          break;
      }
      // A rejected URL or IPv6 candidate gives its text back: the host or words inside may still be
      // indicators. Everything else consumes what it matched.
      if ((kind === 'url' || kind === 'ipv6') && maxEnd === 0) continue;
    }
    floor = Math.max(end, maxEnd);
    trigger.lastIndex = floor;
  }
  return quiet;
}

function insideAny(spans: readonly Span[], start: number, end: number): boolean {
  // spans are in ascending start order (pass 1 emits top-level matches left to right).
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid];
    if (s === undefined) break;
    if (s.start > start) hi = mid - 1;
    else if (s.end < end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Pass 2: single-word identifiers. */
function scanWordIds(text: string, p: Patterns, quiet: readonly Span[], sink: Sink): void {
  const re = p.wordIds;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (insideAny(quiet, start, end)) continue;
    if (m[WG.hash] !== undefined) {
      const type = HASH_TYPES.get(m[0].length);
      if (type) push(sink, type, m[0].toLowerCase(), text, start, end);
    } else if (m[WG.cve] !== undefined) push(sink, 'cve', m[0].toUpperCase(), text, start, end);
    else if (m[WG.asn] !== undefined) {
      const n = Number(/\d+$/.exec(m[0])?.[0]);
      if (n <= 4294967295) push(sink, 'asn', `AS${n}`, text, start, end, asnFlags(n));
    } else if (m[WG.attack] !== undefined) push(sink, 'attack_technique', m[0], text, start, end);
    else if (m[WG.eth] !== undefined)
      push(
        sink,
        'eth_address',
        m[0].toLowerCase(),
        text,
        start,
        end,
        ethereumChecksumUnverified(m[0].slice(2)) ? ['checksum_unverified'] : [],
      );
    else if (m[WG.btc] !== undefined && isBitcoinAddress(m[0]))
      push(sink, 'btc_address', m[0].toLowerCase().startsWith('bc1') ? m[0].toLowerCase() : m[0], text, start, end);
  }
}

function classifyIpv6(sink: Sink, text: string, start: number, end: number): void {
  const candidate = text.slice(start, end);
  const ip = parseIpv6(candidate);
  // Followed by more hex or a colon: a longer colon-separated run (MAC-like, timestamps) was cut.
  const next = text.charCodeAt(end);
  const cut = isWordCode(next) || next === 0x3a || (next === 0x2e && isHexCode(text.charCodeAt(end + 1)));
  const groups = candidate.split(':').filter((g) => g.length > 0);
  // "12::30" is a valid address but far more often a time or a ratio.
  const plausible = groups.length >= 3 || groups.some((g) => g.length >= 3 || /[a-f]/i.test(g));
  if (!ip || cut || !plausible) return;
  const prefix = /^\/(\d{1,3})(?!\d|\.\d|\/)/.exec(text.slice(end, end + 5))?.[1];
  if (prefix !== undefined && Number(prefix) <= 128)
    push(sink, 'cidr', `${ip.value}/${Number(prefix)}`, text, start, end + 1 + prefix.length, ip.flags);
  else push(sink, 'ipv6', ip.value, text, start, end, ip.flags);
}

function scan(text: string, sink: Sink): void {
  const p = createPatterns();
  const quiet = scanPunctuated(text, p, sink);
  scanWordIds(text, p, quiet, sink);
}

const SCREEN_NAME_RE = /^@?([A-Za-z0-9_]{1,30})$/;

/**
 * A social account written without '@' in a field that is known to hold one (the screen-name column
 * of a CSV export, "screen_name" in a JSON profile). Free text cannot tell such a bare word from any
 * other, so importers that know the field call this; offsets are relative to `field`.
 */
export function extractScreenName(field: string, platform?: SocialPlatform): Extraction | undefined {
  const trimmed = field.trim();
  const m = SCREEN_NAME_RE.exec(trimmed);
  const handle = m?.[1];
  if (handle === undefined || /^\d+$/.test(handle)) return undefined;
  const start = field.indexOf(trimmed);
  const e: Extraction = {
    type: 'social_handle',
    value: `@${handle}`,
    surface: trimmed,
    start,
    end: start + trimmed.length,
    flags: [],
  };
  return platform === undefined ? e : { ...e, platform };
}

function byPosition(a: Extraction, b: Extraction): number {
  return a.start - b.start || b.end - a.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);
}

/**
 * Every indicator occurrence in `text`, ordered by position. Derived occurrences (the host of a URL,
 * the domain of an e-mail address, the account of a profile URL) are reported too, flagged and with
 * their own offsets inside the parent's surface.
 */
export function extractIndicators(text: string, options?: ExtractOptions): Extraction[] {
  const out: Extraction[] = [];
  const wanted = options?.types ? new Set(options.types) : undefined;
  scan(
    text,
    wanted
      ? (e) => {
          if (wanted.has(e.type)) out.push(e);
        }
      : (e) => out.push(e),
  );
  return out.sort(byPosition);
}
