// Every hostile file in the corpus, through detection and the chosen parser (parseEvidence): each is
// refused with its reason or parsed with a warning naming the hazard; none crashes or hangs.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEvidence } from '../../../main/intake/parsers/index.js';
import { CORPUS, cleanUp, corpusInput, expected } from './corpus.js';

afterAll(cleanUp);

/** For each bad/ file: the refusal (a string it contains) or a warning (a pattern it matches). */
const OUTCOMES: Readonly<Record<string, { fails: string } | { warns: RegExp }>> = {
  'active-content.html': { warns: /Active content found and not run: .*javascript: URL/ },
  'empty.eml': { fails: 'the e-mail is empty (0 bytes)' },
  'malformed-headers.eml': { warns: /has no "name: value" form/ },
  'nested-multipart-50.eml': { warns: /nested 50 levels deep, past the limit of 20/ },
  'path-traversal.zip': { warns: /Skipped member "\.\.\/\.\.\/escape\.txt"/ },
  'random-bytes.pdf': { fails: 'not a PDF: content is random bytes' },
  'screenshot-not-really.png': { warns: /Not a PNG image despite its name \(\.png\): the content is plain text/ },
  'single-line-5MB.txt': { warns: /one line of 5,242,880 characters \(no line break\)/ },
  'truncated-report.pdf': { fails: 'the PDF is damaged' },
  'voter-roll-\u202efdp.exe': {
    warns:
      /right-to-left override \(U\+202E\): it displays as "voter-roll-exe\.pdf", but its real extension is \.exe\. It is shown escaped: "voter-roll-\\u\{202E\}fdp\.exe"/,
  },
  'zip-bomb-2GiB.zip': { fails: 'archive would expand past the 1 GiB limit' },
};

describe('hostile corpus (bad/)', () => {
  it('covers every file in bad/ and every hostile entry of expected.json', () => {
    const files = readdirSync(join(CORPUS, 'bad')).filter((file) => !file.startsWith('evidence-export-very-long'));
    expect(files.sort()).toEqual(Object.keys(OUTCOMES).sort());
    expect(Object.keys(expected.hostile).length).toBe(files.length + 1);
  });

  for (const [file, outcome] of Object.entries(OUTCOMES)) {
    it(`handles ${file}`, async () => {
      const input = corpusInput(`bad/${file}`);
      if ('fails' in outcome) {
        await expect(parseEvidence(input)).rejects.toThrow(outcome.fails);
        expect(readdirSync(input.tempDir)).toEqual([]);
      } else {
        const parsed = await parseEvidence(input);
        expect(parsed.warnings.join('\n')).toMatch(outcome.warns);
      }
    });
  }

  it('gives the same outcome when the importer passes the detected kind', async () => {
    await expect(parseEvidence(corpusInput('bad/empty.eml'), 'text')).rejects.toThrow('the e-mail is empty (0 bytes)');
    await expect(parseEvidence(corpusInput('bad/random-bytes.pdf'), 'binary')).rejects.toThrow(
      'not a PDF: content is random bytes',
    );
    const unknown = await parseEvidence(corpusInput('bad/random-bytes.pdf', { name: 'blob.dat' }), 'binary');
    expect(unknown.kind).toBe('binary');
    expect(unknown.metadata.hexPreview).toMatch(/^45 2a 33 79/);
  });

  it('imports the 251-byte file name without truncation and shows the RLO name escaped', async () => {
    const long = readdirSync(join(CORPUS, 'bad')).find((file) => file.startsWith('evidence-export-very-long')) ?? '';
    expect(Buffer.byteLength(long)).toBe(251);
    const parsed = await parseEvidence(corpusInput(`bad/${long}`));
    expect(parsed.metadata.displayName).toBe(long);
    expect(parsed.warnings).toEqual([
      'The name is 251 bytes long, close to the 255-byte limit of most file systems: it is kept whole in the case and never used as a file name (derived files get generated names).',
    ]);
    const rlo = await parseEvidence(corpusInput('bad/voter-roll-\u202efdp.exe'));
    expect(rlo.metadata.displayName).toBe('voter-roll-\\u{202E}fdp.exe');
    expect(rlo.metadata.extensionMismatch).toBe(true);
  });

  it('finds the one real indicator at the very end of the 5 MB single line', async () => {
    const parsed = await parseEvidence(corpusInput('bad/single-line-5MB.txt'));
    expect(parsed.text.length).toBe(5 * 1024 * 1024);
    expect(parsed.text.slice(-13)).toBe('203.0.113.250');
  });
});
