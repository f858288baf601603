/**
 * Indicator types shared by the extractor (main/indicators), the UI, exports and the CLI. Pure types
 * and constant lists only: plain, readonly, serialisable (CONVENTIONS.md §4).
 */

export const INDICATOR_TYPES = [
  'ipv4',
  'ipv6',
  'cidr',
  'domain',
  'url',
  'email',
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'cve',
  'asn',
  'attack_technique',
  'filepath_windows',
  'filepath_unix',
  'filename',
  'social_handle',
  'btc_address',
  'eth_address',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export const SOCIAL_PLATFORMS = ['twitter', 'facebook', 'instagram', 'telegram', 'youtube', 'tiktok'] as const;
export type SocialPlatform = (typeof SOCIAL_PLATFORMS)[number];

/**
 * Facts about one occurrence. Flags never drop an indicator; they let the analyst filter.
 * - defanged: the surface used a defanged form (hxxp, [.], [at], …).
 * - url_host / email_domain: a domain or IP reported because it is the host of a URL or the domain
 *   of an e-mail address; its offsets point at that part of the surface.
 * - IP ranges (ipaddr.js + RFC 5737/3849): public, private, loopback, documentation, multicast,
 *   link_local, reserved, unspecified, broadcast, carrier_grade_nat, unique_local.
 * - special_use_tld: the TLD is reserved (RFC 2606/6761: example, test, invalid, localhost, local…)
 *   rather than on the public-suffix list.
 * - idn: the surface is an internationalised name; the value is its punycode form.
 * - known_resolver / benign_domain: on a bundled warning list (public DNS resolvers, major benign
 *   sites). Still indicators, but rarely attribution-relevant.
 * - private_asn / documentation (ASN): RFC 6996 / RFC 5398 ranges.
 * - version_like: an IPv4 in a position where version numbers are common but not certain.
 * - checksum_unverified: an Ethereum address whose mixed-case (EIP-55) checksum was not verified.
 */
export const INDICATOR_FLAGS = [
  'defanged',
  'url_host',
  'email_domain',
  'public',
  'private',
  'loopback',
  'documentation',
  'multicast',
  'link_local',
  'reserved',
  'unspecified',
  'broadcast',
  'carrier_grade_nat',
  'unique_local',
  'special_use_tld',
  'idn',
  'known_resolver',
  'benign_domain',
  'private_asn',
  'checksum_unverified',
] as const;
export type IndicatorFlag = (typeof INDICATOR_FLAGS)[number];

/**
 * One occurrence of an indicator in a text. `start`/`end` are UTF-16 code-unit offsets into the text
 * that was scanned, half-open, and `text.slice(start, end) === surface` always holds. `value` is the
 * canonical form used as the indicator's key (refanged, lower-cased where the type is
 * case-insensitive, IPv6 compressed per RFC 5952, IDN as punycode, ASN as 'AS' + number).
 */
export interface Extraction {
  readonly type: IndicatorType;
  readonly value: string;
  readonly surface: string;
  readonly start: number;
  readonly end: number;
  readonly flags: readonly IndicatorFlag[];
  /** Only for social_handle: the platform when the surface says so (a profile URL). */
  readonly platform?: SocialPlatform;
}

export interface IndicatorOccurrence {
  readonly start: number;
  readonly end: number;
  readonly surface: string;
  readonly flags: readonly IndicatorFlag[];
}

/** Every occurrence of one canonical indicator. */
export interface Indicator {
  readonly type: IndicatorType;
  readonly value: string;
  readonly platform?: SocialPlatform;
  /** Union of the flags of all occurrences. */
  readonly flags: readonly IndicatorFlag[];
  readonly occurrences: readonly IndicatorOccurrence[];
}

/** The analyst's verdict on an indicator; benign and false positives stay out of exports. */
export const INDICATOR_STATUSES = ['open', 'benign', 'false_positive'] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];

/** An offline enrichment fact about an indicator, with where it came from and when. */
export interface Enrichment {
  /**
   * 'asn' (IP → autonomous system; the organisation as label), 'organisation' (of an ASN indicator,
   * or of an IP an analyst named without an AS number), 'country' (ISO 3166-1 alpha-2),
   * 'registrable_domain', 'suffix' (public suffix).
   */
  readonly kind: string;
  readonly value: string;
  /** A label for the value, e.g. the organisation of an ASN. */
  readonly label?: string;
  /** e.g. "@ip-location-db/asn 2.3.2026061719" or "analyst CSV ranges.csv (imported 2026-11-21)". */
  readonly source: string;
  /** When the source's data was produced or imported (epoch ms). */
  readonly sourceDate: number;
}

/** A pixel box on an image or video frame (OCR), in the image's own pixels. */
export interface PixelBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where one occurrence sits inside an exhibit. */
export interface OccurrenceLocation {
  /** UTF-16 offsets into the exhibit's extracted text (or OCR text for `ocr`). */
  readonly start: number;
  readonly end: number;
  /**
   * The parser's text segment: 'page' (PDF, label = page number), 'header' (e-mail, label = header
   * name), 'body', 'title', …; 'cell' (CSV column, label = "column, row n"); 'attachment' (an e-mail
   * attachment's name, not in the text: offsets 0, 0); 'ocr' (image or video frame); 'text' when the
   * offset is in no segment.
   */
  readonly kind: string;
  /** Page number, header name, … as in the parser's text segments; '' when none. */
  readonly label: string;
  /** OCR only: seconds into the video for a frame; null for a still image. */
  readonly frameTimeS?: number | null;
  /** OCR only: the box around the surface on the image or frame. */
  readonly box?: PixelBox | null;
}

export interface IndicatorSummary {
  readonly id: number;
  readonly type: IndicatorType;
  readonly value: string;
  readonly platform?: SocialPlatform;
  readonly flags: readonly IndicatorFlag[];
  readonly status: IndicatorStatus;
  readonly tags: readonly string[];
  readonly enrichment: readonly Enrichment[];
  readonly occurrenceCount: number;
  readonly exhibitCount: number;
  /** Import time of the earliest / latest exhibit it occurs in (epoch ms). */
  readonly firstSeen: number;
  readonly lastSeen: number;
}

export interface IndicatorOccurrenceDetail {
  readonly exhibitNumber: number;
  readonly exhibitLabel: string;
  readonly exhibitName: string;
  readonly surface: string;
  readonly flags: readonly IndicatorFlag[];
  readonly location: OccurrenceLocation;
  /** Up to ~80 characters either side of the surface, from the same text. */
  readonly context: string;
}

export interface IndicatorDetail extends IndicatorSummary {
  readonly occurrences: readonly IndicatorOccurrenceDetail[];
  readonly notes: string;
}
