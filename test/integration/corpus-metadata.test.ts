/**
 * Issue 3, acceptance 1: importing the corpus succeeds for every good file and the metadata matches
 * expected.json — e-mail Date and Received hops, authentication verdicts and attachments, EXIF
 * DateTimeOriginal and GPS, video creation_time and duration, PDF page count and dates, archive
 * members. expected.json spells keys in snake_case; the mapping to Locard's metadata is written out
 * here, key by key, so a renamed field fails loudly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exhibitDetail, listExhibitSummaries } from '../../main/core/evidence.js';
import { importPaths, type ImportReport } from '../../main/intake/import.js';
import { productParsers } from '../../main/intake/product-parsers.js';
import { closeCase, type OpenCase } from '../../main/locker/case-file.js';
import type { ExhibitDetail } from '../../shared/evidence.js';
import { newCase } from '../helpers/case.js';
import { ROOT } from '../helpers/cli.js';

const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');

interface ExpectedEvent {
  readonly timestamp: string;
  readonly precision: string;
  readonly source_text: string;
  readonly description: string;
}
interface ExpectedFile {
  readonly kind: string;
  readonly sha256: string;
  readonly events: readonly ExpectedEvent[];
  readonly optional_events: readonly ExpectedEvent[];
  readonly metadata?: Record<string, unknown>;
}
const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as {
  files: Record<string, ExpectedFile>;
};

type Metadata = Record<string, unknown>;
let open: OpenCase;
let report: ImportReport;
let exhibits: ExhibitDetail[];

/** The top-level exhibit imported from a corpus path. */
function exhibitFor(relative: string): ExhibitDetail {
  const found = exhibits.find((e) => e.parentNumber === null && e.sha256 === expected.files[relative]?.sha256);
  if (!found) throw new Error(`no exhibit for ${relative}`);
  return found;
}

function meta(relative: string): Metadata {
  return exhibitFor(relative).metadata;
}

/** "2020-10-20T14:12:41Z" and "2020-10-21T02:47Z" compare as instants. */
function instant(text: string): number {
  return Date.parse(text);
}

beforeAll(async () => {
  open = newCase('Corpus metadata').open;
  const good = Object.keys(expected.files).map((relative) => join(CORPUS, relative));
  report = await importPaths(open.db, good, { analyst: 'test-analyst', parsers: productParsers });
  exhibits = listExhibitSummaries(open).map((summary) => exhibitDetail(open, summary.number));
}, 180_000);

afterAll(() => {
  closeCase(open);
});

describe('the corpus, imported', () => {
  it('imports every good file and parses it', () => {
    expect(report.failed).toBe(0);
    expect(report.imported).toBe(Object.keys(expected.files).length);
    for (const relative of Object.keys(expected.files)) {
      const exhibit = exhibitFor(relative);
      expect(exhibit.parseStatus, `${relative}: ${exhibit.parseError}`).toBe('parsed');
    }
  });

  describe('e-mail', () => {
    const emails = Object.keys(expected.files).filter((relative) => relative.startsWith('emails/'));

    it.each(emails)('%s: sender, return path, authentication verdicts, mailer', (relative) => {
      const want = expected.files[relative]?.metadata ?? {};
      const got = meta(relative);
      expect((got.from as { address: string }[])[0]?.address).toBe(want.from);
      expect(got.returnPath).toBe(want.return_path);
      const verdicts = got.authentication as Record<string, string>;
      for (const key of ['spf', 'dkim', 'dmarc'] as const) {
        if (want[key] !== undefined) expect(verdicts[key], key).toBe(want[key]);
      }
      if (want.x_mailer !== undefined) expect(got.xMailer).toBe(want.x_mailer);
      if (want.subject_decoded !== undefined) expect(got.subject).toBe(want.subject_decoded);
      if (want.charset !== undefined) expect(got.charset).toBe(want.charset);
      if (want.transfer_encoding !== undefined) expect(got.transferEncoding).toBe(want.transfer_encoding);
      if (want.html_part_encoding !== undefined) {
        const parts = got.parts as { contentType: string; transferEncoding: string }[];
        expect(parts.find((part) => part.contentType === 'text/html')?.transferEncoding).toBe(want.html_part_encoding);
      }
    });

    it.each(emails)('%s: the Date header and every Received hop, in UTC', (relative) => {
      const file = expected.files[relative];
      const got = meta(relative);
      const sent = file?.events.find((event) => event.description.includes('Date header'));
      expect(sent).toBeDefined();
      expect(instant(String(got.date))).toBe(instant(sent?.timestamp ?? ''));
      const hops = got.received as { from: string | null; by: string | null; ip: string | null; time: string }[];
      const hopTimes = hops.map((hop) => instant(hop.time));
      // Every hop expected.json lists (accepted by / delivered by / queued by) is a parsed hop.
      const listed = (file?.optional_events ?? []).filter((event) =>
        /accepted by|delivered|queued by/.test(event.description),
      );
      expect(listed.length).toBeGreaterThan(0);
      for (const event of listed) expect(hopTimes, event.description).toContain(instant(event.timestamp));
      // The hop that names the sender's IP carries it.
      for (const event of listed) {
        const ip = /from (\d+\.\d+\.\d+\.\d+)/.exec(event.description)?.[1];
        if (ip) expect(hops.map((hop) => hop.ip)).toContain(ip);
      }
    });

    it('keeps the video attachment as a child with its hashes and container metadata', () => {
      const relative = 'emails/01-threat-with-video-attachment.eml';
      const want = (expected.files[relative]?.metadata?.attachments as Record<string, unknown>[])[0] ?? {};
      const parent = exhibitFor(relative);
      const child = exhibits.find((e) => e.parentNumber === parent.number);
      expect(child).toMatchObject({
        name: want.filename,
        derivation: 'email-attachment',
        size: want.size,
        sha256: want.sha256,
        sha1: want.sha1,
        md5: want.md5,
        kind: 'video',
      });
      const wantMeta = want.metadata as Record<string, string>;
      const got = child?.metadata as Metadata;
      expect(instant(String(got.creationTime))).toBe(instant(wantMeta.creation_time ?? ''));
      expect((got.tags as Record<string, string>).encoder).toBe(wantMeta.encoder);
    });
  });

  it('reads EXIF DateTimeOriginal with its offset, camera and GPS from the photo', () => {
    const relative = 'images/datacenter-photo.jpg';
    const want = (expected.files[relative]?.metadata?.exif ?? {}) as Record<string, string | number>;
    const got = meta(relative);
    expect(got.camera).toMatchObject({ make: want.Make, model: want.Model, software: want.Software });
    expect(got.dateTimeOriginal).toBe(want.DateTimeOriginal);
    expect(got.offsetTimeOriginal).toBe(want.OffsetTimeOriginal);
    const taken = expected.files[relative]?.events[0];
    expect(instant(String(got.dateTimeOriginalUtc))).toBe(instant(taken?.timestamp ?? ''));
    const gps = got.gps as { latitude: number; longitude: number };
    expect(gps.latitude).toBeCloseTo(Number(want.GPSLatitude), 5);
    expect(gps.longitude).toBeCloseTo(Number(want.GPSLongitude), 5);
  });

  it('reads the screen recording: container, codec, size, frame rate, duration, creation_time, encoder', () => {
    const relative = 'video/voter-portal-screen-recording.mp4';
    const want = expected.files[relative]?.metadata ?? {};
    const got = meta(relative);
    expect(got).toMatchObject({
      container: want.container,
      codec: want.codec,
      width: want.width,
      height: want.height,
      fps: want.fps,
      duration: want.duration_s,
    });
    expect(instant(String(got.creationTime))).toBe(instant(String(want.creation_time)));
    expect((got.tags as Record<string, string>).encoder).toBe(want.encoder);
    const hashes = want.hashes as Record<string, string>;
    expect(exhibitFor(relative)).toMatchObject({ sha256: hashes.sha256, sha1: hashes.sha1, md5: hashes.md5 });
  });

  it('reads the PDF: page count, document info and dates', () => {
    const relative = 'reports/flash-report-FR-2020-1022.pdf';
    const want = (expected.files[relative]?.metadata?.pdf_info ?? {}) as Record<string, string>;
    const got = meta(relative);
    // Two pages: `pdfinfo` on the fixture says so (the report printed from the HTML).
    expect(got.pages).toBe(2);
    expect(got.info).toMatchObject({ Title: want.Title, CreationDate: want.CreationDate });
    const created = expected.files[relative]?.optional_events.find((e) => /creation date/i.test(e.description));
    expect(instant(String(got.creationDate))).toBe(instant(created?.timestamp ?? ''));
  });

  it('lists the archive members and derives each one, with the same bytes as the loose file', () => {
    const relative = 'archives/evidence-bundle.zip';
    const members = (expected.files[relative]?.metadata?.members ?? []) as { path: string; sha256: string }[];
    const archive = exhibitFor(relative);
    const listed = (archive.metadata as Metadata).members as { memberPath: string; sha256: string }[];
    expect(listed.map((m) => [m.memberPath, m.sha256])).toEqual(members.map((m) => [m.path, m.sha256]));
    const children = exhibits.filter((e) => e.parentNumber === archive.number);
    expect(children.map((c) => [c.name, c.sha256, c.derivation])).toEqual(
      members.map((m) => [m.path, m.sha256, 'archive-member']),
    );
    // The members' DOS time has no zone: kept as written, marked unknown (expected.json lists it so).
    const dosTime = expected.files[relative]?.optional_events.find((e) => e.description.includes('DOS time'));
    for (const member of listed as unknown as Metadata[]) {
      expect(member).toMatchObject({ modified: dosTime?.timestamp, modifiedZone: 'unknown' });
    }
  });

  it('reads the platform export: rows and columns of the CSV', () => {
    const relative = 'social/io_dataset_oct2020_tweets.csv';
    const want = expected.files[relative]?.metadata ?? {};
    const got = meta(relative);
    expect(got.rows).toBe(want.rows);
    expect(got.header).toEqual(want.columns);
  });
});
