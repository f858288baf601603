/**
 * Social-media accounts: bare @handles and profile URLs of X/Twitter, Facebook, Instagram, Telegram,
 * YouTube and TikTok.
 */
import type { SocialPlatform } from '../../shared/indicator-types.js';

/**
 * '@words' that are not accounts: CSS at-rules, doc-comment tags, decorators and chat keywords. They
 * are common in HTML, code and chat exports pasted into evidence.
 */
export const NOT_HANDLES: ReadonlySet<string> = new Set(
  [
    // CSS at-rules
    'page',
    'media',
    'import',
    'font',
    'keyframes',
    'charset',
    'supports',
    'namespace',
    'layer',
    'container',
    'property',
    'viewport',
    'document',
    'counter',
    'scope',
    'starting',
    'tailwind',
    'apply',
    'include',
    'mixin',
    'extend',
    'use',
    'forward',
    'each',
    'if',
    'else',
    'for',
    'while',
    'return',
    'function',
    'content',
    // JSDoc / Javadoc / decorators / Objective-C
    'param',
    'returns',
    'type',
    'typedef',
    'override',
    'deprecated',
    'see',
    'example',
    'throws',
    'since',
    'author',
    'version',
    'link',
    'todo',
    'interface',
    'implementation',
    'end',
    'synthesize',
    'protocol',
    'component',
    'injectable',
    'input',
    'output',
    'test',
    'before',
    'after',
    'beforeeach',
    'aftereach',
    'suppresswarnings',
    'functionalinterface',
    'dataclass',
    'staticmethod',
    'classmethod',
    'app',
    'click',
    // shells and chat
    'echo',
    'here',
    'everyone',
    'channel',
    'all',
    'home',
  ].map((s) => s.toLowerCase()),
);

const TWITTER_RESERVED = new Set([
  'home',
  'search',
  'explore',
  'i',
  'intent',
  'share',
  'hashtag',
  'settings',
  'login',
  'logout',
  'signup',
  'messages',
  'notifications',
  'tos',
  'privacy',
  'compose',
  'about',
  'help',
  'jobs',
  'download',
  'account',
  'lists',
  'topics',
  'status',
  'statuses',
  'web',
  'oauth',
  'widgets',
]);
const FACEBOOK_RESERVED = new Set([
  'pages',
  'groups',
  'events',
  'sharer',
  'sharer.php',
  'login',
  'login.php',
  'watch',
  'photo.php',
  'profile.php',
  'people',
  'story.php',
  'permalink.php',
  'hashtag',
  'marketplace',
  'help',
  'policies',
  'privacy',
  'settings',
  'gaming',
  'business',
  'ads',
  'photos',
  'videos',
  'notes',
  'dialog',
  'plugins',
  'l.php',
  'home.php',
  'search',
  'reel',
  'reels',
  'share',
  'stories',
  'friends',
  'messages',
  'notifications',
  'bookmarks',
  'media',
  'tr',
]);
const INSTAGRAM_RESERVED = new Set([
  'p',
  'reel',
  'reels',
  'explore',
  'stories',
  'accounts',
  'tv',
  'direct',
  'about',
  'developer',
  'legal',
  'web',
  'static',
]);
const TELEGRAM_RESERVED = new Set([
  'joinchat',
  'addstickers',
  'addemoji',
  'share',
  'proxy',
  'socks',
  'c',
  'iv',
  'addlist',
  'setlanguage',
  'login',
  'boost',
  'contact',
  'invoice',
]);
const TIKTOK_YOUTUBE_RESERVED = new Set<string>();

interface PlatformRule {
  readonly platform: SocialPlatform;
  /** Applied to the URL path (starting with '/'); group 1 is the handle. */
  readonly path: RegExp;
  readonly reserved: ReadonlySet<string>;
}

const RULES: ReadonlyMap<string, PlatformRule> = new Map<string, PlatformRule>([
  ...['twitter.com', 'x.com'].map(
    (h) =>
      [
        h,
        {
          platform: 'twitter',
          path: /^\/(?:#!\/)?@?([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_.])/,
          reserved: TWITTER_RESERVED,
        },
      ] as const,
  ),
  ...['facebook.com', 'fb.com'].map(
    (h) =>
      [
        h,
        { platform: 'facebook', path: /^\/([A-Za-z0-9.]{3,50})(?![A-Za-z0-9_.])/, reserved: FACEBOOK_RESERVED },
      ] as const,
  ),
  [
    'instagram.com',
    {
      platform: 'instagram',
      path: /^\/([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![A-Za-z0-9_.])/,
      reserved: INSTAGRAM_RESERVED,
    },
  ],
  ...['t.me', 'telegram.me', 'telegram.dog'].map(
    (h) =>
      [
        h,
        {
          platform: 'telegram',
          path: /^\/(?:s\/)?([A-Za-z][A-Za-z0-9_]{3,31})(?![A-Za-z0-9_])/,
          reserved: TELEGRAM_RESERVED,
        },
      ] as const,
  ),
  [
    'youtube.com',
    {
      platform: 'youtube',
      path: /^\/(?:@|c\/|user\/)([A-Za-z0-9_.-]{3,30})(?![A-Za-z0-9_.-])/,
      reserved: TIKTOK_YOUTUBE_RESERVED,
    },
  ],
  [
    'tiktok.com',
    { platform: 'tiktok', path: /^\/@([A-Za-z0-9_.]{2,24})(?![A-Za-z0-9_.])/, reserved: TIKTOK_YOUTUBE_RESERVED },
  ],
]);

const HOST_PREFIX_RE = /^(?:www|m|mobile|mbasic|web|business|vm)\./;

export interface ProfileHandle {
  readonly platform: SocialPlatform;
  readonly handle: string;
  /** Offset of the handle within the path string given. */
  readonly offset: number;
}

/** The account named by a profile URL's path, when `host` is one of the supported platforms. */
export function profileFromUrlPath(host: string, path: string): ProfileHandle | undefined {
  const rule = RULES.get(host.replace(HOST_PREFIX_RE, ''));
  if (!rule) return undefined;
  const m = rule.path.exec(path);
  const handle = m?.[1];
  if (m === null || handle === undefined || rule.reserved.has(handle.toLowerCase())) return undefined;
  return { platform: rule.platform, handle, offset: m[0].length - handle.length };
}

export function isSocialHost(host: string): boolean {
  return RULES.has(host.replace(HOST_PREFIX_RE, ''));
}
