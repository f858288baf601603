import { useEffect, useState } from 'react';
import { RefreshCw, ShieldAlert, ShieldCheck } from 'lucide-react';
import type { CustodyEntry, CustodyVerification } from '../../../shared/domain.js';
import { useClient } from '../api/context.js';
import { ErrorMessage } from '../components/Feedback.js';
import { formatUtc } from '../format.js';

const PAGE = 200;

function formatDetails(details: Readonly<Record<string, unknown>>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

function VerificationBanner({ verification }: { readonly verification: CustodyVerification }) {
  if (verification.ok) {
    return (
      <div className="banner banner-ok" role="status">
        <ShieldCheck size={18} aria-hidden="true" />
        <div>
          <strong>
            Chain verified — {verification.entries} {verification.entries === 1 ? 'entry' : 'entries'}, head{' '}
            <span className="mono" title={verification.headHash}>
              {verification.headHash.slice(0, 16)}…
            </span>
          </strong>
          <span className="banner-sub">Checked {formatUtc(verification.verifiedAt)}</span>
        </div>
      </div>
    );
  }
  const broken = verification.firstBroken;
  return (
    <div className="banner banner-broken" role="alert">
      <ShieldAlert size={18} aria-hidden="true" />
      <div>
        <strong>
          Chain broken{broken ? ` at entry #${broken.seq}` : ''}:{' '}
          {broken?.message ?? 'the custody log does not verify.'}
        </strong>
        <span className="banner-sub">
          Checked {formatUtc(verification.verifiedAt)} · {verification.entries} entries. Entries from the break onwards
          cannot be trusted.
        </span>
      </div>
    </div>
  );
}

/** The case's append-only, hash-chained custody log and whether the chain holds. */
export function CustodyView({ revision }: { readonly revision: number }) {
  const client = useClient();
  const [entries, setEntries] = useState<readonly CustodyEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [verification, setVerification] = useState<CustodyVerification | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const [checks, setChecks] = useState(0);

  useEffect(() => {
    let current = true;
    void Promise.all([client.listCustody({ offset: 0, limit: PAGE }), client.verifyCustody({})]).then(
      ([list, verify]) => {
        if (!current) return;
        setBusy(false);
        if (list.ok) {
          setEntries(list.value.entries);
          setTotal(list.value.total);
        }
        if (verify.ok) setVerification(verify.value);
        setError(!list.ok ? list.error.message : !verify.ok ? verify.error.message : null);
      },
    );
    return () => {
      current = false;
    };
  }, [client, revision, checks]);

  const reverify = () => {
    setBusy(true);
    setChecks((count) => count + 1);
  };

  const loadMore = async () => {
    const result = await client.listCustody({ offset: entries.length, limit: PAGE });
    if (result.ok) {
      setEntries((previous) => [...previous, ...result.value.entries]);
      setTotal(result.value.total);
    } else setError(result.error.message);
  };

  return (
    <section className="view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">Custody</h1>
        <p className="view-sub">
          Every action on this case, in order. Each entry carries the SHA-256 of the one before, so an edited or deleted
          entry breaks the chain.
        </p>
        <div className="view-actions">
          <button type="button" className="button" onClick={reverify} disabled={busy}>
            <RefreshCw size={14} aria-hidden="true" className={busy ? 'spin' : undefined} />
            Re-verify chain
          </button>
        </div>
      </header>
      {verification && <VerificationBanner verification={verification} />}
      <ErrorMessage message={error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Custody log, {total} entries</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                Seq
              </th>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Analyst</th>
              <th scope="col">Action</th>
              <th scope="col">Objects</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => {
              const broken = verification?.firstBroken && entry.seq >= verification.firstBroken.seq;
              return (
                <tr key={entry.seq} className={broken ? 'row-broken' : undefined}>
                  <td className="num mono">{entry.seq}</td>
                  <td className="mono nowrap">{formatUtc(entry.at).replace(' UTC', '')}</td>
                  <td>{entry.analyst}</td>
                  <td>
                    <span className="action-tag mono">{entry.action}</span>
                  </td>
                  <td className="mono small" title={entry.objectIds.join('\n')}>
                    {entry.objectIds.map((id) => (
                      <span key={id} className="object-id">
                        {id}
                      </span>
                    ))}
                  </td>
                  <td className="small details" title={`hash ${entry.hash}\nprev ${entry.prevHash}`}>
                    {formatDetails(entry.details)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {entries.length < total && (
        <div className="table-more">
          <span className="muted">
            Showing {entries.length} of {total}
          </span>
          <button type="button" className="button button-small" onClick={() => void loadMore()}>
            Show more
          </button>
        </div>
      )}
    </section>
  );
}
