/**
 * ZIP (yauzl), TAR (tar-stream) and GZIP (node:zlib), including .tar.gz: each member becomes a child
 * ('archive-member') written into the temporary folder under a generated name. A member's own path is
 * evidence, never a file-system path: it is kept in `name` and metadata only.
 *
 * Policy for dangerous members: an absolute path, a `..` segment (with / or \), a symlink or hard link,
 * a device or an encrypted entry is skipped with a warning, and the safe members are kept (the analyst
 * still gets the readable evidence and sees what was refused). Bombs fail the whole archive: the
 * declared size is checked first (cheap, never trusted to allow), then expansion is metered while
 * streaming against MAX_TOTAL_EXPANDED_BYTES and MAX_COMPRESSION_RATIO; the moment a cap is crossed
 * extraction stops and every member written so far is deleted.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import * as yauzl from 'yauzl';
import type { DerivedChild, ParseResult } from '../types.js';
import { ParseFailure } from '../types.js';
import { type ParserInput, childPath, formatBytes, readHead, result } from './common.js';
import {
  MAX_COMPRESSION_RATIO,
  MAX_ENTRIES,
  MAX_NESTING_DEPTH,
  MAX_TOTAL_EXPANDED_BYTES,
  RATIO_CHECK_AFTER_BYTES,
} from './limits.js';

const LIMIT_REASON = `archive would expand past the ${formatBytes(MAX_TOTAL_EXPANDED_BYTES)} limit`;
const RATIO_REASON = `archive expands more than ${String(MAX_COMPRESSION_RATIO)} times its compressed size (a decompression bomb)`;

/** Why a member path is refused, or null when it is safe to keep (as a name, never as a path). */
export function unsafeMemberPath(path: string): string | null {
  if (path === '') return 'it has an empty name';
  if (path.includes('\0')) return 'its name contains a NUL byte';
  if (/^[/\\]/.test(path) || /^[A-Za-z]:/.test(path)) return 'it has an absolute path';
  if (path.split(/[/\\]/).includes('..')) return 'its path climbs out of the archive (..)';
  return null;
}

class ExtractionBudget {
  expanded = 0;
  entries = 0;
  readonly written: string[] = [];

  constructor(
    private readonly compressedSize: number,
    private readonly depth: number,
  ) {}

  /** Called for every expanded chunk: throws the moment a cap is crossed. */
  spend(bytes: number, entryCompressed: number | null, entryExpanded: number): void {
    this.expanded += bytes;
    if (this.expanded > MAX_TOTAL_EXPANDED_BYTES) throw new ParseFailure(LIMIT_REASON);
    const overallRatio = this.expanded / Math.max(this.compressedSize, 1);
    const entryRatio = entryCompressed === null ? 0 : entryExpanded / Math.max(entryCompressed, 1);
    if (
      this.expanded > RATIO_CHECK_AFTER_BYTES &&
      (overallRatio > MAX_COMPRESSION_RATIO ||
        (entryExpanded > RATIO_CHECK_AFTER_BYTES && entryRatio > MAX_COMPRESSION_RATIO))
    ) {
      throw new ParseFailure(RATIO_REASON);
    }
  }

  countEntry(): void {
    this.entries++;
    if (this.entries > MAX_ENTRIES) throw new ParseFailure(`archive has more than ${String(MAX_ENTRIES)} entries`);
  }

  get childDepth(): number {
    return this.depth + 1;
  }
}

/** Streams one member into a new file in tempDir, metering and hashing as it goes. */
async function extractMember(
  source: Readable | AsyncIterable<Buffer>,
  input: ParserInput,
  budget: ExtractionBudget,
  index: number,
  entryCompressed: number | null,
): Promise<{ path: string; size: number; sha256: string }> {
  const path = childPath(input.tempDir, 'member', index);
  budget.written.push(path);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      try {
        budget.spend(chunk.length, entryCompressed, size);
      } catch (error) {
        callback(error as Error);
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  await pipeline(source, meter, createWriteStream(path, { flags: 'wx' }));
  return { path, size, sha256: hash.digest('hex') };
}

async function removeWritten(budget: ExtractionBudget): Promise<void> {
  await Promise.all(budget.written.map((path) => rm(path, { force: true })));
}

function checkDepth(input: ParserInput): number {
  const depth = input.depth ?? 0;
  if (depth >= MAX_NESTING_DEPTH) {
    throw new ParseFailure(
      `archive is nested ${String(depth)} archives deep; the limit is ${String(MAX_NESTING_DEPTH)}`,
    );
  }
  return depth;
}

export async function parseArchive(input: ParserInput): Promise<ParseResult> {
  const depth = checkDepth(input);
  const head = await readHead(input.path, Math.min(input.size, 512));
  const budget = new ExtractionBudget(input.size, depth);
  try {
    if (head[0] === 0x50 && head[1] === 0x4b) return await parseZip(input, budget);
    if (head[0] === 0x1f && head[1] === 0x8b) return await parseGzip(input, budget, head);
    if (head.subarray(257, 262).toString('latin1') === 'ustar' || input.size % 512 === 0) {
      return await parseTar(createReadStream(input.path), input, budget, 'tar');
    }
    throw new ParseFailure('not a ZIP, TAR or GZIP archive');
  } catch (error) {
    await removeWritten(budget);
    if (error instanceof ParseFailure) throw error;
    throw new ParseFailure(`the archive is damaged: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/* ---------------------------------- ZIP ---------------------------------- */

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings: false, because yauzl rejects the whole archive on the first absolute or ".."
    // name; we decode names ourselves and skip only the offending members.
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (error, zip) => {
        if (error !== null) reject(error);
        else resolve(zip);
      },
    );
  });
}

function readZipEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      if (entries.length > MAX_ENTRIES) {
        reject(new ParseFailure(`archive has more than ${String(MAX_ENTRIES)} entries`));
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => {
      resolve(entries);
    });
    zip.on('error', reject);
    zip.readEntry();
  });
}

function zipEntryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  // Bit 11 marks UTF-8 names (APPNOTE 4.4.4); older archives use CP437, read here as Latin-1.
  return raw.toString((entry.generalPurposeBitFlag & 0x800) !== 0 ? 'utf8' : 'latin1');
}

/** Unix mode bits live in the high half of the external attributes when "made by" is Unix (3). */
function zipUnixMode(entry: yauzl.Entry): number {
  return entry.versionMadeBy >> 8 === 3 ? (entry.externalFileAttributes >>> 16) & 0xffff : 0;
}

async function parseZip(input: ParserInput, budget: ExtractionBudget): Promise<ParseResult> {
  const zip = await openZip(input.path);
  try {
    if (zip.entryCount > MAX_ENTRIES) throw new ParseFailure(`archive has more than ${String(MAX_ENTRIES)} entries`);
    const entries = await readZipEntries(zip);
    const declared = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
    if (declared > MAX_TOTAL_EXPANDED_BYTES)
      throw new ParseFailure(`${LIMIT_REASON} (its directory declares ${formatBytes(declared)})`);
    // Two directory entries sharing data is how "overlapping" bombs multiply one compressed kernel.
    const byOffset = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
    for (let i = 1; i < byOffset.length; i++) {
      const previous = byOffset[i - 1];
      const current = byOffset[i];
      if (
        previous !== undefined &&
        current !== undefined &&
        current.relativeOffsetOfLocalHeader < previous.relativeOffsetOfLocalHeader + 30 + previous.compressedSize
      ) {
        throw new ParseFailure('archive entries overlap (a zip-bomb construction)');
      }
    }

    const warnings: string[] = [];
    const children: DerivedChild[] = [];
    const members: Record<string, unknown>[] = [];
    const links: string[] = [];
    for (const entry of entries) {
      budget.countEntry();
      const name = zipEntryName(entry);
      const mode = zipUnixMode(entry);
      const isDirectory = name.endsWith('/') || (mode & 0o170000) === 0o040000;
      const refusal =
        unsafeMemberPath(name) ??
        ((mode & 0o170000) === 0o120000 ? 'it is a symbolic link' : null) ??
        (links.some((link) => name.startsWith(`${link}/`)) ? 'its path goes through a symbolic link' : null) ??
        (entry.isEncrypted() ? 'it is encrypted' : null) ??
        (!isDirectory && !entry.canDecodeFileData()
          ? `it uses unsupported compression method ${String(entry.compressionMethod)}`
          : null);
      if ((mode & 0o170000) === 0o120000) links.push(name.replace(/\/+$/, ''));
      if (refusal !== null) {
        warnings.push(`Skipped member "${name}": ${refusal}.`);
        members.push({ path: name, skipped: refusal });
        continue;
      }
      if (isDirectory) continue;
      const stream = await zip.openReadStreamPromise(entry);
      const written = await extractMember(stream, input, budget, children.length + 1, entry.compressedSize);
      const metadata = {
        memberPath: name,
        size: written.size,
        compressedSize: entry.compressedSize,
        ...zipMemberTime(entry),
        sha256: written.sha256,
        nestingDepth: budget.childDepth,
      };
      members.push(metadata);
      children.push({ name, path: written.path, size: written.size, method: 'archive-member', metadata });
    }
    return result('archive', {
      metadata: { format: 'zip', entries: entries.length, expandedBytes: budget.expanded, members },
      children,
      warnings,
    });
  } finally {
    zip.close();
  }
}

/* ---------------------------------- TAR ---------------------------------- */

async function parseTar(
  source: Readable,
  input: ParserInput,
  budget: ExtractionBudget,
  format: string,
): Promise<ParseResult> {
  const extract = tar.extract();
  source.on('error', (error) => extract.destroy(error));
  source.pipe(extract);
  const warnings: string[] = [];
  const children: DerivedChild[] = [];
  const members: Record<string, unknown>[] = [];
  let entries = 0;
  for await (const entry of extract) {
    entries++;
    budget.countEntry();
    const { name, type } = entry.header;
    const refusal =
      unsafeMemberPath(name) ??
      (type === 'symlink' || type === 'link' ? `it is a ${type === 'symlink' ? 'symbolic' : 'hard'} link` : null) ??
      (type !== 'file' && type !== 'contiguous-file' && type !== 'directory' ? `it is a ${type} entry` : null);
    if (refusal !== null || type === 'directory') {
      if (refusal !== null) {
        warnings.push(`Skipped member "${name}": ${refusal}.`);
        members.push({ path: name, skipped: refusal });
      }
      // Drain the member's bytes (tar is sequential) without keeping them.
      let drained = 0;
      for await (const chunk of entry) drained += (chunk as Buffer).length;
      budget.spend(0, null, drained);
      continue;
    }
    // tar-stream entries are streamx readables: async-iterable byte chunks, not node Readables.
    const written = await extractMember(
      entry as unknown as AsyncIterable<Buffer>,
      input,
      budget,
      children.length + 1,
      null,
    );
    const metadata = {
      memberPath: name,
      size: written.size,
      modified: entry.header.mtime instanceof Date ? entry.header.mtime.toISOString() : null,
      mode: entry.header.mode,
      sha256: written.sha256,
      nestingDepth: budget.childDepth,
    };
    members.push(metadata);
    children.push({ name, path: written.path, size: written.size, method: 'archive-member', metadata });
  }
  return result('archive', {
    metadata: { format, entries, expandedBytes: budget.expanded, members },
    children,
    warnings,
  });
}

/* ---------------------------------- GZIP --------------------------------- */

/** The original file name stored in a gzip header (RFC 1952 §2.3.1, FNAME), if any. */
function gzipStoredName(head: Buffer): string | null {
  const flags = head[3] ?? 0;
  let offset = 10;
  if ((flags & 0x04) !== 0) offset += 2 + head.readUInt16LE(offset);
  if ((flags & 0x08) === 0 || offset >= head.length) return null;
  const end = head.indexOf(0, offset);
  return end === -1 ? null : head.subarray(offset, end).toString('latin1');
}

/** The first expanded bytes, to see whether the gzip wraps a TAR. */
async function gunzippedHead(path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  const gunzip = createGunzip();
  const source = createReadStream(path);
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= 512) break;
    }
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(chunks).subarray(0, 512);
}

async function parseGzip(input: ParserInput, budget: ExtractionBudget, head: Buffer): Promise<ParseResult> {
  const first = await gunzippedHead(input.path);
  if (first.subarray(257, 262).toString('latin1') === 'ustar') {
    const source = createReadStream(input.path).pipe(createGunzip());
    return parseTar(source, input, budget, 'tar.gz');
  }
  const stored = gzipStoredName(head);
  const name =
    stored ??
    (basename(input.name).replace(/\.t?gz$/i, (match) => (match.toLowerCase() === '.tgz' ? '.tar' : '')) ||
      'gunzipped');
  const written = await extractMember(createReadStream(input.path).pipe(createGunzip()), input, budget, 1, input.size);
  const metadata = {
    memberPath: name,
    size: written.size,
    sha256: written.sha256,
    storedName: stored,
    nestingDepth: budget.childDepth,
  };
  return result('archive', {
    metadata: { format: 'gzip', entries: 1, expandedBytes: budget.expanded, members: [metadata] },
    children: [{ name, path: written.path, size: written.size, method: 'archive-member', metadata }],
  });
}

/**
 * A zip member's modification time. The Info-ZIP "UT" extra field (0x5455) holds a UTC instant;
 * without it there is only the DOS date and time, written in the zipping machine's local time with
 * no zone: kept as written (no "Z") and marked 'unknown', so a timeline never shifts it by a guess.
 */
function zipMemberTime(entry: yauzl.Entry): { modified: string; modifiedZone: 'UTC' | 'unknown' } {
  const universal = entry.extraFields.some((field) => field.id === 0x5455 && field.data.length >= 5);
  if (universal) return { modified: entry.getLastModDate().toISOString(), modifiedZone: 'UTC' };
  // Read as if UTC, so the digits stay those the DOS fields hold.
  const local = entry.getLastModDate({ forceDosFormat: true, timezone: 'UTC' }).toISOString().slice(0, 19);
  return { modified: local, modifiedZone: 'unknown' };
}
