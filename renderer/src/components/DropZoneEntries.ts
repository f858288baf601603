/**
 * What a drop holds, read in the page: files and folders as the browser's File and Directory Entries
 * API gives them (DataTransferItem.webkitGetAsEntry), walked recursively with each file's path inside
 * the dropped folder. Written against the few members it uses, so that a unit test can walk fake
 * entries; no React here.
 */

/** The members of FileSystemEntry (and its file and directory kinds) that the walk uses. */
export interface DropEntry {
  readonly name: string;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  /** FileSystemFileEntry */
  file?(success: (file: File) => void, failure?: (error: DOMException) => void): void;
  /** FileSystemDirectoryEntry */
  createReader?(): {
    readEntries(success: (entries: DropEntry[]) => void, failure?: (error: DOMException) => void): void;
  };
}

export interface DroppedFileItem {
  readonly file: File;
  /** `/`-separated, starting with the dropped folder's name ("mail/2020/01.eml"); a dropped file's own name. */
  readonly relativePath: string;
}

/** One thing the analyst dropped (a file, or a folder with everything in it). */
export interface DroppedRoot {
  readonly key: string;
  readonly name: string;
  readonly kind: 'file' | 'folder';
  readonly files: readonly DroppedFileItem[];
  /** Files or folders that could not be read (permission, vanished); named so that nothing goes missing silently. */
  readonly unreadable: readonly string[];
}

function fileOf(entry: DropEntry): Promise<File> {
  return new Promise((resolve, reject) => {
    if (!entry.file) {
      reject(new Error('not a file'));
      return;
    }
    entry.file(resolve, reject);
  });
}

/** All of a folder's entries: readEntries answers in batches (100 in Chromium) until an empty one. */
async function childrenOf(entry: DropEntry): Promise<DropEntry[]> {
  const reader = entry.createReader?.();
  if (!reader) return [];
  const all: DropEntry[] = [];
  for (;;) {
    const batch = await new Promise<DropEntry[]>((resolve, reject) => {
      reader.readEntries(resolve, reject);
    });
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/** Walk one dropped entry; folders in name order, like the importer's own folder walk. */
export async function walkEntry(entry: DropEntry, key: string): Promise<DroppedRoot> {
  const files: DroppedFileItem[] = [];
  const unreadable: string[] = [];
  const visit = async (current: DropEntry, path: string): Promise<void> => {
    try {
      if (current.isFile) {
        files.push({ file: await fileOf(current), relativePath: path });
      } else if (current.isDirectory) {
        const children = (await childrenOf(current)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const child of children) await visit(child, `${path}/${child.name}`);
      }
    } catch {
      unreadable.push(path);
    }
  };
  await visit(entry, entry.name);
  return { key, name: entry.name, kind: entry.isDirectory ? 'folder' : 'file', files, unreadable };
}

/**
 * The drop's items, taken synchronously (a DataTransfer is emptied when the drop event returns) and
 * walked afterwards. Items without an entry (files made in the page, some browsers) are taken as
 * plain files under their names.
 */
export function takeDrop(data: DataTransfer): () => Promise<DroppedRoot[]> {
  const taken: (DropEntry | File)[] = [];
  for (const item of Array.from(data.items)) {
    if (item.kind !== 'file') continue;
    const entry: DropEntry | null = item.webkitGetAsEntry();
    const file = entry ? null : item.getAsFile();
    if (entry) taken.push(entry);
    else if (file) taken.push(file);
  }
  if (taken.length === 0) taken.push(...Array.from(data.files));
  return () =>
    Promise.all(
      taken.map((item, index) =>
        item instanceof File
          ? Promise.resolve<DroppedRoot>({
              key: String(index),
              name: item.name,
              kind: 'file',
              files: [{ file: item, relativePath: item.name }],
              unreadable: [],
            })
          : walkEntry(item, String(index)),
      ),
    );
}
