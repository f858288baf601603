/**
 * Issue 4, acceptance 1 (the OCR half): the 26-second screen recording carries its indicators only
 * as pixels. Imported through the service (OCR starts by itself after the import), the case holds
 * the server IP and the Windows path read off the video's frames, each with the frame time and a
 * box, and no decoy expected.json lists for the video. Recall over the video's listed indicators is
 * printed and held to a floor.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, LocardEvents } from '../../shared/api.js';
import type { IndicatorDetail, IndicatorSummary } from '../../shared/indicator-types.js';
import type { OcrProgress } from '../../shared/ocr.js';
import type { Result } from '../../shared/result.js';
import { ConfigStore } from '../../main/config/settings.js';
import { LocardService } from '../../main/core/service.js';
import { ROOT, tempDir } from '../helpers/cli.js';

const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
const VIDEO = 'video/voter-portal-screen-recording.mp4';
const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as {
  files: Record<
    string,
    {
      indicators: Record<string, string[]>;
      must_not_extract: { value: string; types: string[] }[];
      metadata: { scenes: { from_s: number; to_s: number; window: string }[] };
    }
  >;
};
const want = expected.files[VIDEO];

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the value's type
function unwrap<T = unknown>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

describe('OCR of the screen recording', () => {
  let ocrDone: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    ocrDone = resolve;
  });
  const svc = new LocardService(
    {
      shell: 'browser',
      nativeDialogs: false,
      emit: <E extends EventName>(event: E, payload: LocardEvents[E]) => {
        if (event === 'ocrProgress' && (payload as OcrProgress).done) ocrDone();
      },
    },
    new ConfigStore(tempDir()),
  );
  let indicators: IndicatorSummary[] = [];

  beforeAll(async () => {
    unwrap(
      await svc.dispatch('createCase', {
        path: join(tempDir(), 'recording.locard'),
        passphrase: 'correct horse battery',
        title: 'Recording',
      }),
    );
    unwrap(await svc.dispatch('importEvidence', { paths: [join(CORPUS, VIDEO)] }));
    await finished;
    indicators = [...unwrap<readonly IndicatorSummary[]>(await svc.dispatch('listIndicators', {}))];
  }, 240_000);

  afterAll(async () => {
    await svc.dispose();
  });

  async function occurrencesOf(type: string, value: string) {
    const found = indicators.find((i) => i.type === type && i.value === value);
    expect(found, `${type} ${value}`).toBeDefined();
    const detail = unwrap<IndicatorDetail>(await svc.dispatch('getIndicator', { id: found?.id ?? 0 }));
    return detail.occurrences;
  }

  /** The scene (window) the frame at `timeS` belongs to, from expected.json. */
  function sceneAt(timeS: number): string {
    return want?.metadata.scenes.find((s) => timeS >= s.from_s && timeS <= s.to_s)?.window ?? '';
  }

  it('reads the server IP off the PuTTY scene, with the frame time and a box on the frame', async () => {
    const occurrences = await occurrencesOf('ipv4', '203.0.113.77');
    expect(occurrences.length).toBeGreaterThan(0);
    for (const { location } of occurrences) {
      expect(location.kind).toBe('ocr');
      expect(location.frameTimeS).toBeGreaterThanOrEqual(0);
      expect(location.frameTimeS).toBeLessThanOrEqual(26);
      expect(location.box?.width).toBeGreaterThan(0);
      expect((location.box?.x ?? -1) + (location.box?.width ?? 0)).toBeLessThanOrEqual(1600);
    }
    // The title bar of the second scene shows the IP ("203.0.113.77 - PuTTY").
    const scenes = new Set(occurrences.map((o) => sceneAt(o.location.frameTimeS ?? -1)));
    expect(scenes).toContain('203.0.113.77 - PuTTY');
  });

  it('reads the Windows path off the PowerShell scene, with the frame time', async () => {
    const occurrences = await occurrencesOf(
      'filepath_windows',
      'C:\\Users\\operator\\Desktop\\voterdb\\fl_voters_2020.csv',
    );
    expect(occurrences.length).toBeGreaterThan(0);
    for (const { location, surface } of occurrences) {
      expect(surface).toBe('C:\\Users\\operator\\Desktop\\voterdb\\fl_voters_2020.csv');
      expect(location.kind).toBe('ocr');
      expect(sceneAt(location.frameTimeS ?? -1)).toBe('Windows PowerShell');
      expect(location.box?.height).toBeGreaterThan(0);
    }
  });

  it('finds most of what expected.json lists for the video and none of its decoys', () => {
    const listed = Object.entries(want?.indicators ?? {}).flatMap(([type, values]) =>
      values.map((value) => ({ type, value })),
    );
    const has = (type: string, value: string) =>
      indicators.some((i) => i.type === type && i.value.toLowerCase() === value.toLowerCase());
    const missed = listed.filter(({ type, value }) => !has(type, value));
    const recall = (listed.length - missed.length) / listed.length;
    console.log(
      `OCR recall on the recording: ${String(listed.length - missed.length)}/${String(listed.length)}`,
      missed,
    );
    // All 12 are read here; the floor leaves room for one miss where OCR reads a glyph differently.
    expect(recall).toBeGreaterThanOrEqual(0.9);
    for (const decoy of want?.must_not_extract ?? []) {
      for (const type of decoy.types) expect(has(type, decoy.value), `${decoy.value} as ${type}`).toBe(false);
    }
  });
});
