// Type detection by content, extension lies, and names that display as something else.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFile, escapeDisplayName, extensionMismatch } from '../../../main/intake/detect.js';
import { CORPUS } from './corpus.js';

const KINDS: Readonly<Record<string, string>> = {
  'emails/01-threat-with-video-attachment.eml': 'email',
  'emails/02-threat-quoted-printable-utf8.eml': 'email',
  'emails/03-threat-html-defanged-by-gateway.eml': 'email',
  'images/datacenter-photo.jpg': 'image',
  'images/social-post-screenshot.png': 'image',
  'reports/analyst-notes.txt': 'text',
  'reports/flash-report-FR-2020-1022.html': 'html',
  'reports/flash-report-FR-2020-1022.pdf': 'pdf',
  'social/io_dataset_oct2020_tweets.csv': 'csv',
  'social/profiles_export.json': 'json',
  'video/voter-portal-screen-recording.mp4': 'video',
  'web/news-timeline.html': 'html',
  'web/news-timeline.mhtml': 'mhtml',
  'archives/evidence-bundle.zip': 'archive',
  'bad/malformed-headers.eml': 'email',
  'bad/nested-multipart-50.eml': 'email',
  'bad/path-traversal.zip': 'archive',
  'bad/zip-bomb-2GiB.zip': 'archive',
  'bad/random-bytes.pdf': 'binary',
  'bad/truncated-report.pdf': 'pdf',
  'bad/screenshot-not-really.png': 'text',
  'bad/single-line-5MB.txt': 'text',
  'bad/active-content.html': 'html',
};

describe('detectFile', () => {
  for (const [file, kind] of Object.entries(KINDS)) {
    it(`detects ${file} as ${kind} by its content`, async () => {
      expect((await detectFile(join(CORPUS, file))).kind).toBe(kind);
    });
  }

  it('detects the right-to-left-override file as text, whatever its name claims', async () => {
    const name = readdirSync(join(CORPUS, 'bad')).find((file) => file.includes('\u202e'));
    expect(name).toBe('voter-roll-\u202efdp.exe');
    expect((await detectFile(join(CORPUS, 'bad', name ?? ''))).kind).toBe('text');
  });
});

describe('extensionMismatch', () => {
  it('flags a .pdf that is not a PDF and a .png that is text', () => {
    expect(extensionMismatch('random-bytes.pdf', 'binary')).toBe(true);
    expect(extensionMismatch('screenshot-not-really.png', 'text')).toBe(true);
    expect(extensionMismatch('voter-roll-\u202efdp.exe', 'text')).toBe(true);
  });

  it('accepts matching and unknown extensions', () => {
    expect(extensionMismatch('flash-report.pdf', 'pdf')).toBe(false);
    expect(extensionMismatch('photo.JPG', 'image')).toBe(false);
    expect(extensionMismatch('notes.txt', 'markdown')).toBe(false);
    expect(extensionMismatch('dump.xyz', 'binary')).toBe(false);
  });
});

describe('escapeDisplayName', () => {
  it('shows the right-to-left override instead of letting it reverse the name', () => {
    expect(escapeDisplayName('voter-roll-\u202efdp.exe')).toBe('voter-roll-\\u{202E}fdp.exe');
  });

  it('escapes bidi isolates, marks and C0/C1 controls, and leaves ordinary names alone', () => {
    expect(escapeDisplayName('a\u2066b\u2069c\u200ed\u200f')).toBe('a\\u{2066}b\\u{2069}c\\u{200E}d\\u{200F}');
    expect(escapeDisplayName('line\nbreak\u0085\u0007')).toBe('line\\u{000A}break\\u{0085}\\u{0007}');
    expect(escapeDisplayName('Überweisung 2020.pdf')).toBe('Überweisung 2020.pdf');
  });
});
