/**
 * `locard graph CASE [--json]`: the case's link-analysis graph — entities (indicators, exhibits, the
 * analyst's entities, enrichment facts) and relationships with their provenance and confidence, plus
 * the suggested links waiting for a decision. Read-only; logged as the case being opened.
 */
import type { CaseGraph, GraphEntity, GraphRelationship } from '../../shared/graph.js';
import type { OpenCase } from '../locker/case-file.js';
import { readSummary } from '../locker/case-file.js';
import { appendCustody } from '../locker/custody.js';
import { readGraph } from '../locker/graph.js';
import { EXIT } from './usage.js';

function provenanceText(r: GraphRelationship): string {
  const p = r.provenance;
  const parts: string[] = [];
  if (r.origin === 'asserted') parts.push(`asserted by ${r.analyst ?? '?'}`);
  if (p.rule) parts.push(p.rule);
  if (p.source)
    parts.push(`${p.source}${p.sourceDate ? `, ${new Date(p.sourceDate).toISOString().slice(0, 10)}` : ''}`);
  if (p.occurrences !== undefined) parts.push(`${String(p.occurrences)}× in ${(p.locations ?? []).join('/')}`);
  if (p.derivation) parts.push(p.derivation);
  if (r.citedExhibits.length > 0) parts.push(`cites ${r.citedExhibits.join(', ')}`);
  return parts.join('; ');
}

function line(graph: Map<string, GraphEntity>, r: GraphRelationship): string {
  const name = (id: string) => graph.get(id)?.name ?? id;
  return `${name(r.source)} —${r.type}→ ${name(r.target)}  [${String(r.confidence)} ${r.confidenceWord}] (${provenanceText(r)})`;
}

export function commandGraph(
  open: OpenCase,
  options: { readonly json?: boolean },
  analyst: string,
  out: (text: string) => void,
): number {
  appendCustody(open.db, {
    analyst,
    action: 'case.opened',
    objectIds: [readSummary(open).caseId],
    details: { via: 'locard graph' },
  });
  const graph: CaseGraph = readGraph(open.db);
  if (options.json) {
    out(JSON.stringify({ case: open.path, ...graph }, null, 2));
    return EXIT.ok;
  }
  const byId = new Map(graph.entities.map((e) => [e.id, e]));
  out(`${String(graph.entities.length)} entities, ${String(graph.relationships.length)} relationships.`);
  for (const r of graph.relationships) out(line(byId, r));
  if (graph.suggestions.length > 0) {
    out('');
    out(`${String(graph.suggestions.length)} suggested links (accept or reject them in the graph view):`);
    for (const s of graph.suggestions) out(`  ${line(byId, s)}`);
  }
  return EXIT.ok;
}
