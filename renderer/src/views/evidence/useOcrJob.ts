import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useClient } from '../../api/context.js';
import { applyOcrProgress, newOcrJob, type OcrJobState } from './ocr-job.js';

export interface OcrJob {
  /** The running job, or the last one until dismissed; null before any. */
  readonly job: OcrJobState | null;
  readonly running: boolean;
  /**
   * OCR these exhibits (main skips those already read, reads failed ones again). Resolves to an
   * error message, or null and the job that holds them; `queued` 0 means there was nothing to read.
   */
  readonly start: (
    numbers: readonly number[],
  ) => Promise<{ readonly error: string | null; readonly jobId: string | null; readonly queued: number }>;
  readonly cancel: () => void;
  readonly dismiss: () => void;
}

/** The workspace's OCR job for the views below the one that shows the panel (the exhibit's OCR tab). */
export const OcrJobContext = createContext<OcrJob | null>(null);

/**
 * Follows OCR jobs for the whole workspace: held in the Workspace, so a job started by an import
 * keeps reporting while another section is shown.
 */
export function useOcrJobState(): OcrJob {
  const client = useClient();
  const [job, setJob] = useState<OcrJobState | null>(null);

  useEffect(
    () => client.on('ocrProgress', (event) => setJob((previous) => applyOcrProgress(previous, event))),
    [client],
  );

  const start = useCallback(
    async (numbers: readonly number[]) => {
      const result = await client.startOcr({ numbers });
      if (!result.ok) return { error: result.error.message, jobId: null, queued: 0 };
      const { jobId, queued } = result.value;
      // Show the panel at once; the job's events fill it in. A request made while another job runs
      // becomes the next job (or joins the running one): keep following the running one meanwhile.
      if (jobId !== null) {
        setJob((previous) =>
          previous !== null && (previous.jobId === jobId || previous.done === null) ? previous : newOcrJob(jobId),
        );
      }
      return { error: null, jobId, queued };
    },
    [client],
  );

  const cancel = useCallback(() => {
    if (!job || job.done) return;
    const jobId = job.jobId;
    setJob((previous) => (previous?.jobId === jobId ? { ...previous, cancelling: true } : previous));
    void client.cancelOcr({ jobId }).then((result) => {
      if (!result.ok) {
        setJob((previous) =>
          previous?.jobId === jobId ? { ...previous, cancelling: false, error: result.error.message } : previous,
        );
      }
    });
  }, [client, job]);

  const dismiss = useCallback(() => setJob(null), []);

  return useMemo<OcrJob>(
    () => ({ job, running: job !== null && job.done === null, start, cancel, dismiss }),
    [job, start, cancel, dismiss],
  );
}

/** The workspace's OCR job (see OcrJobContext); null outside one (the views work without it). */
export function useOcrJob(): OcrJob | null {
  return useContext(OcrJobContext);
}
