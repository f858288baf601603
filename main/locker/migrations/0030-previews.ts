/**
 * Schema 30: thumbnails and video key-frame strips made at import (main/locker/previews.ts). Small
 * JPEGs kept in the row (a strip of 40 frames is a few hundred KB); rows go with their exhibit.
 * Shipped: never edit, add a migration.
 */
import type { Migration } from './index.js';

export const migration0030: Migration = {
  version: 30,
  name: 'previews',
  up: `
    CREATE TABLE exhibit_previews (
      exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
      -- Display order: the thumbnail first, then key frames by time.
      seq INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('thumbnail', 'keyframe')),
      -- Seconds into the video; NULL for a still image.
      time_s REAL,
      width INTEGER NOT NULL CHECK (width > 0),
      height INTEGER NOT NULL CHECK (height > 0),
      mime TEXT NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (exhibit_id, seq)
    ) STRICT;
  `,
};
