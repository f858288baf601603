import { useEffect } from 'react';
import { useClient } from '../api/context.js';

/** Auto-lock runs in main; tell it the analyst is here at most this often. */
const ACTIVITY_THROTTLE_MS = 30_000;

export function useActivityReporting(enabled: boolean): void {
  const client = useClient();
  useEffect(() => {
    if (!enabled) return;
    let last = 0;
    const note = () => {
      const now = Date.now();
      if (now - last < ACTIVITY_THROTTLE_MS) return;
      last = now;
      void client.noteActivity({});
    };
    window.addEventListener('keydown', note, { capture: true, passive: true });
    window.addEventListener('pointerdown', note, { capture: true, passive: true });
    return () => {
      window.removeEventListener('keydown', note, { capture: true });
      window.removeEventListener('pointerdown', note, { capture: true });
    };
  }, [client, enabled]);
}
