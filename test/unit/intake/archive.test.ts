// Archives: members as children under generated names, dangerous members skipped, bombs refused
// without writing their expansion, and every limit enforced while streaming.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArchive, unsafeMemberPath } from '../../../main/intake/parsers/archive.js';
import { MAX_ENTRIES, MAX_NESTING_DEPTH } from '../../../main/intake/parsers/limits.js';
import { cleanUp, corpusInput, fileInput, metadataOf, tempFolder } from './corpus.js';

afterAll(cleanUp);

interface TarEntry {
  readonly name: string;
  readonly type?: 'file' | 'directory' | 'symlink' | 'link';
  readonly linkname?: string;
  readonly body?: string;
}

async function tarBytes(entries: readonly TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const { body, ...header } of entries) pack.entry(header, body ?? '');
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

describe('parseArchive: ZIP', () => {
  it('extracts the evidence bundle members with their paths and ground-truth hashes', async () => {
    const truth = metadataOf('archives/evidence-bundle.zip').members as { path: string; sha256: string }[];
    const input = corpusInput('archives/evidence-bundle.zip');
    const parsed = await parseArchive(input);
    expect(parsed.children.map((child) => child.name)).toEqual(truth.map((member) => member.path));
    for (const [index, child] of parsed.children.entries()) {
      expect(child.method).toBe('archive-member');
      expect(child.metadata.sha256).toBe(truth[index]?.sha256);
      expect(child.metadata.nestingDepth).toBe(1);
      expect(dirname(child.path)).toBe(input.tempDir);
    }
    expect(readdirSync(input.tempDir).sort()).toEqual(['member-00001.bin', 'member-00002.bin', 'member-00003.bin']);
  });

  it('keeps the safe member of the path-traversal zip and skips every escape, symlink and write through it', async () => {
    const input = corpusInput('bad/path-traversal.zip');
    const parsed = await parseArchive(input);
    expect(parsed.children.map((child) => child.name)).toEqual(['readme.txt']);
    const warnings = parsed.warnings.join('\n');
    expect(warnings).toContain('"../../escape.txt": its path climbs out of the archive');
    expect(warnings).toContain('"/tmp/absolute-escape.txt": it has an absolute path');
    expect(warnings).toContain('"..\\..\\windows-escape.txt": its path climbs out of the archive');
    expect(warnings).toContain('"link-to-etc-passwd": it is a symbolic link');
    expect(warnings).toContain('"link-to-etc-passwd/shadow-write.txt": its path goes through a symbolic link');
    expect(readdirSync(input.tempDir)).toEqual(['member-00001.bin']);
    expect(existsSync(join(input.tempDir, '..', '..', 'escape.txt'))).toBe(false);
    expect(existsSync(join(input.tempDir, '..', 'escape.txt'))).toBe(false);
  });

  it('refuses the 2 GiB zip bomb before writing anything', async () => {
    const input = corpusInput('bad/zip-bomb-2GiB.zip');
    await expect(parseArchive(input)).rejects.toThrow('archive would expand past the 1 GiB limit');
    expect(readdirSync(input.tempDir)).toEqual([]);
  });
});

describe('parseArchive: GZIP and TAR', () => {
  it('stops a gzip bomb by its ratio while streaming and deletes the partial output', async () => {
    const folder = tempFolder();
    const bomb = join(folder, 'zeros.bin.gz');
    writeFileSync(bomb, gzipSync(Buffer.alloc(64 * 1024 * 1024)));
    const input = fileInput(bomb);
    await expect(parseArchive(input)).rejects.toThrow(/expands more than 200 times its compressed size/);
    expect(readdirSync(input.tempDir)).toEqual([]);
  });

  it('extracts a plain gzip member under its stored or derived name', async () => {
    const folder = tempFolder();
    const path = join(folder, 'notes.txt.gz');
    writeFileSync(path, gzipSync(Buffer.from('server 203.0.113.77\n')));
    const parsed = await parseArchive(fileInput(path));
    expect(parsed.children.map((child) => [child.name, child.size])).toEqual([['notes.txt', 20]]);
  });

  it('extracts a .tar.gz and skips traversal, absolute paths, symlinks and hard links', async () => {
    const folder = tempFolder();
    const path = join(folder, 'bundle.tar.gz');
    const bytes = await tarBytes([
      { name: 'logs/', type: 'directory' },
      { name: 'logs/auth.log', body: 'Accepted password for operator from 203.0.113.81\n' },
      { name: '../escape.txt', body: 'x' },
      { name: '/etc/cron.d/evil', body: 'x' },
      { name: 'passwd', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'hard', type: 'link', linkname: 'logs/auth.log' },
    ]);
    writeFileSync(path, gzipSync(bytes));
    const input = fileInput(path);
    const parsed = await parseArchive(input);
    expect(parsed.metadata.format).toBe('tar.gz');
    expect(parsed.children.map((child) => child.name)).toEqual(['logs/auth.log']);
    expect(parsed.warnings).toHaveLength(4);
    expect(parsed.warnings.join('\n')).toMatch(/symbolic link[\s\S]*hard link/);
    expect(readdirSync(input.tempDir)).toEqual(['member-00001.bin']);
  });

  it(`refuses an archive with more than ${String(MAX_ENTRIES)} entries`, async () => {
    const folder = tempFolder();
    const path = join(folder, 'many.tar');
    writeFileSync(
      path,
      await tarBytes(
        Array.from({ length: MAX_ENTRIES + 1 }, (_, index) => ({
          name: `d${String(index)}/`,
          type: 'directory' as const,
        })),
      ),
    );
    await expect(parseArchive(fileInput(path))).rejects.toThrow(`archive has more than ${String(MAX_ENTRIES)} entries`);
  });

  it('refuses an archive nested past the depth limit', async () => {
    await expect(
      parseArchive(corpusInput('archives/evidence-bundle.zip', { depth: MAX_NESTING_DEPTH })),
    ).rejects.toThrow(/nested 3 archives deep/);
  });
});

describe('unsafeMemberPath', () => {
  it('accepts relative paths and refuses absolute, drive and dot-dot paths', () => {
    expect(unsafeMemberPath('a/b/c.txt')).toBeNull();
    expect(unsafeMemberPath('a/..b/c')).toBeNull();
    expect(unsafeMemberPath('C:\\Windows\\x')).toMatch(/absolute/);
    expect(unsafeMemberPath('\\\\server\\share')).toMatch(/absolute/);
    expect(unsafeMemberPath('a\\..\\..\\b')).toMatch(/climbs/);
  });
});
