/**
 * The workspace's one case session: which case is selected, whether it is open (keyed) or locked,
 * and the idle timer that locks it. Locking closes the database and drops the key; the passphrase is
 * never kept, so unlocking needs it again.
 */
import type { CaseState, CaseSummary, LockReason } from '../../shared/domain.js';
import { LocardError } from '../errors.js';
import { appendCustody } from '../locker/custody.js';
import { closeCase, openCase, readSummary, type OpenCase } from '../locker/case-file.js';

export interface SessionListener {
  stateChanged(state: CaseState): void;
  locked(reason: LockReason): void;
}

export class CaseSession {
  private open: OpenCase | undefined;
  private lockedPath: string | undefined;
  private lockReason: LockReason = 'opened-by-path';
  private idleTimer: NodeJS.Timeout | undefined;
  private autoLockMs = 0;

  constructor(
    private readonly analyst: () => string,
    private readonly listener: SessionListener,
  ) {}

  state(): CaseState {
    if (this.open) return { state: 'open', summary: readSummary(this.open) };
    if (this.lockedPath) return { state: 'locked', path: this.lockedPath, reason: this.lockReason };
    return { state: 'none' };
  }

  /** The open case, or a clear error for a locked or absent one. */
  current(): OpenCase {
    if (this.open) return this.open;
    if (this.lockedPath) throw new LocardError('case-locked', 'The case is locked. Enter its passphrase to unlock it.');
    throw new LocardError('no-case-open', 'No case is open. Create a case or open one first.');
  }

  /** Take over a case that was just created or opened by the caller, logging how it was opened. */
  adopt(open: OpenCase, how: 'case.opened' | 'case.unlocked' | null): CaseSummary {
    this.closeQuietly();
    this.open = open;
    this.lockedPath = undefined;
    if (how) {
      appendCustody(open.db, { analyst: this.analyst(), action: how, objectIds: [readSummary(open).caseId] });
    }
    this.touch();
    const summary = readSummary(open);
    this.listener.stateChanged({ state: 'open', summary });
    return summary;
  }

  openPath(path: string, passphrase: string): CaseSummary {
    const open = openCase(path, passphrase);
    return this.adopt(open, 'case.opened');
  }

  /** Show a case as locked (waiting for its passphrase) without opening it. */
  select(path: string): CaseState {
    this.closeQuietly();
    this.lockedPath = path;
    this.lockReason = 'opened-by-path';
    const state = this.state();
    this.listener.stateChanged(state);
    return state;
  }

  unlock(passphrase: string): CaseSummary {
    if (this.open) return readSummary(this.open);
    if (!this.lockedPath) throw new LocardError('no-case-open', 'There is no locked case to unlock.');
    const reason = this.lockReason;
    const open = openCase(this.lockedPath, passphrase);
    // A case offered by path (serve CASE, Open recent) is being opened; one locked in this session is unlocked.
    return this.adopt(open, reason === 'opened-by-path' ? 'case.opened' : 'case.unlocked');
  }

  lock(reason: LockReason): CaseState {
    if (!this.open) return this.state();
    const open = this.open;
    try {
      appendCustody(open.db, {
        analyst: this.analyst(),
        action: 'case.locked',
        objectIds: [readSummary(open).caseId],
        details: { reason },
      });
    } finally {
      this.open = undefined;
      this.lockedPath = open.path;
      this.lockReason = reason;
      this.clearTimer();
      closeCase(open);
    }
    const state = this.state();
    this.listener.locked(reason);
    this.listener.stateChanged(state);
    return state;
  }

  close(): CaseState {
    if (this.open) {
      const open = this.open;
      this.open = undefined;
      try {
        appendCustody(open.db, {
          analyst: this.analyst(),
          action: 'case.closed',
          objectIds: [readSummary(open).caseId],
        });
      } finally {
        closeCase(open);
      }
    }
    this.lockedPath = undefined;
    this.clearTimer();
    const state = this.state();
    this.listener.stateChanged(state);
    return state;
  }

  setAutoLockMinutes(minutes: number): void {
    this.autoLockMs = Math.max(0, minutes) * 60_000;
    this.touch();
  }

  /** Activity postpones the idle lock. */
  touch(): void {
    this.clearTimer();
    if (!this.open || this.autoLockMs <= 0) return;
    this.idleTimer = setTimeout(() => {
      this.lock('idle');
    }, this.autoLockMs);
    this.idleTimer.unref();
  }

  private clearTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private closeQuietly(): void {
    if (this.open) this.close();
  }

  /** On shutdown: log the close and release the file. */
  dispose(): void {
    this.close();
  }
}
