import type { ReactNode, Ref } from 'react';
import { Check, Undo2, X } from 'lucide-react';
import type { GraphEntity, GraphRelationship } from '../../../../shared/graph.js';
import { formatUtc } from '../../format.js';
import { entityLabel, KIND_LABELS, TYPE_STYLES } from './model.js';

function Row({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <div className="kv-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function TypeSwatch({ entity }: { readonly entity: GraphEntity }) {
  return (
    <span className="graph-type">
      <span className="graph-swatch" style={{ backgroundColor: TYPE_STYLES[entity.type].color }} aria-hidden="true" />
      {TYPE_STYLES[entity.type].label}
    </span>
  );
}

const ORIGIN_LABELS: Record<GraphEntity['origin'], string> = {
  indicator: 'An indicator found in the evidence',
  exhibit: 'An exhibit',
  analyst: 'Created by an analyst',
  enrichment: 'Known from an enrichment fact',
  imported: 'Imported from an exchange file',
};

function Confidence({ rel }: { readonly rel: GraphRelationship }) {
  return (
    <span className="graph-confidence">
      <meter min={0} max={100} value={rel.confidence} aria-hidden="true" />
      <span className="tabular">{rel.confidence}</span>
      <strong>{rel.confidenceWord}</strong>
    </span>
  );
}

function provenanceRows(rel: GraphRelationship): [string, string][] {
  const p = rel.provenance;
  const rows: [string, string][] = [];
  if (p.rule) rows.push(['Rule', p.rule]);
  if (p.derivation) rows.push(['Derivation', p.derivation]);
  if (p.occurrences !== undefined)
    rows.push([
      'Occurrences',
      `${p.occurrences.toLocaleString('en')}${p.locations && p.locations.length > 0 ? ` · ${p.locations.join(', ')}` : ''}`,
    ]);
  if (p.sharedExhibits !== undefined) rows.push(['Shared exhibits', p.sharedExhibits.toLocaleString('en')]);
  if (p.source)
    rows.push(['Source', `${p.source}${p.sourceDate !== undefined ? ` · ${formatUtc(p.sourceDate)}` : ''}`]);
  return rows;
}

interface EntityDetailProps {
  /** The pane takes focus when the analyst opens the detail (Enter on the canvas). */
  readonly ref?: Ref<HTMLElement>;
  readonly entity: GraphEntity;
  /** Relationships touching it that are shown. */
  readonly relationships: readonly GraphRelationship[];
  readonly names: ReadonlyMap<string, string>;
  readonly busy: boolean;
  readonly onUndoMerge: (mergeId: number) => void;
  readonly onSplit: (mergeId: number, member: string) => void;
  readonly onOpenRelationship: (id: string) => void;
  readonly onClose: () => void;
}

export function EntityDetail({
  ref,
  entity,
  relationships,
  names,
  busy,
  onUndoMerge,
  onSplit,
  onOpenRelationship,
  onClose,
}: EntityDetailProps) {
  const mergeIds = [...new Set(entity.aliases.map((alias) => alias.mergeId))];
  return (
    <aside ref={ref} className="detail graph-detail" aria-label="Entity detail" tabIndex={-1}>
      <header className="detail-header">
        <div className="detail-title">
          <span className="detail-label">
            <TypeSwatch entity={entity} />
          </span>
          <h2 className="graph-detail-title">
            <bdi>{entityLabel(entity)}</bdi>
          </h2>
        </div>
        <button type="button" className="icon-button" aria-label="Close detail" title="Close detail" onClick={onClose}>
          <X size={16} aria-hidden="true" />
        </button>
      </header>
      <div className="detail-body">
        <section className="detail-section" aria-label="Entity">
          <dl className="kv">
            <Row label="Type">{TYPE_STYLES[entity.type].label}</Row>
            <Row label="STIX 2.1">
              <span className="mono">{entity.stixType}</span>
            </Row>
            <Row label="Origin">{ORIGIN_LABELS[entity.origin]}</Row>
            {entity.status && <Row label="Verdict">{entity.status}</Row>}
            {entity.flags && entity.flags.length > 0 && <Row label="Flags">{entity.flags.join(', ')}</Row>}
            {entity.kind && <Row label="Kind">{entity.kind}</Row>}
            {entity.description && <Row label="Description">{entity.description}</Row>}
            {entity.importedFrom && (
              <Row label="Imported from">
                {entity.importedFrom.source}
                <span className="faint">
                  {' '}
                  · {entity.importedFrom.exhibit} · {entity.importedFrom.id}
                </span>
              </Row>
            )}
            {entity.createdBy && (
              <Row label="Created">
                {entity.createdBy}
                {entity.createdAt !== undefined && <span className="faint"> · {formatUtc(entity.createdAt)}</span>}
              </Row>
            )}
          </dl>
        </section>

        {entity.aliases.length > 0 && (
          <section className="detail-section" aria-label="Aliases">
            <h3>Aliases</h3>
            <ul className="plain-list graph-aliases">
              {entity.aliases.map((alias) => (
                <li key={`${String(alias.mergeId)}:${alias.id}`}>
                  <div>
                    <strong dir="auto">{alias.name}</strong>
                    <span className="muted small">
                      {' '}
                      asserted by {alias.assertedBy} · {formatUtc(alias.assertedAt)}
                      {alias.source !== '' && ` · from ${alias.source}`}
                    </span>
                  </div>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={busy}
                    title="Take this alias back out as an entity of its own"
                    onClick={() => onSplit(alias.mergeId, alias.id)}
                  >
                    Split
                  </button>
                </li>
              ))}
            </ul>
            <div className="graph-detail-actions">
              {mergeIds.map((mergeId) => (
                <button
                  key={mergeId}
                  type="button"
                  className="button button-small"
                  disabled={busy}
                  onClick={() => onUndoMerge(mergeId)}
                >
                  <Undo2 size={12} aria-hidden="true" />
                  Undo merge{mergeIds.length > 1 ? ` #${String(mergeId)}` : ''}
                </button>
              ))}
            </div>
          </section>
        )}

        <section className="detail-section" aria-label="Relationships">
          <h3>Relationships ({relationships.length.toLocaleString('en')} shown)</h3>
          {relationships.length === 0 ? (
            <p className="muted small">None shown. Select this entity and press L to link it to another.</p>
          ) : (
            <ul className="plain-list graph-rel-list">
              {relationships.slice(0, 200).map((rel) => {
                const outgoing = rel.source === entity.id;
                const other = names.get(outgoing ? rel.target : rel.source) ?? '';
                return (
                  <li key={rel.id}>
                    <button type="button" className="graph-rel" onClick={() => onOpenRelationship(rel.id)}>
                      <span className={`graph-kind graph-kind-${rel.origin}`}>{KIND_LABELS[rel.origin]}</span>
                      <span className="graph-rel-text">
                        {outgoing ? '' : '← '}
                        <span className="mono small">{rel.type}</span>
                        {outgoing ? ' → ' : ' '}
                        <bdi>{other}</bdi>
                      </span>
                      <span className="faint small tabular">{rel.confidence}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      </div>
    </aside>
  );
}

interface RelationshipDetailProps {
  readonly ref?: Ref<HTMLElement>;
  readonly rel: GraphRelationship;
  readonly names: ReadonlyMap<string, string>;
  readonly busy: boolean;
  readonly onAccept: () => void;
  readonly onReject: () => void;
  readonly onRetract: () => void;
  readonly onOpenEntity: (id: string) => void;
  readonly onClose: () => void;
}

export function RelationshipDetail({
  ref,
  rel,
  names,
  busy,
  onAccept,
  onReject,
  onRetract,
  onOpenEntity,
  onClose,
}: RelationshipDetailProps) {
  const end = (id: string) => (
    <button type="button" className="link-button" onClick={() => onOpenEntity(id)}>
      <bdi>{names.get(id) ?? id}</bdi>
    </button>
  );
  return (
    <aside ref={ref} className="detail graph-detail" aria-label="Relationship detail" tabIndex={-1}>
      <header className="detail-header">
        <div className="detail-title">
          <span className="detail-label">
            <span className={`graph-kind graph-kind-${rel.origin}`}>{KIND_LABELS[rel.origin]}</span> relationship
          </span>
          <h2 className="graph-detail-title">
            <span className="mono">{rel.type}</span>
          </h2>
        </div>
        <button type="button" className="icon-button" aria-label="Close detail" title="Close detail" onClick={onClose}>
          <X size={16} aria-hidden="true" />
        </button>
      </header>
      <div className="detail-body">
        <p className="graph-sentence">
          {end(rel.source)} <span className="mono">{rel.type}</span> {end(rel.target)}
        </p>
        {rel.origin === 'suggested' && (
          <div className="graph-suggestion" role="group" aria-label="Suggestion">
            <p className="small">
              Suggested from co-occurrence: both appear in the same exhibits. Accept it to assert the link, or reject it
              and it is not suggested again.
            </p>
            <div className="graph-detail-actions">
              <button type="button" className="button button-small button-primary" disabled={busy} onClick={onAccept}>
                <Check size={12} aria-hidden="true" />
                Accept
              </button>
              <button type="button" className="button button-small" disabled={busy} onClick={onReject}>
                <X size={12} aria-hidden="true" />
                Reject
              </button>
            </div>
          </div>
        )}
        <section className="detail-section" aria-label="Assessment">
          <dl className="kv">
            <Row label="Confidence">
              <Confidence rel={rel} />
            </Row>
            <Row label="Kind">
              {rel.origin === 'derived'
                ? 'Derived from the evidence on every read'
                : rel.origin === 'asserted'
                  ? 'Asserted by an analyst'
                  : 'Suggested, waiting for a decision'}
            </Row>
            <Row label="Cited exhibits">
              {rel.citedExhibits.length === 0 ? (
                <span className="faint">None</span>
              ) : (
                <span className="graph-exhibits">
                  {rel.citedExhibits.map((label) => (
                    <span key={label} className="tag mono">
                      {label}
                    </span>
                  ))}
                </span>
              )}
            </Row>
            {rel.analyst && <Row label="Analyst">{rel.analyst}</Row>}
            {rel.createdAt !== undefined && <Row label="Recorded">{formatUtc(rel.createdAt)}</Row>}
            {rel.updatedAt !== undefined && rel.updatedAt !== rel.createdAt && (
              <Row label="Changed">{formatUtc(rel.updatedAt)}</Row>
            )}
            {rel.note && <Row label="Note">{rel.note}</Row>}
          </dl>
        </section>
        {provenanceRows(rel).length > 0 && (
          <section className="detail-section" aria-label="Provenance">
            <h3>Provenance</h3>
            <dl className="kv">
              {provenanceRows(rel).map(([label, value]) => (
                <Row key={label} label={label}>
                  {value}
                </Row>
              ))}
            </dl>
          </section>
        )}
        {rel.origin === 'asserted' && (
          <div className="graph-detail-actions">
            <button type="button" className="button button-small" disabled={busy} onClick={onRetract}>
              Retract
            </button>
          </div>
        )}
      </div>
    </aside>
  );
}
