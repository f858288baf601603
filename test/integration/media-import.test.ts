/**
 * Previews at import, through the product's parsers (the built parse worker and the shipped ffmpeg):
 * the corpus photo and screenshot get a thumbnail, the screen recording and the same recording
 * attached to the threat e-mail get a thumbnail and a key-frame strip, all in the file's transaction.
 * Random bytes named .mp4 are kept with the reason and no previews; nothing is left in the temp folder.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../main/intake/import.js';
import { productParsers } from '../../main/intake/product-parsers.js';
import { closeParserWorkers } from '../../main/intake/run-parser.js';
import { closeCase } from '../../main/locker/case-file.js';
import { verifyCustody } from '../../main/locker/custody.js';
import { listExhibits } from '../../main/locker/exhibits.js';
import { previewRows } from '../../main/locker/previews.js';
import { newCase } from '../helpers/case.js';
import { tempDir } from '../helpers/cli.js';

const CORPUS = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

afterAll(closeParserWorkers);

/** Temporary folders this process's imports created and did not remove. */
function leftoverImportFolders(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith(`locard-import-${String(process.pid)}-`));
}

function isJpeg(data: Buffer): boolean {
  return data[0] === 0xff && data[1] === 0xd8 && data.at(-2) === 0xff && data.at(-1) === 0xd9;
}

describe('previews at import', () => {
  it('stores thumbnails for the photo and screenshot and a key-frame strip for both copies of the recording', async () => {
    const { open } = newCase();
    const report = await importPaths(
      open.db,
      [
        join(CORPUS, 'images'),
        join(CORPUS, 'video', 'voter-portal-screen-recording.mp4'),
        join(CORPUS, 'emails', '01-threat-with-video-attachment.eml'),
      ],
      { analyst: 'test-analyst', parsers: productParsers },
    );
    expect(report.failed).toBe(0);
    const exhibits = listExhibits(open.db);
    const byName = (name: string) => {
      const exhibit = exhibits.find((e) => e.original_name === name);
      if (!exhibit) throw new Error(`${name} was not imported`);
      return exhibit;
    };

    for (const name of ['datacenter-photo.jpg', 'social-post-screenshot.png']) {
      const previews = previewRows(open.db, byName(name).id);
      expect(
        previews.map((p) => [p.kind, p.time_s, p.mime]),
        name,
      ).toEqual([['thumbnail', null, 'image/jpeg']]);
      expect(Math.max(previews[0]?.width ?? 0, previews[0]?.height ?? 0)).toBe(320);
      expect(isJpeg(previews[0]?.data ?? Buffer.alloc(0))).toBe(true);
    }

    const recording = byName('voter-portal-screen-recording.mp4');
    const attachment = byName('voter_data_proof.mp4');
    expect(attachment.parent_id).not.toBeNull();
    // The recording (26 s, a scene change at 11.6 s) and the attachment (a 6 s, 800×450 cut of it).
    for (const [video, minimum, scenes] of [
      [recording, 13, [11.6]],
      [attachment, 3, []],
    ] as const) {
      const previews = previewRows(open.db, video.id);
      expect(previews[0]).toMatchObject({ kind: 'thumbnail', time_s: 0, width: 320, height: 180 });
      const strip = previews.slice(1);
      expect(strip.length).toBeGreaterThanOrEqual(minimum);
      expect(strip.length).toBeLessThanOrEqual(40);
      expect(strip.every((p) => p.kind === 'keyframe' && p.width === 240 && p.height === 135 && isJpeg(p.data))).toBe(
        true,
      );
      const times = strip.map((p) => p.time_s ?? -1);
      expect(times[0]).toBe(0);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const scene of scenes) expect(times.some((t) => Math.abs(t - scene) < 0.2)).toBe(true);
      expect(JSON.parse(video.metadata)).not.toHaveProperty('warnings');
    }
    expect(verifyCustody(open.db).ok).toBe(true);
    expect(leftoverImportFolders()).toEqual([]);
    closeCase(open);
  });

  it('keeps random bytes named .mp4 with the reason and no previews, leaving no temporary files', async () => {
    const { open } = newCase();
    const dir = tempDir('locard-evidence-');
    writeFileSync(join(dir, 'proof.mp4'), randomBytes(256 * 1024));
    const report = await importPaths(open.db, [dir], { analyst: 'test-analyst', parsers: productParsers });
    expect(report.files).toMatchObject([
      { status: 'imported', parseError: expect.stringMatching(/^not a MP4 video/) as unknown },
    ]);
    const [exhibit] = listExhibits(open.db);
    expect(previewRows(open.db, exhibit?.id ?? 0)).toEqual([]);
    expect(leftoverImportFolders()).toEqual([]);
    closeCase(open);
  });

  it('stores a damaged recording with its metadata and a warning instead of previews', async () => {
    const { open } = newCase();
    const dir = tempDir('locard-evidence-');
    const video = readFileSync(join(CORPUS, 'video', 'voter-portal-screen-recording.mp4'));
    // The container is intact; the first 200 KB of coded pictures are overwritten.
    writeFileSync(
      join(dir, 'damaged.mp4'),
      Buffer.concat([video.subarray(0, 6000), Buffer.alloc(200_000, 7), video.subarray(206_000)]),
    );
    const report = await importPaths(open.db, [dir], { analyst: 'test-analyst', parsers: productParsers });
    expect(report.files).toMatchObject([{ status: 'imported' }]);
    expect(report.files[0]).not.toHaveProperty('parseError');
    const [exhibit] = listExhibits(open.db);
    expect(exhibit?.parse_status).toBe('parsed');
    const metadata = JSON.parse(exhibit?.metadata ?? '{}') as { width: number; warnings: string[] };
    expect(metadata.width).toBe(1600);
    expect(metadata.warnings).toEqual([expect.stringMatching(/^No thumbnail or key-frame strip could be made: /)]);
    expect(previewRows(open.db, exhibit?.id ?? 0)).toEqual([]);
    expect(leftoverImportFolders()).toEqual([]);
    closeCase(open);
  });
});
