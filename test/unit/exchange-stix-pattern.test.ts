/** The STIX 2.1 pattern grammar (main/exchange/stix-pattern.ts): the specification's examples parse, broken patterns fail with a position. */
import { describe, expect, it } from 'vitest';
import {
  equalityTests,
  formatPath,
  MAX_PATTERN_NESTING,
  parseStixPattern,
  stixString,
  type ObservationExpression,
} from '../../main/exchange/stix-pattern.js';

function ast(pattern: string): ObservationExpression {
  const result = parseStixPattern(pattern);
  if (!result.ok) throw new Error(`${pattern}: ${result.error.message} at ${String(result.error.offset)}`);
  return result.ast;
}

function failure(pattern: string) {
  const result = parseStixPattern(pattern);
  if (result.ok) throw new Error(`${pattern} parsed, but should not`);
  return result.error;
}

// Examples from STIX 2.1 §9.9 (and §9.7's qualifier examples), as the specification writes them.
const SPEC_EXAMPLES = [
  String.raw`[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']`,
  String.raw`[email-message:from_ref.value MATCHES '.+\\@example\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\.exe$']`,
  String.raw`[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' AND file:mime_type = 'application/x-pdf']`,
  String.raw`[file:hashes.'SHA-256' = 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c' OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f'] AND [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']`,
  String.raw`[file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\foo\\bar'] WITHIN 300 SECONDS`,
  String.raw`[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1008' AND user-account:account_login = 'Paul'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1009' AND user-account:account_login = 'Mary']`,
  String.raw`[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\xd4\\xc3\\xb2\\xa1\\x02\\x00\\x04\\x00']`,
  String.raw`[file:name = 'foo.dll' AND file:parent_directory_ref.path = 'C:\\Windows\\System32']`,
  String.raw`[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]`,
  String.raw`[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']`,
  String.raw`[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33/32']`,
  String.raw`[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS`,
  String.raw`[domain-name:value = 'www.5z8.info' AND domain-name:resolvess_to_refs[*].value = '198.51.100.1/32']`,
  String.raw`[url:value = 'http://example.com/foo' OR url:value = 'http://example.com/bar']`,
  String.raw`[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']`,
  String.raw`[windows-registry-key:key = 'HKEY_CURRENT_USER\\Software\\CryptoLocker\\Files' OR windows-registry-key:key = 'HKEY_CURRENT_USER\\Software\\Microsoft\\CurrentVersion\\Run\\CryptoLocker_0388']`,
  String.raw`[(file:name = 'pdf.exe' OR file:size = '371712') AND file:created = t'2014-01-13T07:03:17Z']`,
  String.raw`[email-message:sender_ref.value = 'jdoe@example.com' AND email-message:subject = 'Conference Info']`,
  String.raw`[x-usb-device:usbdrive.serial_number = '575833314133343231313937']`,
  String.raw`[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$'] FOLLOWEDBY [process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher$'] WITHIN 300 SECONDS`,
  String.raw`[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']`,
  String.raw`([file:name = 'foo.dll'] AND [win-registry-key:key = 'HKEY_LOCAL_MACHINE\\foo\\bar']) OR [process:name = 'fooproc' OR process:name = 'procfoo']`,
  String.raw`[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'`,
  String.raw`[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' OR ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128']`,
  String.raw`[network-traffic:src_port IN (80, 443, 8080) AND network-traffic:protocols[0] = 'tcp' AND NOT network-traffic:dst_port = 22]`.replace(
    'AND NOT network-traffic:dst_port = 22',
    'AND network-traffic:dst_port NOT = 22',
  ),
  String.raw`[file:size >= 1024 AND file:size <= -1 AND file:size != 5 AND file:size < +7 AND file:size <> 9]`,
  String.raw`[artifact:payload_bin = b'aGVsbG8gd29ybGQ=' AND EXISTS artifact:url]`,
  String.raw`[file:name LIKE 'invoice%.pdf' AND file:name NOT MATCHES '^x' AND file:x_flag = true AND file:x_other == false]`,
  String.raw`[x-custom:list[-1].'key with space' ISSUPERSET '10.0.0.0/8'] /* a comment */ // and a line comment`,
];

describe('parseStixPattern: the specification examples', () => {
  for (const pattern of SPEC_EXAMPLES) {
    it(`parses ${pattern.slice(0, 70)}…`, () => {
      expect(parseStixPattern(pattern)).toMatchObject({ ok: true });
    });
  }

  it('builds the tree with FOLLOWEDBY loosest, then OR, then AND, and qualifiers on the observation', () => {
    const tree = ast(String.raw`[a-b:c = 1] AND [a-b:c = 2] OR [d-e:f = 3] FOLLOWEDBY [g-h:i = 4] WITHIN 5 SECONDS`);
    expect(tree.kind).toBe('followedby');
    if (tree.kind !== 'followedby') return;
    expect(tree.operands[0]?.kind).toBe('or');
    const or = tree.operands[0];
    if (or?.kind !== 'or') return;
    expect(or.operands[0]?.kind).toBe('and');
    expect(tree.operands[1]).toMatchObject({ kind: 'qualified', qualifier: { kind: 'within', seconds: 5 } });
  });

  it('reads object paths, quoted keys, indexes and literals exactly', () => {
    const tree = ast(String.raw`[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]`);
    expect(tree).toEqual({
      kind: 'observation',
      comparison: {
        kind: 'test',
        negated: false,
        operator: '>',
        path: {
          objectType: 'file',
          steps: [
            { kind: 'property', name: 'extensions' },
            { kind: 'property', name: 'windows-pebinary-ext' },
            { kind: 'property', name: 'sections' },
            { kind: 'index', index: '*' },
            { kind: 'property', name: 'entropy' },
          ],
        },
        value: { type: 'float', value: 7 },
      },
    });
    const escaped = ast(
      String.raw`[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\foo\\bar' AND windows-registry-key:x = 'it\'s']`,
    );
    expect(equalityTests(escaped).map((t) => t.value)).toEqual([
      { type: 'string', value: 'HKEY_LOCAL_MACHINE\\foo\\bar' },
      { type: 'string', value: "it's" },
    ]);
    expect(
      equalityTests(ast(`[file:magic_number_hex = h'FFD8' AND file:created = t'2014-01-13T07:03:17.5Z']`)).map(
        (t) => t.value,
      ),
    ).toEqual([
      { type: 'hex', value: 'ffd8' },
      { type: 'timestamp', value: '2014-01-13T07:03:17.5Z' },
    ]);
  });

  it('lists the equality tests of IN sets and skips negated and ordering tests', () => {
    const tests = equalityTests(
      ast(
        `[ipv4-addr:value IN ('198.51.100.1', '203.0.113.7') OR ipv4-addr:value NOT = '10.0.0.1' OR ipv4-addr:value > '1']`,
      ),
    );
    expect(tests.map((t) => t.value)).toEqual([
      { type: 'string', value: '198.51.100.1' },
      { type: 'string', value: '203.0.113.7' },
    ]);
  });

  it('writes strings and paths back so they parse to the same values', () => {
    const value = String.raw`C:\Users\o'brien\AppData`;
    const pattern = `[file:parent_directory_ref.path = ${stixString(value)}]`;
    const [test] = equalityTests(ast(pattern));
    expect(test?.value).toEqual({ type: 'string', value });
    expect(
      formatPath({
        objectType: 'file',
        steps: [
          { kind: 'property', name: 'hashes' },
          { kind: 'property', name: 'SHA-256' },
        ],
      }),
    ).toBe("file:hashes.'SHA-256'");
  });
});

describe('parseStixPattern: invalid patterns fail with a reason and a position', () => {
  const cases: [string, RegExp, number][] = [
    [`[file:name = 'x'`, /Unexpected end of the pattern: expected \]/, 16],
    [`file:name = 'x'`, /Unexpected "file"/, 0],
    [`[ipv4-addr:value = '1.2.3.4' AND file:name = 'x']`, /one object type, not ipv4-addr and file/, 0],
    [`[IPV4-ADDR:value = '1.2.3.4']`, /not a STIX object type/, 1],
    [`[file:hashes.SHA-256 = 'x']`, /has a hyphen; quote it/, 13],
    [String.raw`[file:name = 'foo\n']`, /unterminated string, or a backslash/, 13],
    [`[file:size > true]`, /Unexpected "true"/, 13],
    [`[file:name = 'x'] WITHIN -5 SECONDS`, /positive number of seconds/, 25],
    [`[file:name = 'x'] REPEATS 0 TIMES`, /positive whole number/, 26],
    [`[file:name = 'x'] START t'2020-01-02T00:00:00Z' STOP t'2020-01-01T00:00:00Z'`, /STOP must be later/, 53],
    [`[file:name = 'x'] and [file:name = 'y']`, /Unexpected "and"/, 18],
    [`[file:name = 'x'] FOLLOWEDBY`, /end of the pattern/, 28],
    [`[]`, /Unexpected "\]"/, 1],
    [`[file:created = t'2020-13-01T00:00:00Z']`, /timestamps are written/, 16],
    [`[file:magic_number_hex = h'fff']`, /pairs of hex digits/, 25],
    [`[file:name = 'x'] [file:name = 'y']`, /Unexpected "\["/, 18],
    [``, /empty/, 0],
    [`[file:size = 99999999999999999999]`, /too large/, 13],
  ];
  for (const [pattern, message, offset] of cases) {
    it(`refuses ${pattern === '' ? '(empty)' : pattern}`, () => {
      const error = failure(pattern);
      expect(error.message).toMatch(message);
      expect(error.offset).toBe(offset);
      expect(error.line).toBe(1);
      expect(error.column).toBe(offset + 1);
    });
  }

  it('reports line and column on a pattern written over several lines', () => {
    const error = failure(`[file:name = 'x']\nAND\n  [file:name = ]`);
    expect(error).toMatchObject({ line: 3, column: 16 });
  });

  it('refuses nesting deeper than the limit and oversized patterns without parsing them', () => {
    const deep = `${'('.repeat(MAX_PATTERN_NESTING + 1)}[file:name = 'x']${')'.repeat(MAX_PATTERN_NESTING + 1)}`;
    expect(failure(deep).message).toMatch(/deeper than/);
    const fine = `${'('.repeat(MAX_PATTERN_NESTING - 1)}[file:name = 'x']${')'.repeat(MAX_PATTERN_NESTING - 1)}`;
    expect(parseStixPattern(fine).ok).toBe(true);
    expect(failure(`[file:name = '${'a'.repeat(200_000)}']`).message).toMatch(/longer than/);
  });
});
