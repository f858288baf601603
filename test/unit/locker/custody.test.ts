import { describe, expect, it } from 'vitest';
import { appendCustody, listCustody, verifyCustody, GENESIS_HASH } from '../../../main/locker/custody.js';
import { closeCase } from '../../../main/locker/case-file.js';
import { sql } from '../../../main/locker/sql.js';
import { newCase } from '../../helpers/case.js';

describe('custody log', () => {
  it('chains every entry to the one before it', () => {
    const { open } = newCase();
    appendCustody(open.db, { analyst: 'a', action: 'case.locked', objectIds: ['x'], details: { reason: 'user' } });
    appendCustody(open.db, { analyst: 'a', action: 'case.unlocked' });
    const entries = listCustody(open.db, 0, 10).reverse();
    expect(entries.map((e) => e.action)).toEqual(['case.created', 'case.locked', 'case.unlocked']);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(entries[2]?.prevHash).toBe(entries[1]?.hash);
    expect(verifyCustody(open.db)).toMatchObject({ ok: true, entries: 3, headHash: entries[2]?.hash });
    closeCase(open);
  });

  it('refuses updates and deletes inside Locard', () => {
    const { open } = newCase();
    expect(() => open.db.run(sql`UPDATE custody_log SET analyst = ${'mallory'}`)).toThrow(/append-only/);
    expect(() => open.db.run(sql`DELETE FROM custody_log`)).toThrow(/append-only/);
    closeCase(open);
  });

  function tamper(open: ReturnType<typeof newCase>['open'], statement: string): void {
    open.db.exec('DROP TRIGGER custody_log_no_update; DROP TRIGGER custody_log_no_delete;');
    open.db.exec(statement);
  }

  it('names an altered entry', () => {
    const { open } = newCase();
    for (let i = 0; i < 4; i += 1) appendCustody(open.db, { analyst: 'a', action: 'case.opened' });
    tamper(open, `UPDATE custody_log SET analyst = 'mallory' WHERE seq = 3`);
    const result = verifyCustody(open.db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq: 3, kind: 'altered' });
    expect(result.firstBroken?.message).toContain('#3');
    expect(result.entries).toBe(2);
    closeCase(open);
  });

  it('names a deleted entry in the middle, and entries removed from the end', () => {
    const { open } = newCase();
    for (let i = 0; i < 4; i += 1) appendCustody(open.db, { analyst: 'a', action: 'case.opened' });
    tamper(open, `DELETE FROM custody_log WHERE seq = 2`);
    expect(verifyCustody(open.db).firstBroken).toMatchObject({ seq: 2, kind: 'missing-entry' });
    closeCase(open);

    const second = newCase();
    for (let i = 0; i < 4; i += 1) appendCustody(second.open.db, { analyst: 'a', action: 'case.opened' });
    tamper(second.open, `DELETE FROM custody_log WHERE seq = 5`);
    expect(verifyCustody(second.open.db).firstBroken).toMatchObject({ seq: 5, kind: 'head-mismatch' });
    closeCase(second.open);
  });

  it('detects a re-hashed entry whose successor still points at the old hash', () => {
    const { open } = newCase();
    appendCustody(open.db, { analyst: 'a', action: 'case.opened' });
    appendCustody(open.db, { analyst: 'a', action: 'case.opened' });
    // Replace entry 2 wholesale with a self-consistent forgery: its own hash is right, the link from 3 is not.
    tamper(open, `UPDATE custody_log SET hash = '${'f'.repeat(64)}' WHERE seq = 2`);
    const result = verifyCustody(open.db);
    expect(result.firstBroken?.seq).toBe(2);
    closeCase(open);
  });
});
