import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { extractIndicators, extractScreenName } from '../../../main/indicators/index.js';
import type { Extraction, IndicatorType } from '../../../shared/indicator-types.js';

function found(text: string, type?: IndicatorType): Extraction[] {
  const all = extractIndicators(text);
  for (const e of all) expect(text.slice(e.start, e.end)).toBe(e.surface);
  return type === undefined ? all : all.filter((e) => e.type === type);
}
function values(text: string, type: IndicatorType): string[] {
  return found(text, type).map((e) => e.value);
}

describe('IPv4 and CIDR', () => {
  it('finds plain and defanged addresses, with classification flags', () => {
    expect(values('from 198.51.100.9 and 203.0.113[.]77 and 203[.]0[.]113[.]81 and 203.0.113(dot)90', 'ipv4')).toEqual([
      '198.51.100.9',
      '203.0.113.77',
      '203.0.113.81',
      '203.0.113.90',
    ]);
    const flags = (ip: string) => found(ip, 'ipv4')[0]?.flags;
    expect(flags('8.8.8.8')).toEqual(['public', 'known_resolver']);
    expect(flags('1.1.1.1')).toContain('known_resolver');
    expect(flags('9.9.9.9')).toContain('known_resolver');
    expect(flags('93.184.216.34')).toEqual(['public']);
    expect(flags('10.1.2.3')).toEqual(['private']);
    expect(flags('192.168.0.1')).toEqual(['private']);
    expect(flags('127.0.0.1')).toEqual(['loopback']);
    expect(flags('192.0.2.10')).toEqual(['documentation']);
    expect(flags('224.0.0.251')).toEqual(['multicast']);
    expect(flags('169.254.10.1')).toEqual(['link_local']);
    expect(flags('240.0.0.1')).toEqual(['reserved']);
  });

  it('reports a prefix as CIDR, not as an address', () => {
    const text = 'announces 203.0.113.0/24.';
    expect(values(text, 'ipv4')).toEqual([]);
    expect(found(text, 'cidr')).toMatchObject([{ value: '203.0.113.0/24', surface: '203.0.113.0/24' }]);
    expect(values('10.0.0.0/8 and 2001:db8::/32', 'cidr')).toEqual(['10.0.0.0/8', '2001:db8::/32']);
  });

  it('does not report version numbers, dates, or pieces of longer numbers', () => {
    for (const text of [
      'Our mail parser (version 1.2.3.4, yes really)',
      'Mozilla/5.0 Chrome/120.0.0.0 Safari/537.36',
      'Exchange 15.2.792.3',
      'Microsoft SMTP Server id 15.1.2044.4;',
      'X-Mailer: Microsoft Outlook Express 6.00.2900.5931',
      'Press conference on 10.21.2020',
      'OBS Studio 26.0.2',
      'serial 1234.5.6.7.89 and 1.2.3.4.5',
      'OID 1.3.6.1.4.1.311',
      'build 10.0.19041.1',
      'v1.2.3.4',
      '256.1.1.1 and 01.02.03.04',
    ]) {
      expect(values(text, 'ipv4'), text).toEqual([]);
    }
  });
});

describe('IPv6', () => {
  it('finds addresses in RFC 5952 form, without the SMTP IPv6: tag', () => {
    expect(found('[IPv6:2001:db8:1f70::2c])', 'ipv6')).toMatchObject([
      { value: '2001:db8:1f70::2c', surface: '2001:db8:1f70::2c' },
    ]);
    expect(values('relay 2001:0DB8:0000:0000:0000:0000:0000:002C.', 'ipv6')).toEqual(['2001:db8::2c']);
    expect(found('fe80::1 ::1 2001:4860:4860::8888', 'ipv6').map((e) => [e.value, e.flags[0]])).toEqual([
      ['fe80::1', 'link_local'],
      ['2001:4860:4860::8888', 'public'],
    ]);
  });

  it('ignores times, MAC addresses and code', () => {
    for (const text of ['at 10:12:51 -0400', '08:15 UTC', 'aa:bb:cc:dd:ee:ff', 'std::vector<int>', 'ratio 12::30']) {
      expect(values(text, 'ipv6'), text).toEqual([]);
    }
  });
});

describe('domains', () => {
  it('validates against the public-suffix list and special-use TLDs, lower-cased', () => {
    expect(values('Mail.Desert-Logistics.EXAMPLE and foo.co.uk and dc01.corp.local', 'domain')).toEqual([
      'mail.desert-logistics.example',
      'foo.co.uk',
      'dc01.corp.local',
    ]);
    expect(found('vidshare[.]example', 'domain')).toMatchObject([
      { value: 'vidshare.example', surface: 'vidshare[.]example', flags: ['defanged', 'special_use_tld'] },
    ]);
    expect(values('evil [.] com, evil[ . ]net, evil (dot) org', 'domain')).toEqual([
      'evil.com',
      'evil.net',
      'evil.org',
    ]);
  });

  it('converts IDN to punycode', () => {
    expect(found('bücher.de', 'domain')).toMatchObject([
      { value: 'xn--bcher-kva.de', surface: 'bücher.de', flags: ['idn'] },
    ]);
  });

  it('flags major benign domains', () => {
    expect(found('update.microsoft.com', 'domain')[0]?.flags).toContain('benign_domain');
    expect(found('google.com', 'domain')[0]?.flags).toContain('benign_domain');
    expect(found('officialproudboys-mail.example', 'domain')[0]?.flags).not.toContain('benign_domain');
  });

  it('does not take file names, repositories, boundaries or abbreviations for domains', () => {
    const text =
      'Wrote report.pdf; see timeline.xlsx, mailparse.git, main.py, update.zip, 01D6A6E1.5C3B2F40, e.g. i.e. U.S. 10.21.2020';
    expect(values(text, 'domain')).toEqual([]);
    expect(values(text, 'filename')).toEqual(['report.pdf', 'timeline.xlsx', 'main.py', 'update.zip']);
  });

  it('does not take script member access or CSS selectors for domains', () => {
    const text =
      "header.site { color: red }\n banner.id = 'x'; ts=' + Date.now();\nReceived: by mbox1.example.org (Postfix)";
    expect(values(text, 'domain')).toEqual(['mbox1.example.org']);
  });

  it('takes a file-extension TLD as a domain when it is clearly a host', () => {
    expect(values('cdn.update.zip', 'domain')).toEqual(['cdn.update.zip']);
    expect(values('http://update.zip/x', 'domain')).toEqual(['update.zip']);
  });
});

describe('URLs', () => {
  it('refangs the scheme and host and keeps the rest as written', () => {
    expect(found('For the ticket: hxxp://203.0.113[.]77/media/proof_final.mp4 and', 'url')).toMatchObject([
      {
        value: 'http://203.0.113.77/media/proof_final.mp4',
        surface: 'hxxp://203.0.113[.]77/media/proof_final.mp4',
        flags: ['defanged'],
      },
    ]);
    expect(values('HTTPS://Vidshare.Example/watch/Qx7Lm2Rp', 'url')).toEqual([
      'https://vidshare.example/watch/Qx7Lm2Rp',
    ]);
    expect(values('hxxp[:]//evil[.]com/a hXXps[://]evil[dot]com/b fxp://files.example.org/x', 'url')).toEqual([
      'http://evil.com/a',
      'https://evil.com/b',
      'ftp://files.example.org/x',
    ]);
  });

  it('trims trailing punctuation and unbalanced brackets', () => {
    expect(values('(see https://en.wikipedia.org/wiki/Foo_(bar)).', 'url')).toEqual([
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    ]);
    expect(values('[http://203.0.113.77/media/proof_final.mp4]', 'url')).toEqual([
      'http://203.0.113.77/media/proof_final.mp4',
    ]);
    expect(values('"https://a.example/x?y=1&z=2", and https://b.example/.', 'url')).toEqual([
      'https://a.example/x?y=1&z=2',
      'https://b.example/',
    ]);
    expect(values('<a href="https://c.example/p">', 'url')).toEqual(['https://c.example/p']);
  });

  it('ends a URL at a comma in its path (CSV fields) but not in its query', () => {
    expect(values('x,https://www.example.org/guides/check,2020-10-07,en', 'url')).toEqual([
      'https://www.example.org/guides/check',
    ]);
    expect(values('https://a.example/q?ids=1,2,3 next', 'url')).toEqual(['https://a.example/q?ids=1,2,3']);
  });

  it('reports the host as a domain or IP occurrence with its own offsets', () => {
    const text = 'hxxps://t[.]example/Zk3vP9 and http://[2001:db8::1]:8080/x';
    const host = found(text, 'domain')[0];
    expect(host).toMatchObject({ value: 't.example', surface: 't[.]example', start: 8 });
    expect(host?.flags).toContain('url_host');
    expect(found(text, 'ipv6')).toMatchObject([{ value: '2001:db8::1', flags: ['documentation', 'url_host'] }]);
  });

  it('does not report paths inside URLs as file paths', () => {
    expect(values('https://example.com/etc/passwd', 'filepath_unix')).toEqual([]);
  });
});

describe('e-mail addresses', () => {
  it('finds plain and defanged mailboxes, and their domains', () => {
    expect(values('info@officialproudboys-mail.example, R.Okafor@Example.org', 'email')).toEqual([
      'info@officialproudboys-mail.example',
      'r.okafor@example.org',
    ]);
    expect(
      values('info[at]officialproudboys-mail[.]example bob (at) evil{.}com bob[@]evil.com x [at] y [dot] com', 'email'),
    ).toEqual(['info@officialproudboys-mail.example', 'bob@evil.com', 'bob@evil.com', 'x@y.com']);
    expect(found('mail dana.marlowe@example.net', 'domain')).toMatchObject([
      { value: 'example.net', surface: 'example.net', start: 18, flags: ['email_domain'] },
    ]);
  });

  it('rejects Message-IDs, git remotes and ssh/scp targets, but keeps their hosts', () => {
    const text = [
      'Message-ID: <20201020141241.9A1F2C0043@relay7.kasvu-hosting.example>',
      'References: <a@x.example>',
      '\t<9f1c2ad4b7e05a33c1d8e6f0a2b4c6d8@officialproudboys-mail.example>',
      'git clone git@git.example.org:soc/mailparse.git',
      'ssh root@host.example.com',
      'scp dump.csv operator@203.0.113.77:/srv/drop/',
    ].join('\n');
    expect(values(text, 'email')).toEqual([]);
    expect(values(text, 'md5')).toEqual([]);
    expect(values(text, 'domain')).toEqual([
      'relay7.kasvu-hosting.example',
      'x.example',
      'officialproudboys-mail.example',
      'git.example.org',
      'host.example.com',
    ]);
  });
});

describe('hashes', () => {
  it('classifies hex runs by length, lower-cased', () => {
    const md5 = '71B9599AD4B784FB74C3A4E49A72C823';
    const sha1 = '36a4dfd07a96be860a212d600cc02d7c946aa0a1';
    const sha256 = 'ccb3b04b236c1ee815d27acfa9c974d4259f4264fd6a286a27686125c16f4b4f';
    const sha512 =
      'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e';
    const text = `MD5 ${md5}\nSHA-1: ${sha1}\nSHA256=${sha256}\n${sha512}`;
    expect(found(text).map((e) => [e.type, e.value])).toEqual([
      ['md5', md5.toLowerCase()],
      ['sha1', sha1],
      ['sha256', sha256],
      ['sha512', sha512],
    ]);
  });

  it('ignores other lengths, longer runs and non-hex', () => {
    expect(found(`${'a'.repeat(33)} ${'b'.repeat(31)} ${'c'.repeat(32)}g ${'d'.repeat(129)}`)).toEqual([]);
  });
});

describe('CVE, ASN, ATT&CK', () => {
  it('finds CVE ids in canonical upper case', () => {
    expect(values('CVE-2021-44228, cve-2020-0601 and CVE-2020-99871.', 'cve')).toEqual([
      'CVE-2021-44228',
      'CVE-2020-0601',
      'CVE-2020-99871',
    ]);
    expect(values('CVE-21-1 and XCVE-2021-44228', 'cve')).toEqual([]);
  });

  it('finds ASNs in every spelling as AS + number, flagging special ranges', () => {
    expect(
      found('Worldstream (AS 64500), AS13335 and ASN 15169', 'asn').map((e) => [e.value, e.surface, e.flags]),
    ).toEqual([
      ['AS64500', 'AS 64500', ['documentation']],
      ['AS13335', 'AS13335', []],
      ['AS15169', 'ASN 15169', []],
    ]);
    expect(found('AS65001', 'asn')[0]?.flags).toEqual(['private_asn']);
    expect(values('as 5 people said, HAS 12', 'asn')).toEqual([]);
  });

  it('finds ATT&CK techniques and sub-techniques', () => {
    expect(values('T1059 and T1059.001; T1566.002.', 'attack_technique')).toEqual(['T1059', 'T1059.001', 'T1566.002']);
    expect(values('T2020 T10590 XT1059', 'attack_technique')).toEqual([]);
  });
});

describe('file paths and names', () => {
  it('finds Windows drive and UNC paths as shown', () => {
    const text =
      'prompt in C:\\Users\\operator, the file C:\\Users\\operator\\Desktop\\voterdb\\fl_voters_2020.csv. Also \\\\fileserver\\share\\docs\\a.docx and "C:\\Program Files\\Evil Corp\\evil.exe" ran';
    expect(values(text, 'filepath_windows')).toEqual([
      'C:\\Users\\operator',
      'C:\\Users\\operator\\Desktop\\voterdb\\fl_voters_2020.csv',
      '\\\\fileserver\\share\\docs\\a.docx',
      'C:\\Program Files\\Evil Corp\\evil.exe',
    ]);
    expect(values('a:\\ and x:\\\\ and \\\\server alone', 'filepath_windows')).toEqual([]);
  });

  it('finds Unix paths, keeping a trailing slash', () => {
    const text =
      'copied to /srv/drop/ and /home/operator/.local/share/sqlmap/output/dump/voters.csv; grep /var/spool/mail/ | sort; key ~/.ssh/id_rsa';
    expect(values(text, 'filepath_unix')).toEqual([
      '/srv/drop/',
      '/home/operator/.local/share/sqlmap/output/dump/voters.csv',
      '/var/spool/mail/',
      '~/.ssh/id_rsa',
    ]);
  });

  it('ignores slashes that are not paths', () => {
    for (const text of [
      'and/or',
      'the same /24 as',
      '24/7 support',
      '</span></td>',
      'km/h',
      '10/21/2020',
      'line /AAAAQ8WLZoABAAZo6XhEsiz9+PgAAAAAFGJ0cnQAAAAAAABJxQAAScUA/AAAYc3R0cwAA',
    ]) {
      expect(values(text, 'filepath_unix'), text).toEqual([]);
    }
  });

  it('finds file names with meaningful extensions', () => {
    expect(
      values('attached voter_data_proof.mp4 and wp-mail-helper.php, archive.tar.gz, Invoice_2020.DOCX', 'filename'),
    ).toEqual(['voter_data_proof.mp4', 'wp-mail-helper.php', 'archive.tar.gz', 'Invoice_2020.DOCX']);
    expect(values('Node.js, the file.foo, 1.0, etc.', 'filename')).toEqual([]);
  });
});

describe('social accounts', () => {
  it('finds @handles but not CSS at-rules, e-mail addresses or hashtags', () => {
    const text =
      '@PatriotWatchFL and @nightshift_intel; @page { size: A4 } @media print; info@example.com #Election2020 @2x';
    expect(values(text, 'social_handle')).toEqual(['@PatriotWatchFL', '@nightshift_intel']);
  });

  it('reads accounts from profile URLs of each platform', () => {
    const text = [
      'https://twitter.com/jack/status/1',
      'x.com/PatriotWatchFL',
      'https://www.facebook.com/zuck',
      'instagram.com/natgeo/',
      't.me/durov',
      'https://www.youtube.com/@MrBeast',
      'https://www.tiktok.com/@charlidamelio/video/1',
      'https://twitter.com/search?q=x',
      'https://www.instagram.com/p/Cx1/',
    ].join(' ');
    expect(found(text, 'social_handle').map((e) => [e.value, e.platform, e.surface])).toEqual([
      ['@jack', 'twitter', 'jack'],
      ['@PatriotWatchFL', 'twitter', 'PatriotWatchFL'],
      ['@zuck', 'facebook', 'zuck'],
      ['@natgeo', 'instagram', 'natgeo'],
      ['@durov', 'telegram', 'durov'],
      ['@MrBeast', 'youtube', 'MrBeast'],
      ['@charlidamelio', 'tiktok', 'charlidamelio'],
    ]);
  });
});

describe('extractScreenName', () => {
  it('reads a handle from a field known to hold one', () => {
    expect(extractScreenName(' SunshineVoter1776 ')).toEqual({
      type: 'social_handle',
      value: '@SunshineVoter1776',
      surface: 'SunshineVoter1776',
      start: 1,
      end: 18,
      flags: [],
    });
    expect(extractScreenName('@eagle_eye_report', 'twitter')).toMatchObject({
      value: '@eagle_eye_report',
      platform: 'twitter',
    });
    expect(extractScreenName('two words')).toBeUndefined();
    expect(extractScreenName('1313586149717635960')).toBeUndefined();
  });
});

describe('cryptocurrency addresses', () => {
  const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  function base58Check(version: number, payload: Buffer): string {
    const body = Buffer.concat([Buffer.from([version]), payload]);
    const check = createHash('sha256').update(createHash('sha256').update(body).digest()).digest().subarray(0, 4);
    const bytes = Buffer.concat([body, check]);
    let n = BigInt(`0x${bytes.toString('hex')}`);
    let out = '';
    while (n > 0n) {
      out = (BASE58[Number(n % 58n)] ?? '') + out;
      n /= 58n;
    }
    for (const b of bytes) {
      if (b !== 0) break;
      out = `1${out}`;
    }
    return out;
  }

  it('reports Bitcoin addresses whose checksum holds', () => {
    const p2pkh = base58Check(0, Buffer.alloc(20, 7));
    const broken = `${p2pkh.slice(0, -1)}${p2pkh.endsWith('2') ? '3' : '2'}`;
    const text = `pay ${p2pkh} or 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy or bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq or bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297; not ${broken} nor bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx`;
    expect(values(text, 'btc_address')).toEqual([
      p2pkh,
      '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
      'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      'bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297',
    ]);
  });

  it('reports Ethereum addresses, flagging an unverified mixed-case checksum', () => {
    expect(
      found(
        'to 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed and 0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae',
        'eth_address',
      ).map((e) => [e.value, e.flags]),
    ).toEqual([
      ['0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', ['checksum_unverified']],
      ['0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae', []],
    ]);
    expect(values('0x1234 and 0x52908400098527886E0F7030069857D2E4169EE7ff', 'eth_address')).toEqual([]);
  });
});

describe('options', () => {
  it('filters by type', () => {
    const text = 'http://evil.example/x from 198.51.100.9';
    expect(extractIndicators(text, { types: ['ipv4'] }).map((e) => e.value)).toEqual(['198.51.100.9']);
  });

  it('returns occurrences in text order with derived occurrences after their parent', () => {
    const all = found('mail info@evil.example then 198.51.100.9');
    expect(all.map((e) => e.type)).toEqual(['email', 'domain', 'ipv4']);
  });
});
