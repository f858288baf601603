// The OCR engine in-process on the reference corpus's pictures: the IP and the Windows path that exist
// only as pixels in the screen recording are read, with boxes where they are on the frame, from the
// language data shipped in node_modules (no download, no cache file written).
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractIndicators } from '../../../main/indicators/index.js';
import {
  createOcrEngine,
  engineDescription,
  languageDataPath,
  TRAINED_DATA_VARIANT,
  type OcrEngine,
} from '../../../main/ocr/engine.js';
import { boxForRange } from '../../../main/ocr/layout.js';
import { readImage } from '../../../main/ocr/read.js';
import type { OcrPicture } from '../../../main/ocr/types.js';

const CORPUS = fileURLToPath(new URL('../../fixtures/corpus/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'locard-ocr-engine-'));
let engine: OcrEngine;

async function read(relative: string): Promise<OcrPicture> {
  const pictures: OcrPicture[] = [];
  await readImage(engine, join(CORPUS, relative), work, { onPicture: (p) => pictures.push(p) });
  const [picture] = pictures;
  if (!picture || pictures.length !== 1) throw new Error(`expected one picture, got ${String(pictures.length)}`);
  return picture;
}

function centre(box: { x: number; y: number; width: number; height: number }) {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

beforeAll(async () => {
  engine = await createOcrEngine(['eng'], work);
});

afterAll(async () => {
  await engine.close();
  rmSync(work, { recursive: true, force: true });
});

describe('OCR engine', () => {
  it('reads the IP and the Windows path on the PowerShell frame, boxed where they are shown', async () => {
    const picture = await read('video/frames/frame-01-powershell-scp.png');
    expect(picture).toMatchObject({ frameTimeS: null, width: 1600, height: 900 });
    const found = extractIndicators(picture.text);
    const ip = found.filter((e) => e.type === 'ipv4' && e.value === '203.0.113.77');
    const path = found.find(
      (e) => e.type === 'filepath_windows' && e.value === 'C:\\Users\\operator\\Desktop\\voterdb\\fl_voters_2020.csv',
    );
    // The scp command line and the password prompt below it.
    expect(ip).toHaveLength(2);
    expect(path).toBeDefined();
    for (const occurrence of [...ip, ...(path ? [path] : [])]) {
      const box = boxForRange(picture, occurrence.start, occurrence.end);
      expect(box).not.toBeNull();
      if (!box) continue;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(1600);
      expect(box.y + box.height).toBeLessThanOrEqual(900);
      // One line of 16 px terminal text high.
      expect(box.height).toBeLessThan(40);
    }
    // Where the frame shows them (measured on the PNG): the IP after "operator@" on the scp line at
    // y ≈ 314, from x ≈ 1006 to 1138; the path from x ≈ 325 to 897 on the same line.
    const ipBox = boxForRange(picture, ip[0]?.start ?? 0, ip[0]?.end ?? 0);
    const pathBox = path ? boxForRange(picture, path.start, path.end) : null;
    expect(ipBox && distance(centre(ipBox), { x: 1072, y: 314 })).toBeLessThan(8);
    expect(pathBox && distance(centre(pathBox), { x: 611, y: 314 })).toBeLessThan(8);
    // The underscores LSTM reads as spaces are restored from the pixels.
    expect(picture.text).toContain('fl_voters_2020.csv 100%');
  });

  it('reads the handle on the social-media screenshot (dark text on light)', async () => {
    const picture = await read('images/social-post-screenshot.png');
    const values = extractIndicators(picture.text).map((e) => `${e.type} ${e.value}`);
    expect(values).toContain('social_handle @PatriotWatchFL');
    expect(values).toContain('url https://vidshare.example/watch/Qx7Lm2Rp');
  });

  it('uses the trained data shipped in node_modules, writes no cache file, and names what it used', () => {
    for (const language of ['eng', 'fas', 'ara'] as const) {
      const folder = languageDataPath(language);
      expect(folder.endsWith(TRAINED_DATA_VARIANT)).toBe(true);
      expect(existsSync(join(folder, `${language}.traineddata.gz`))).toBe(true);
    }
    // tesseract.js caches downloaded data as <lang>.traineddata in the working folder unless told not to.
    expect(readdirSync(process.cwd()).filter((name) => name.endsWith('.traineddata'))).toEqual([]);
    expect(engineDescription(['eng', 'fas'])).toMatch(/^tesseract\.js 7\.\d+\.\d+, eng\+fas \(4\.0\.0_best_int\)$/);
  });

  it('combines languages from their separate packages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'locard-ocr-langs-'));
    const combined = await createOcrEngine(['eng', 'ara'], dir);
    try {
      expect(readdirSync(join(dir, 'tessdata')).sort()).toEqual(['ara.traineddata.gz', 'eng.traineddata.gz']);
      const pictures: OcrPicture[] = [];
      await readImage(combined, join(CORPUS, 'images/social-post-screenshot.png'), dir, {
        onPicture: (p) => pictures.push(p),
      });
      expect(pictures[0]?.text).toContain('@PatriotWatchFL');
    } finally {
      await combined.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
