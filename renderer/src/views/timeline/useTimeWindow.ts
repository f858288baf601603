import { useEffect, useMemo, useState } from 'react';
import type { ExhibitTime } from '../../../../shared/timeline.js';
import { useClient } from '../../api/context.js';
import type { TimeWindow } from './model.js';
import { datedExhibits, exhibitsInWindow } from './window.js';

/** At most this often the dates are read again while an import reports file after file. */
const REFRESH_MS = 500;

export interface WindowExhibits {
  /** Exhibit numbers with a date inside the window. */
  readonly inside: ReadonlySet<number>;
  /** How many exhibits carry a date at all (the rest never fall in a window). */
  readonly dated: number;
}

/**
 * The exhibits inside the time window brushed on the timeline, for the Graph and Evidence views:
 * null while there is no window, or until the exhibits' dates are read (once per mount, and again
 * when evidence changes). The views mount when shown, so events edited on the timeline count.
 */
export function useWindowExhibits(window: TimeWindow | null): WindowExhibits | null {
  const client = useClient();
  const [times, setTimes] = useState<readonly ExhibitTime[] | null>(null);
  const [revision, setRevision] = useState(0);
  const wanted = window !== null;

  useEffect(() => {
    if (!wanted) return;
    let current = true;
    void client.listExhibitTimes({}).then((result) => {
      if (current && result.ok) setTimes(result.value);
    });
    return () => {
      current = false;
    };
  }, [client, wanted, revision]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.on('evidenceChanged', () => {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        setRevision((n) => n + 1);
      }, REFRESH_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [client]);

  return useMemo(
    () =>
      window === null || times === null
        ? null
        : { inside: exhibitsInWindow(times, window), dated: datedExhibits(times).size },
    [times, window],
  );
}
