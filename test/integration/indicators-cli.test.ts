/**
 * `locard extract FILE`: indicators in one file through the product parsers, with provenance, as
 * JSON or as a defanged table; a 50 MB text is read whole in bounded memory (its peak RSS reported).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCARD_BIN, NO_NETWORK, ROOT, locard, tempDir } from '../helpers/cli.js';

const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');

interface ExtractOutput {
  file: string;
  sha256: string;
  size: number;
  kind: string;
  indicators: {
    type: string;
    value: string;
    surface: string;
    start: number;
    end: number;
    flags: string[];
    location: { start: number; end: number; kind: string; label: string };
    part?: string;
  }[];
  warnings: string[];
  stats: { bytes: number; seconds: number; maxRssBytes: number };
}

function extractJson(path: string): ExtractOutput {
  const result = locard(['extract', path, '--json']);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as ExtractOutput;
}

describe('locard extract', () => {
  it('reports a PDF’s indicators with their page, and the file’s SHA-256', () => {
    const out = extractJson(join(CORPUS, 'reports', 'flash-report-FR-2020-1022.pdf'));
    const truth = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as {
      files: Record<string, { sha256: string }>;
    };
    expect(out.sha256).toBe(truth.files['reports/flash-report-FR-2020-1022.pdf']?.sha256);
    expect(out.kind).toBe('pdf');
    const cve = out.indicators.find((i) => i.value === 'CVE-2020-99871');
    expect(cve?.location).toMatchObject({ kind: 'page', label: '2' });
    const ip = out.indicators.find((i) => i.value === '203.0.113.77');
    expect(ip).toMatchObject({ type: 'ipv4', surface: '203.0.113[.]77' });
    expect(ip?.flags).toContain('defanged');
    expect(out.indicators.every((i) => i.location.kind === 'page')).toBe(true);
  });

  it('reads an e-mail’s headers by name and its attachment names', () => {
    const out = extractJson(join(CORPUS, 'emails', '01-threat-with-video-attachment.eml'));
    expect(out.indicators.find((i) => i.value === 'info@officialproudboys-mail.example')?.location).toMatchObject({
      kind: 'header',
      label: 'From',
    });
    expect(out.indicators.find((i) => i.value === 'voter_data_proof.mp4')?.location).toMatchObject({
      kind: 'attachment',
      label: 'voter_data_proof.mp4',
    });
  });

  it('prints a defanged table for people, one line per indicator', () => {
    const result = locard(['extract', join(CORPUS, 'reports', 'analyst-notes.txt'), '--defang']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^url +hxxp:\/\/203\[\.\]0\[\.\]113\[\.\]77\/media\/proof_final\.mp4 +×\d/m);
    expect(result.stdout).toMatch(/^email +info\[@\]officialproudboys-mail\[\.\]example /m);
    expect(result.stdout).not.toMatch(/ 203\.0\.113\.77 /);
    expect(result.stdout).toMatch(/\d+ indicators, \d+ occurrences\.\n$/);
  });

  it('refuses a missing file and a missing argument with their exit codes', () => {
    const missing = locard(['extract', join(tempDir(), 'nothing-here.txt')]);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toMatch(/Cannot read .*nothing-here\.txt \(ENOENT\)/);
    const usage = locard(['extract']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/extract needs a file/);
  });

  it('reads a generated 50 MB text whole, past the case’s 32 MiB text limit, under 500 MB of memory', () => {
    const dir = tempDir('locard-extract-big-');
    const file = join(dir, 'big.log');
    // Log-like prose; every 50th line names an address and a defanged domain.
    const line = (i: number) =>
      i % 50 === 0
        ? `2020-10-19T21:${String(i % 60).padStart(2, '0')}:00Z session ${String(i)} connect from 198.51.100.${String(i % 200)} to vidshare[.]example\n`
        : `2020-10-19T21:${String(i % 60).padStart(2, '0')}:00Z session ${String(i)} operator relay portal voter server county ballot frame record\n`;
    const chunks: string[] = [];
    let size = 0;
    let late = -1;
    for (let i = 0; size < 50 * 1024 * 1024; i++) {
      const plant = late < 0 && size >= 45 * 1024 * 1024;
      const text = plant ? 'marker hxxps://late-marker[.]example/drop.php here\n' : line(i);
      if (plant) late = size + text.indexOf('hxxps');
      chunks.push(text);
      size += text.length;
    }
    writeFileSync(file, chunks.join(''));
    expect(late).toBeGreaterThan(40 * 1024 * 1024);
    const outPath = join(dir, 'out.json');
    const fd = openSync(outPath, 'w');
    let status: number | null;
    try {
      status = spawnSync(process.execPath, ['--import', NO_NETWORK, LOCARD_BIN, 'extract', file, '--json'], {
        stdio: ['ignore', fd, 'pipe'],
        env: { PATH: process.env.PATH, HOME: process.env.HOME, LOCARD_CONFIG_DIR: tempDir('locard-config-') },
      }).status;
    } finally {
      closeSync(fd);
    }
    expect(status).toBe(0);
    const out = JSON.parse(readFileSync(outPath, 'utf8')) as ExtractOutput;
    console.info(
      `locard extract: ${(size / 1048576).toFixed(1)} MiB in ${out.stats.seconds.toFixed(2)} s, peak RSS ${(out.stats.maxRssBytes / 1048576).toFixed(1)} MiB`,
    );
    expect(out.stats.maxRssBytes).toBeGreaterThan(0);
    expect(out.stats.maxRssBytes).toBeLessThan(500 * 1000 * 1000);
    const marker = out.indicators.find((i) => i.type === 'url' && i.value === 'https://late-marker.example/drop.php');
    expect(marker).toMatchObject({ start: late, end: late + 'hxxps://late-marker[.]example/drop.php'.length });
    expect(out.indicators.filter((i) => i.value === 'vidshare.example').length).toBeGreaterThan(7_000);
  }, 240_000);
});
