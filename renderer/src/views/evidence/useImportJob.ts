import { useCallback, useEffect, useState } from 'react';
import type { CollectionRecord, ImportFileOutcome, ImportProgress } from '../../../../shared/evidence.js';
import { useClient } from '../../api/context.js';

export interface ImportJobState {
  /** null until importEvidence answers (progress events may arrive first). */
  readonly jobId: string | null;
  readonly fileCount: number;
  readonly filesDone: number;
  readonly current: { readonly path: string; readonly bytesDone: number; readonly bytesTotal: number } | null;
  readonly outcomes: readonly ImportFileOutcome[];
  readonly done: NonNullable<ImportProgress['done']> | null;
  readonly cancelling: boolean;
  readonly error: string | null;
}

const PENDING: ImportJobState = {
  jobId: null,
  fileCount: 0,
  filesDone: 0,
  current: null,
  outcomes: [],
  done: null,
  cancelling: false,
  error: null,
};

function apply(previous: ImportJobState | null, event: ImportProgress): ImportJobState | null {
  let state = previous;
  if (state === null) state = { ...PENDING, jobId: event.jobId };
  else if (state.jobId === null) state = { ...state, jobId: event.jobId };
  else if (state.jobId !== event.jobId) {
    // Another job: follow it only once ours has finished.
    if (state.done === null) return state;
    state = { ...PENDING, jobId: event.jobId };
  }
  if (event.done) {
    return {
      ...state,
      done: event.done,
      current: null,
      fileCount: Math.max(state.fileCount, event.fileCount),
      cancelling: false,
    };
  }
  if (event.outcome) {
    return {
      ...state,
      fileCount: event.fileCount,
      filesDone: event.fileIndex >= 0 ? state.filesDone + 1 : state.filesDone,
      outcomes: [...state.outcomes, event.outcome],
      current: null,
    };
  }
  return {
    ...state,
    fileCount: event.fileCount,
    current: { path: event.path, bytesDone: event.bytesDone, bytesTotal: event.bytesTotal },
  };
}

/** The one import job this window follows: started here, tracked through `importProgress` events. */
export function useImportJob() {
  const client = useClient();
  const [job, setJob] = useState<ImportJobState | null>(null);

  useEffect(() => client.on('importProgress', (event) => setJob((previous) => apply(previous, event))), [client]);

  /** Import paths, or the files the browser shell staged from a drop (`{ uploadId }`). */
  const start = useCallback(
    async (
      what: readonly string[] | { readonly uploadId: string },
      collection: CollectionRecord | undefined,
    ): Promise<string | null> => {
      const source = 'uploadId' in what ? { uploadId: what.uploadId } : { paths: what };
      const result = await client.importEvidence(collection ? { ...source, collection } : source);
      if (!result.ok) return result.error.message;
      const jobId = result.value.jobId;
      setJob((previous) =>
        previous !== null && (previous.jobId === null || previous.jobId === jobId)
          ? { ...previous, jobId }
          : { ...PENDING, jobId },
      );
      return null;
    },
    [client],
  );

  const cancel = useCallback(() => {
    if (!job?.jobId || job.done) return;
    const jobId = job.jobId;
    setJob((previous) => (previous ? { ...previous, cancelling: true } : previous));
    void client.cancelImport({ jobId }).then((result) => {
      if (!result.ok) setJob((previous) => (previous ? { ...previous, error: result.error.message } : previous));
    });
  }, [client, job]);

  const dismiss = useCallback(() => setJob(null), []);

  const running = job !== null && job.done === null;
  return { job, running, start, cancel, dismiss };
}

export type ImportJob = ReturnType<typeof useImportJob>;
