// Previews made by the image and video parsers, what the importer accepts back from a parser, and the
// exhibit_previews table (schema 30).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exifOrientation, parseImage } from '../../../main/intake/parsers/image.js';
import { parseMedia } from '../../../main/intake/parsers/media.js';
import type { PreviewFile } from '../../../main/intake/types.js';
import { closeCase } from '../../../main/locker/case-file.js';
import { openEncrypted } from '../../../main/locker/driver.js';
import { migration0010 } from '../../../main/locker/migrations/0010-initial.js';
import { migration0020 } from '../../../main/locker/migrations/0020-evidence.js';
import { migrate, schemaVersion } from '../../../main/locker/migrations/index.js';
import { insertPreviews, previewRows } from '../../../main/locker/previews.js';
import { sql } from '../../../main/locker/sql.js';
import { readPreviewFiles } from '../../../main/media/evidence-previews.js';
import { makeThumbnail } from '../../../main/media/frames.js';
import { PASSPHRASE, newCase } from '../../helpers/case.js';
import { cleanUp, corpusInput, fileInput, tempFolder } from '../intake/corpus.js';

afterAll(cleanUp);

describe('parser previews', () => {
  it('gives the photo and the screenshot a JPEG thumbnail inside the parser’s temporary folder', async () => {
    for (const [file, width, height] of [
      ['images/datacenter-photo.jpg', 320, 213],
      ['images/social-post-screenshot.png', 320, 215],
    ] as const) {
      const input = corpusInput(file);
      const parsed = await parseImage(input);
      expect(parsed.previews, file).toEqual([
        { kind: 'thumbnail', timeS: null, width, height, mime: 'image/jpeg', path: expect.any(String) as string },
      ]);
      const path = parsed.previews?.[0]?.path ?? '';
      expect(path.startsWith(input.tempDir)).toBe(true);
      expect(readFileSync(path).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(parsed.warnings).toEqual([]);
    }
  });

  it('turns a photo upright by its EXIF orientation, as viewers show it', async () => {
    const photo = corpusInput('images/datacenter-photo.jpg');
    const bytes = readFileSync(photo.path);
    // The photo's IFD0 Orientation entry (tag 0x0112, SHORT, big-endian) says 3 (rotate 180).
    const entry = bytes.indexOf(Buffer.from([0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]));
    expect(bytes.readUInt16BE(entry + 8)).toBe(3);
    const turned = Buffer.from(bytes);
    turned.writeUInt16BE(6, entry + 8);
    const path = join(tempFolder(), 'portrait.jpg');
    writeFileSync(path, turned);
    const portrait = await parseImage(fileInput(path));
    expect(portrait.previews?.[0]).toMatchObject({ width: 213, height: 320 });

    // Upside down (3) is the same size as stored, but not the same picture.
    const upsideDown = await parseImage(photo);
    const stored = join(tempFolder(), 'stored.jpg');
    await makeThumbnail(photo.path, stored, 320);
    expect(readFileSync(upsideDown.previews?.[0]?.path ?? '').equals(readFileSync(stored))).toBe(false);
    expect([exifOrientation('Rotate 90 CW'), exifOrientation(8), exifOrientation(9), exifOrientation('x')]).toEqual([
      6,
      8,
      null,
      null,
    ]);
  });

  it('gives the screen recording a thumbnail and a 240 px key-frame strip with the scene change', async () => {
    const parsed = await parseMedia(corpusInput('video/voter-portal-screen-recording.mp4'));
    const [thumbnail, ...strip] = parsed.previews ?? [];
    expect(thumbnail).toMatchObject({ kind: 'thumbnail', timeS: 0, width: 320, height: 180 });
    expect(strip.length).toBeGreaterThanOrEqual(13);
    expect(strip.length).toBeLessThanOrEqual(40);
    for (const frame of strip) expect(frame).toMatchObject({ kind: 'keyframe', width: 240, height: 135 });
    const times = strip.map((frame) => frame.timeS ?? -1);
    expect(times[0]).toBe(0);
    expect(times.some((t) => Math.abs(t - 11.6) < 0.2)).toBe(true);
    expect(Math.max(...times)).toBeLessThanOrEqual(26);
  });

  it('keeps the metadata of a video whose pictures cannot be decoded, with a warning', async () => {
    const video = readFileSync(corpusInput('video/voter-portal-screen-recording.mp4').path);
    // The container is intact; the first 200 KB of coded pictures are overwritten.
    const damaged = Buffer.concat([video.subarray(0, 6000), Buffer.alloc(200_000, 7), video.subarray(206_000)]);
    const path = join(tempFolder(), 'damaged.mp4');
    writeFileSync(path, damaged);
    const parsed = await parseMedia(fileInput(path));
    expect(parsed.metadata).toMatchObject({ width: 1600, height: 900 });
    expect(parsed.previews).toEqual([]);
    expect(parsed.warnings).toEqual([
      expect.stringMatching(/^No thumbnail or key-frame strip could be made: ffmpeg could not decode it: .*Invalid/),
    ]);
  });
});

describe('readPreviewFiles', () => {
  const folder = tempFolder();
  const jpeg = join(folder, 'thumb.jpg');
  writeFileSync(jpeg, Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
  const good: PreviewFile = { kind: 'thumbnail', timeS: null, width: 10, height: 5, mime: 'image/jpeg', path: jpeg };

  it('reads the files a parser wrote into its folder', () => {
    const { items, warnings } = readPreviewFiles([good], folder);
    expect(warnings).toEqual([]);
    expect(items).toEqual([
      { kind: 'thumbnail', timeS: null, width: 10, height: 5, mime: 'image/jpeg', data: readFileSync(jpeg) },
    ]);
  });

  it('leaves out anything outside the folder, oversized, missing or malformed, with one warning', () => {
    const outside = join(tempFolder(), 'elsewhere.jpg');
    writeFileSync(outside, 'x');
    const big = join(folder, 'big.jpg');
    writeFileSync(big, randomBytes(3 * 1024 * 1024));
    mkdirSync(join(folder, 'dir'));
    symlinkSync(outside, join(folder, 'link.jpg'));
    const bad: PreviewFile[] = [
      { ...good, path: outside },
      { ...good, path: join(folder, '..', 'x', 'thumb.jpg') },
      { ...good, path: big },
      { ...good, path: join(folder, 'missing.jpg') },
      { ...good, path: join(folder, 'dir') },
      { ...good, path: join(folder, 'link.jpg') },
      { ...good, width: 0 },
      { ...good, width: 1.5 },
      { ...good, timeS: Number.NaN },
      { ...good, mime: 'text/html' },
      { ...good, kind: 'script' as PreviewFile['kind'] },
    ];
    const { items, warnings } = readPreviewFiles([...bad, good], folder);
    expect(items).toHaveLength(1);
    expect(warnings).toEqual(['11 preview picture(s) could not be kept.']);
    expect(readPreviewFiles(undefined, folder)).toEqual({ items: [], warnings: [] });
  });
});

describe('exhibit_previews (schema 30)', () => {
  it('is created by the migration, ordered thumbnail first then by time, and found by its key', () => {
    const { open } = newCase();
    expect(schemaVersion(open.db)).toBeGreaterThanOrEqual(30);
    open.db.run(sql`INSERT INTO blobs (sha256, stored_at) VALUES ('x', 0)`);
    open.db.run(sql`INSERT INTO exhibits (number, blob_id, original_name, size, kind, mime, imported_at, imported_by,
                    parse_status) VALUES (1, 1, 'clip.mp4', 0, 'video', 'video/mp4', 0, 'a', 'parsed')`);
    const data = Buffer.from([0xff, 0xd8]);
    open.db.transaction(() => {
      insertPreviews(open.db, 1, [
        { kind: 'keyframe', timeS: 4, width: 2, height: 1, mime: 'image/jpeg', data },
        { kind: 'keyframe', timeS: 0, width: 2, height: 1, mime: 'image/jpeg', data },
        { kind: 'thumbnail', timeS: 0, width: 4, height: 2, mime: 'image/jpeg', data },
      ]);
    });
    expect(previewRows(open.db, 1).map((row) => [row.kind, row.time_s])).toEqual([
      ['thumbnail', 0],
      ['keyframe', 0],
      ['keyframe', 4],
    ]);
    const plan = open.db.all<{ detail: string }>(
      sql`EXPLAIN QUERY PLAN SELECT kind FROM exhibit_previews WHERE exhibit_id = ${1} ORDER BY seq`,
    );
    expect(plan.map((step) => step.detail).join(' ')).toMatch(/USING (INDEX|PRIMARY KEY)/);
    expect(() =>
      open.db.run(sql`INSERT INTO exhibit_previews (exhibit_id, seq, kind, width, height, mime, data)
                      VALUES (1, 9, 'frame', 1, 1, 'image/jpeg', ${data})`),
    ).toThrow(/CHECK/);
    closeCase(open);
  });

  it('upgrades a case written at schema 20', () => {
    const db = openEncrypted(join(tempFolder(), 'old.locard'), PASSPHRASE, { create: true });
    db.exec(migration0010.up);
    db.exec(migration0020.up);
    db.exec('PRAGMA user_version = 20');
    expect(migrate(db)).toContain(30);
    expect(previewRows(db, 1)).toEqual([]);
    expect(migrate(db)).toEqual([]);
    db.close();
  });
});
