import { describe, expect, it } from 'vitest';
import { defang, isDefanged, refang } from '../../../shared/defang.js';

describe('refang', () => {
  it.each([
    ['hxxp://example.com', 'http://example.com'],
    ['hxxps://example.com', 'https://example.com'],
    ['HXXPS://example.com', 'https://example.com'],
    ['hXXp://example.com', 'http://example.com'],
    ['fxp://files.example.com', 'ftp://files.example.com'],
    ['FXP://files.example.com', 'ftp://files.example.com'],
    ['hxxp[:]//example.com', 'http://example.com'],
    ['hxxps[://]example.com', 'https://example.com'],
    ['hxxps(://)example.com', 'https://example.com'],
    ['example[.]com', 'example.com'],
    ['example(.)com', 'example.com'],
    ['example{.}com', 'example.com'],
    ['example[dot]com', 'example.com'],
    ['example[DOT]com', 'example.com'],
    ['example(dot)com', 'example.com'],
    ['example(Dot)com', 'example.com'],
    ['example{dot}com', 'example.com'],
    ['example [.] com', 'example.com'],
    ['example[ . ]com', 'example.com'],
    ['example [ dot ] com', 'example.com'],
    ['example (dot) com', 'example.com'],
    ['user[at]example.com', 'user@example.com'],
    ['user[AT]example.com', 'user@example.com'],
    ['user(at)example.com', 'user@example.com'],
    ['user{at}example.com', 'user@example.com'],
    ['user[@]example.com', 'user@example.com'],
    ['user [at] example [.] com', 'user@example.com'],
    ['192.168.1[.]1', '192.168.1.1'],
    ['203[.]0[.]113[.]81', '203.0.113.81'],
    ['hxxps://evil[.]example[:]8443/a', 'https://evil.example:8443/a'],
    // Mixed case and the TLS forms of both schemes.
    ['HxXpS://example.com', 'https://example.com'],
    ['FxPs://files.example.com', 'ftps://files.example.com'],
    // Spaced variants of every bracketed form.
    ['user (at) example (dot) com', 'user@example.com'],
    ['user [ @ ] example.com', 'user@example.com'],
    ['user{ at }example.com', 'user@example.com'],
    ['hxxp[ : ]//example.com', 'http://example.com'],
    ['hxxps[ :// ]example.com', 'https://example.com'],
    ['hxxps(://)example(.)com', 'https://example.com'],
    ['example{ . }com', 'example.com'],
  ])('%s → %s', (defanged, plain) => {
    expect(refang(defanged)).toBe(plain);
    expect(isDefanged(defanged)).toBe(true);
  });

  it('leaves plain text and prose alone', () => {
    for (const s of [
      'http://example.com',
      'the dot com era',
      'meet at noon',
      'a fxp file',
      'f(x) = [1, 2]',
      'user@example.com',
    ]) {
      expect(refang(s)).toBe(s);
      expect(isDefanged(s)).toBe(false);
    }
  });
});

describe('defang', () => {
  it('produces the hxxp://example[.]com style', () => {
    expect(defang('http://example.com/a.php?x=1', 'url')).toBe('hxxp://example[.]com/a.php?x=1');
    expect(defang('https://sub.example.com:8443/', 'url')).toBe('hxxps://sub[.]example[.]com:8443/');
    expect(defang('ftp://files.example.org/f', 'url')).toBe('fxp://files[.]example[.]org/f');
    expect(defang('http://[2001:db8::1]/x', 'url')).toBe('hxxp://[2001:db8::1]/x');
    expect(defang('http://user@example.com/', 'url')).toBe('hxxp://user@example[.]com/');
    expect(defang('example.com', 'domain')).toBe('example[.]com');
    expect(defang('203.0.113.77', 'ipv4')).toBe('203[.]0[.]113[.]77');
    expect(defang('203.0.113.0/24', 'cidr')).toBe('203[.]0[.]113[.]0/24');
    expect(defang('info@officialproudboys-mail.example', 'email')).toBe('info[@]officialproudboys-mail[.]example');
  });

  it('leaves types without a defanged form unchanged', () => {
    expect(defang('71b9599ad4b784fb74c3a4e49a72c823', 'md5')).toBe('71b9599ad4b784fb74c3a4e49a72c823');
    expect(defang('C:\\Users\\a.txt', 'filepath_windows')).toBe('C:\\Users\\a.txt');
  });

  it('is undone by refang', () => {
    const values = [
      ['http://example.com/path/file.exe', 'url'],
      ['https://a.b.example.org/?q=a.b', 'url'],
      ['mail.example.net', 'domain'],
      ['198.51.100.9', 'ipv4'],
      ['first.last@example.co.uk', 'email'],
    ] as const;
    for (const [value, type] of values) {
      const d = defang(value, type);
      expect(d).not.toBe(value);
      expect(isDefanged(d)).toBe(true);
      expect(refang(d)).toBe(value);
    }
  });
});
