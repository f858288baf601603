/**
 * openSampleCase: builds the sample case in the config folder from resources/sample-evidence the first
 * time (once, even when asked twice at once), opens it with the documented passphrase afterwards, and
 * says clearly when the file there no longer opens with it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_CASE_PASSPHRASE } from '../../../shared/api.js';
import type { CaseSummary } from '../../../shared/domain.js';
import type { ExhibitSummary } from '../../../shared/evidence.js';
import type { Result } from '../../../shared/result.js';
import { ConfigStore } from '../../../main/config/settings.js';
import { LocardService } from '../../../main/core/service.js';
import type { IntakeParsers } from '../../../main/intake/import.js';
import { ROOT, tempDir } from '../../helpers/cli.js';

const SAMPLES = join(ROOT, 'resources', 'sample-evidence');
const sampleCount = readdirSync(SAMPLES, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;

// The product parsers are exercised by the demo CLI test; here the bytes and the records matter.
const plainParsers: IntakeParsers = {
  detect: () => Promise.resolve({ kind: 'binary', mime: 'application/octet-stream', extensionMismatch: false }),
  parse: () => Promise.resolve({ kind: 'binary', text: '', segments: [], metadata: {}, warnings: [], children: [] }),
};

function service(configDir = tempDir()) {
  const config = new ConfigStore(configDir);
  return {
    config,
    svc: new LocardService({ shell: 'browser', nativeDialogs: false, emit: () => undefined }, config, plainParsers),
  };
}

function value(result: Result<unknown>): unknown {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('openSampleCase', () => {
  it('builds the sample case in the config folder, opens it, and remembers it', async () => {
    const { svc, config } = service();
    const summary = value(await svc.dispatch('openSampleCase', {})) as CaseSummary;
    expect(summary).toMatchObject({
      title: 'Sample case — voter-intimidation e-mails (Oct 2020)',
      path: join(config.samplesDirectory(), 'Sample case — Election 2020.locard'),
      tlp: 'CLEAR',
    });
    const exhibits = value(await svc.dispatch('listExhibits', {})) as ExhibitSummary[];
    expect(exhibits.filter((exhibit) => exhibit.parentNumber === null)).toHaveLength(sampleCount);
    expect(config.recentCases().map((recent) => recent.path)).toContain(summary.path);
    // Built beside its final name and renamed: nothing partial is left (the open case's WAL files aside).
    const files = readdirSync(config.samplesDirectory()).filter((name) => !/-(wal|shm)$/.test(name));
    expect(files).toEqual(['Sample case — Election 2020.locard']);
    await svc.dispose();
  });

  it('builds once when asked twice at once, and opens the same case later', async () => {
    const { svc } = service();
    const [first, second] = await Promise.all([svc.dispatch('openSampleCase', {}), svc.dispatch('openSampleCase', {})]);
    const firstId = (value(first) as CaseSummary).caseId;
    expect((value(second) as CaseSummary).caseId).toBe(firstId);
    value(await svc.dispatch('closeCase', {}));
    const again = value(await svc.dispatch('openSampleCase', {})) as CaseSummary;
    expect(again.caseId).toBe(firstId);
    const exhibits = value(await svc.dispatch('listExhibits', {})) as ExhibitSummary[];
    expect(exhibits.filter((exhibit) => exhibit.parentNumber === null)).toHaveLength(sampleCount);
    await svc.dispose();
  });

  it('says so when the sample case no longer opens with its passphrase', async () => {
    const { svc } = service();
    value(await svc.dispatch('openSampleCase', {}));
    value(await svc.dispatch('changePassphrase', { current: SAMPLE_CASE_PASSPHRASE, next: 'changed by the analyst' }));
    value(await svc.dispatch('closeCase', {}));
    const result = await svc.dispatch('openSampleCase', {});
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'wrong-passphrase',
        message: expect.stringMatching(/no longer opens with "locard-sample"/) as unknown,
      },
    });
    await svc.dispose();
  });
});
