/**
 * Walking a dropped folder in the browser shell (renderer/src/components/DropZoneEntries.ts): every
 * file with its path inside the dropped folder, folders read to the end (readEntries answers in
 * batches), in name order, and what cannot be read is named rather than skipped silently.
 */
import { describe, expect, it } from 'vitest';
import { walkEntry, type DropEntry } from '../../../renderer/src/components/DropZoneEntries.js';

function fileEntry(name: string, readable = true): DropEntry {
  return {
    name,
    isFile: true,
    isDirectory: false,
    file(success, failure) {
      if (readable) success(new File([name], name, { lastModified: 1 }));
      else failure?.(new DOMException('gone', 'NotFoundError'));
    },
  };
}

/** A folder whose reader hands out its children 100 at a time, as Chromium's does. */
function folderEntry(name: string, children: DropEntry[]): DropEntry {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader() {
      let offset = 0;
      return {
        readEntries(success) {
          const batch = children.slice(offset, offset + 100);
          offset += batch.length;
          success(batch);
        },
      };
    },
  };
}

describe('walking a dropped folder', () => {
  it('finds every file, past the first batch, with its relative path, in name order', async () => {
    const many = Array.from({ length: 150 }, (_, i) => fileEntry(`m${String(i).padStart(3, '0')}.eml`)).reverse();
    const root = folderEntry('export', [
      folderEntry('mail', many),
      fileEntry('b.txt'),
      folderEntry('a', [fileEntry('deep.pdf')]),
    ]);
    const walked = await walkEntry(root, '0');
    expect(walked).toMatchObject({ key: '0', name: 'export', kind: 'folder', unreadable: [] });
    expect(walked.files).toHaveLength(152);
    const paths = walked.files.map((item) => item.relativePath);
    expect(paths.slice(0, 3)).toEqual(['export/a/deep.pdf', 'export/b.txt', 'export/mail/m000.eml']);
    expect(paths.at(-1)).toBe('export/mail/m149.eml');
    expect(walked.files[1]?.file.name).toBe('b.txt');
  });

  it('names files that cannot be read and keeps the rest', async () => {
    const walked = await walkEntry(folderEntry('drop', [fileEntry('gone.txt', false), fileEntry('kept.txt')]), '1');
    expect(walked.files.map((item) => item.relativePath)).toEqual(['drop/kept.txt']);
    expect(walked.unreadable).toEqual(['drop/gone.txt']);
  });

  it('takes a dropped file as itself', async () => {
    const walked = await walkEntry(fileEntry('report.pdf'), '2');
    expect(walked).toMatchObject({ kind: 'file', name: 'report.pdf', unreadable: [] });
    expect(walked.files.map((item) => item.relativePath)).toEqual(['report.pdf']);
  });
});
