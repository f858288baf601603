import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { importPaths } from '../../../main/intake/import.js';
import { productParsers } from '../../../main/intake/product-parsers.js';
import { sql } from '../../../main/locker/sql.js';
import { newCase } from '../../helpers/case.js';
import { ROOT } from '../../helpers/cli.js';
it('dump', async () => {
  const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
  const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as { files: Record<string, unknown> };
  const open = newCase('x').open;
  await importPaths(open.db, Object.keys(expected.files).map((r) => join(CORPUS, r)), { analyst: 't', parsers: productParsers });
  const rows = open.db.all<Record<string, unknown>>(sql`SELECT e.number, e.original_name, e.kind, e.parent_id, e.metadata, e.fs_modified_at, t.text, t.segments FROM exhibits e LEFT JOIN exhibit_text t ON t.exhibit_id = e.id ORDER BY e.number`);
  writeFileSync('/tmp/h9/dump.json', JSON.stringify(rows, null, 1));
}, 120000);
