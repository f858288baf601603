import { useEffect, useState } from 'react';
import { ArrowUp, Folder, FileLock2, File } from 'lucide-react';
import type { DirectoryListing } from '../../../shared/domain.js';
import { useClient } from '../api/context.js';
import { ErrorMessage } from './Feedback.js';

interface DirectoryBrowserProps {
  /** Where to start; the home folder when undefined. */
  readonly start?: string;
  /**
   * 'folder': pick the folder being shown. 'case': pick a .locard file. 'evidence': tick any number of
   * files and folders (`chosen`, `onPick` toggles one).
   */
  readonly mode: 'folder' | 'case' | 'evidence';
  readonly onPick: (path: string) => void;
  /** In 'evidence' mode: the paths ticked so far. */
  readonly chosen?: readonly string[];
}

/** A folder browser for the browser shell, which has no system file dialog. */
export function DirectoryBrowser({ start, mode, onPick, chosen = [] }: DirectoryBrowserProps) {
  const client = useClient();
  const [target, setTarget] = useState<string | undefined>(start);
  const [listing, setListing] = useState<DirectoryListing | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void client.listDirectory(target === undefined ? {} : { path: target }).then((result) => {
      if (!current) return;
      if (result.ok) {
        setListing(result.value);
        setError(null);
      } else if (target !== undefined) {
        // The folder does not exist yet (e.g. the default case folder): start from the home folder.
        setTarget(undefined);
      } else {
        setError(result.error.message);
      }
    });
    return () => {
      current = false;
    };
  }, [client, target]);

  const entries = listing?.entries.filter((entry) => mode === 'evidence' || entry.kind !== 'file') ?? [];
  const join = (name: string) => {
    if (!listing) return name;
    const separator = listing.path.includes('\\') && !listing.path.includes('/') ? '\\' : '/';
    return listing.path.endsWith(separator) ? `${listing.path}${name}` : `${listing.path}${separator}${name}`;
  };

  return (
    <div className="browser">
      <div className="browser-bar">
        <button
          type="button"
          className="icon-button"
          aria-label="Parent folder"
          disabled={!listing?.parent}
          onClick={() => {
            if (listing?.parent) setTarget(listing.parent);
          }}
        >
          <ArrowUp size={16} aria-hidden="true" />
        </button>
        <span className="browser-path mono" title={listing?.path}>
          <span dir="ltr">{listing?.path ?? 'Loading…'}</span>
        </span>
        {mode === 'folder' && listing && (
          <button type="button" className="button button-small" onClick={() => onPick(listing.path)}>
            Use this folder
          </button>
        )}
      </div>
      <ErrorMessage message={error} />
      <ul className="browser-list" aria-label={listing ? `Contents of ${listing.path}` : 'Folder contents'}>
        {listing && entries.length === 0 && (
          <li className="browser-empty">
            {mode === 'case'
              ? 'No folders or Locard cases here.'
              : mode === 'evidence'
                ? 'This folder is empty.'
                : 'No folders here.'}
          </li>
        )}
        {mode === 'evidence' &&
          entries.map((entry) => {
            const path = join(entry.name);
            return (
              <li key={entry.name} className="browser-pick">
                <input
                  type="checkbox"
                  aria-label={`Choose ${entry.name}`}
                  checked={chosen.includes(path)}
                  onChange={() => onPick(path)}
                />
                {entry.kind === 'directory' ? (
                  <button type="button" className="browser-entry" onClick={() => setTarget(path)}>
                    <Folder size={15} aria-hidden="true" />
                    <span>{entry.name}</span>
                  </button>
                ) : (
                  <button type="button" className="browser-entry browser-file" onClick={() => onPick(path)}>
                    <File size={15} aria-hidden="true" />
                    <span>{entry.name}</span>
                  </button>
                )}
              </li>
            );
          })}
        {mode !== 'evidence' &&
          entries.map((entry) => (
            <li key={entry.name}>
              {entry.kind === 'directory' ? (
                <button type="button" className="browser-entry" onClick={() => setTarget(join(entry.name))}>
                  <Folder size={15} aria-hidden="true" />
                  <span>{entry.name}</span>
                </button>
              ) : (
                <button
                  type="button"
                  className="browser-entry browser-case"
                  disabled={mode !== 'case'}
                  onClick={() => onPick(join(entry.name))}
                >
                  {mode === 'case' ? <FileLock2 size={15} aria-hidden="true" /> : <File size={15} aria-hidden="true" />}
                  <span>{entry.name}</span>
                </button>
              )}
            </li>
          ))}
      </ul>
    </div>
  );
}
