/**
 * Schema 80: named saved views of the link-analysis graph (main/locker/graph-views.ts). A view is the
 * analyst's arrangement of the canvas — positions, layout, filters, hidden types and entities, zoom
 * and pan, named groups — kept as one JSON document (shared/graph-view.ts's GraphViewState), checked
 * by main/core/validate.ts on the way in and read back defensively. Names are unique, ignoring case.
 * Shipped: never edit, add a migration.
 */
import type { Migration } from './index.js';

export const migration0080: Migration = {
  version: 80,
  name: 'graph-views',
  up: `
    CREATE TABLE graph_views (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      state TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_by TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX graph_views_by_name ON graph_views(name COLLATE NOCASE);
  `,
};
