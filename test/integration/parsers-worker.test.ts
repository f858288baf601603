/**
 * The parse worker as the importer uses it: the built out/main/parse-worker.js in a worker thread with
 * time and memory limits (needs `node scripts/build.mjs` first). A good e-mail comes back parsed, the
 * zip bomb is refused with the limit reason and leaves nothing behind, a stuck parse is stopped.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeParserWorkers, parseWorkerPath, runParser } from '../../main/intake/run-parser.js';
import type { ParserInput } from '../../main/intake/parsers/common.js';
import { ParseFailure } from '../../main/intake/types.js';

const CORPUS = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
const folders: string[] = [];

function input(relative: string): ParserInput {
  const path = join(CORPUS, relative);
  const tempDir = mkdtempSync(join(tmpdir(), 'locard-worker-test-'));
  folders.push(tempDir);
  return { path, size: statSync(path).size, tempDir, name: basename(relative) };
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('runParser (worker thread)', () => {
  afterAll(closeParserWorkers);

  it('finds the built worker', () => {
    expect(existsSync(parseWorkerPath())).toBe(true);
  });

  it('parses a good e-mail in the worker: Date, Received hops and the attachment child', async () => {
    const job = input('emails/01-threat-with-video-attachment.eml');
    const parsed = await runParser(job, { timeoutMs: 60_000 });
    expect(parsed.kind).toBe('email');
    expect(parsed.metadata.date).toBe('2020-10-20T14:12:41Z');
    expect((parsed.metadata.received as { ip: string | null }[]).map((hop) => hop.ip)).toEqual([
      '192.0.2.12',
      '192.0.2.10',
      '198.51.100.23',
      '203.0.113.81',
    ]);
    expect(parsed.children.map((child) => child.name)).toEqual(['voter_data_proof.mp4']);
    expect(readdirSync(job.tempDir)).toEqual(['attachment-00001.bin']);
  });

  it('parses a PDF in the worker (pdf.js loads from node_modules, not from the bundle)', async () => {
    const parsed = await runParser(input('reports/flash-report-FR-2020-1022.pdf'), { timeoutMs: 60_000 });
    expect(parsed.metadata.pages).toBe(2);
    expect(parsed.segments.map((segment) => segment.label)).toEqual(['1', '2']);
  });

  it('refuses the zip bomb with the limit reason and leaves no member files behind', async () => {
    const job = input('bad/zip-bomb-2GiB.zip');
    const outcome = runParser(job, { timeoutMs: 60_000 });
    await expect(outcome).rejects.toBeInstanceOf(ParseFailure);
    await expect(outcome).rejects.toThrow('archive would expand past the 1 GiB limit');
    expect(readdirSync(job.tempDir)).toEqual([]);
  });

  it('stops a parse that runs past its time limit', async () => {
    const job = input('bad/single-line-5MB.txt');
    const outcome = runParser(job, { timeoutMs: 5 });
    await expect(outcome).rejects.toBeInstanceOf(ParseFailure);
    await expect(outcome).rejects.toThrow('parsing took longer than 0.005 s');
  });

  it('stops a parse that needs more memory than its limit', async () => {
    const outcome = runParser(input('reports/flash-report-FR-2020-1022.pdf'), {
      timeoutMs: 60_000,
      maxOldGenerationSizeMb: 2,
    });
    await expect(outcome).rejects.toBeInstanceOf(ParseFailure);
    await expect(outcome).rejects.toThrow('parsing needed more than 2 MB of memory');
  });

  it('passes a ParseFailure from the parser through as a ParseFailure', async () => {
    await expect(runParser(input('bad/random-bytes.pdf'), { timeoutMs: 60_000 })).rejects.toThrow(
      'not a PDF: content is random bytes',
    );
  });
});
