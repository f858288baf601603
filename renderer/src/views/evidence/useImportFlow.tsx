import { useState } from 'react';
import type { CollectionRecord } from '../../../../shared/evidence.js';
import { useClient } from '../../api/context.js';
import { ImportDialog } from './ImportDialog.js';
import { useImportJob } from './useImportJob.js';

/**
 * Starting an import: the system file dialog where the shell has one, else a browser of the file
 * system; either way the collection record is asked for before the job starts.
 */
export function useImportFlow(nativeDialogs: boolean) {
  const client = useClient();
  const imports = useImportJob();
  const [dialog, setDialog] = useState<{ readonly paths: readonly string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const begin = async () => {
    setError(null);
    if (imports.running) return;
    if (!nativeDialogs) {
      setDialog({ paths: [] });
      return;
    }
    const chosen = await client.chooseEvidencePaths({});
    if (!chosen.ok) return setError(chosen.error.message);
    if (chosen.value === null || chosen.value.length === 0) return;
    setDialog({ paths: chosen.value });
  };

  const run = async (paths: readonly string[], collection: CollectionRecord | undefined) => {
    const problem = await imports.start(paths, collection);
    if (problem === null) setDialog(null);
    return problem;
  };

  const element = dialog && (
    <ImportDialog
      initialPaths={dialog.paths}
      showBrowser={!nativeDialogs}
      onImport={run}
      onCancel={() => setDialog(null)}
    />
  );

  return { imports, begin, element, error };
}
