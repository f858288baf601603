/**
 * The exhibit_previews table (schema 30): thumbnails and key-frame strips made at import. They are
 * display aids derived from the evidence, not evidence: stored beside the exhibit in the same
 * transaction, never hashed into the custody log or the evidence verification.
 */
import type { ReadDb, WriteDb } from './driver.js';
import { sql } from './sql.js';

export interface PreviewData {
  readonly kind: 'thumbnail' | 'keyframe';
  readonly timeS: number | null;
  readonly width: number;
  readonly height: number;
  readonly mime: string;
  readonly data: Buffer;
}

export interface PreviewRow {
  kind: 'thumbnail' | 'keyframe';
  time_s: number | null;
  width: number;
  height: number;
  mime: string;
  data: Buffer;
}

/** Needs an open transaction (the exhibit's own). Thumbnails first, then key frames by time. */
export function insertPreviews(db: WriteDb, exhibitId: number, previews: readonly PreviewData[]): void {
  const ordered = [...previews].sort(
    (a, b) => (a.kind === b.kind ? 0 : a.kind === 'thumbnail' ? -1 : 1) || (a.timeS ?? 0) - (b.timeS ?? 0),
  );
  for (const [seq, preview] of ordered.entries()) {
    db.run(sql`INSERT INTO exhibit_previews (exhibit_id, seq, kind, time_s, width, height, mime, data)
               VALUES (${exhibitId}, ${seq}, ${preview.kind}, ${preview.timeS}, ${preview.width}, ${preview.height},
                       ${preview.mime}, ${preview.data})`);
  }
}

export function previewRows(db: ReadDb, exhibitId: number): PreviewRow[] {
  return db.all<PreviewRow>(sql`SELECT kind, time_s, width, height, mime, data FROM exhibit_previews
                                WHERE exhibit_id = ${exhibitId} ORDER BY seq`);
}

/** A frame already saved from this video with these exact bytes (saving it again returns that exhibit). */
export function savedFrameNumber(db: ReadDb, videoId: number, sha256: string): number | undefined {
  return db.get<{ number: number }>(sql`SELECT exhibits.number FROM exhibits JOIN blobs ON blobs.id = exhibits.blob_id
      WHERE exhibits.parent_id = ${videoId} AND exhibits.derivation = 'video-frame' AND blobs.sha256 = ${sha256}
      ORDER BY exhibits.number LIMIT 1`)?.number;
}
