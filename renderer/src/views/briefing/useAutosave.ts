/**
 * Autosave for the open briefing: the editor edits a local draft; what differs from the last saved
 * content goes to `updateBriefing` after a pause in typing, one request at a time. Switching briefing
 * (`load` after `flush`), exporting (`flush` first) and leaving the view (unmount) all save what is
 * pending, so no edit is lost. A failed save keeps the draft and says why; the next edit or Retry
 * sends it again.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Briefing, BriefingContent } from '../../../../shared/briefing.js';
import type { LocardClient } from '../../../../shared/api.js';
import { contentChange, contentOf } from './model.js';

export const TITLE_NEEDED = 'title missing (the rest is saved)';

/** Pause in editing before a save is sent. */
export const AUTOSAVE_DELAY_MS = 800;

export type SaveStatus =
  | { readonly kind: 'saved'; readonly at: number }
  | { readonly kind: 'pending' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'error'; readonly message: string };

type UpdateBriefing = LocardClient['updateBriefing'];

interface SaverHooks {
  readonly onStatus: (status: SaveStatus) => void;
  readonly onDraft: (id: string | null, draft: BriefingContent | null) => void;
  readonly onSaved: (briefing: Briefing) => void;
}

/**
 * The saving rules without React (unit-tested with a fake client): a debounced save of what differs
 * from the last saved content, one request at a time, `flush` to save now.
 */
export class BriefingSaver {
  private id: string | null = null;
  private draft: BriefingContent | null = null;
  private saved: BriefingContent | null = null;
  private savedAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<boolean> | null = null;

  constructor(
    private readonly update: UpdateBriefing,
    private readonly hooks: SaverHooks,
    private readonly delayMs = AUTOSAVE_DELAY_MS,
  ) {}

  /** What an update would send now, or null when everything is saved. */
  pending(): Partial<BriefingContent> | null {
    return this.draft === null || this.saved === null ? null : contentChange(this.saved, this.draft);
  }

  load(briefing: Briefing | null): void {
    this.cancelTimer();
    this.id = briefing?.id ?? null;
    this.draft = briefing ? contentOf(briefing) : null;
    this.saved = this.draft;
    this.savedAt = briefing?.updatedAt ?? 0;
    this.hooks.onDraft(this.id, this.draft);
    this.hooks.onStatus({ kind: 'saved', at: this.savedAt });
  }

  edit(patch: Partial<BriefingContent>): void {
    if (this.draft === null) return;
    this.draft = { ...this.draft, ...patch };
    this.hooks.onDraft(this.id, this.draft);
    this.cancelTimer();
    if (this.pending() === null) {
      if (!this.running) this.hooks.onStatus({ kind: 'saved', at: this.savedAt });
      return;
    }
    if (!this.running) this.hooks.onStatus({ kind: 'pending' });
    this.schedule();
  }

  /** Save what is pending now, edits made meanwhile included; true when nothing is left unsaved. */
  async flush(): Promise<boolean> {
    for (;;) {
      const id = this.id;
      if (!(await this.saveOnce())) return false;
      if (this.id !== id || this.pending() === null) return true;
    }
  }

  /** One update with what is pending; false when it failed. */
  private async saveOnce(): Promise<boolean> {
    this.cancelTimer();
    // One request at a time: a save asked for during another waits for it, then sends what is left.
    while (this.running) await this.running;
    const id = this.id;
    const pending = this.pending();
    if (id === null || pending === null) return true;
    // A blank title is held back (a briefing needs one); everything else is saved meanwhile.
    const { title, ...rest } = pending;
    const holdTitle = title?.trim() === '';
    const change = holdTitle ? rest : pending;
    if (Object.keys(change).length === 0) {
      this.hooks.onStatus({ kind: 'error', message: TITLE_NEEDED });
      return false;
    }
    this.hooks.onStatus({ kind: 'saving' });
    const request = this.update({ id, change }).then((result) => {
      if (!result.ok) {
        if (this.id === id) this.hooks.onStatus({ kind: 'error', message: result.error.message });
        return false;
      }
      if (this.id === id && this.saved !== null) {
        this.saved = { ...this.saved, ...change };
        this.savedAt = result.value.updatedAt;
        this.hooks.onStatus(
          this.pending() === null
            ? { kind: 'saved', at: this.savedAt }
            : holdTitle && this.draft?.title.trim() === ''
              ? { kind: 'error', message: TITLE_NEEDED }
              : { kind: 'pending' },
        );
      }
      this.hooks.onSaved(result.value);
      return true;
    });
    this.running = request;
    const ok = await request;
    this.running = null;
    return ok;
  }

  /** The debounced save: edits made while its request was out wait for the next pause. */
  private async saveLater(): Promise<void> {
    const id = this.id;
    if ((await this.saveOnce()) && this.id === id && this.pending() !== null && this.timer === undefined) {
      this.schedule();
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.saveLater(), this.delayMs);
  }

  private cancelTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

export interface Autosave {
  readonly id: string | null;
  readonly draft: BriefingContent | null;
  readonly status: SaveStatus;
  /** Start editing a briefing just read (call `flush` first when another one was open). */
  readonly load: (briefing: Briefing | null) => void;
  readonly edit: (patch: Partial<BriefingContent>) => void;
  /** Save what is pending now; true when nothing is left unsaved. */
  readonly flush: () => Promise<boolean>;
}

/** The saves an editor started as it unmounted (another section was chosen): read a briefing after them. */
let leaving: Promise<unknown> = Promise.resolve();
export function afterPendingSaves(): Promise<unknown> {
  return leaving;
}

/** `onSaved` is called after each save with what was stored; it is read once, so pass a stable callback. */
export function useAutosave(client: LocardClient, onSaved: (briefing: Briefing) => void): Autosave {
  const [shown, setShown] = useState<{ readonly id: string | null; readonly draft: BriefingContent | null }>({
    id: null,
    draft: null,
  });
  const [status, setStatus] = useState<SaveStatus>({ kind: 'saved', at: 0 });
  const [saver] = useState(
    () =>
      new BriefingSaver((input) => client.updateBriefing(input), {
        onStatus: setStatus,
        onDraft: (id, draft) => setShown({ id, draft }),
        onSaved,
      }),
  );

  // Leaving the view (another section, lock, close) saves what is pending.
  useEffect(
    () => () => {
      const saved = saver.flush();
      leaving = Promise.all([leaving, saved]);
    },
    [saver],
  );

  const load = useCallback((briefing: Briefing | null) => saver.load(briefing), [saver]);
  const edit = useCallback((patch: Partial<BriefingContent>) => saver.edit(patch), [saver]);
  const flush = useCallback(() => saver.flush(), [saver]);
  return { id: shown.id, draft: shown.draft, status, load, edit, flush };
}
