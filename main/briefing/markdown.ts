/**
 * The briefing as Markdown (CommonMark with GFM tables): the same sections as the HTML. User text is
 * escaped so that it stays text (no link, image or raw HTML a viewer would load); indicators and
 * hashes sit in code spans, defanged. Figures become what they show: the timeline's events as a
 * table, the infrastructure graph as its list of links.
 */
import { plural, timelineCaptionText, utcText, INDICATOR_TYPE_NAMES, type BriefingDocument } from './model.js';
import { formatBytes } from '../../shared/format.js';
import { judgementAssessment } from './html.js';
import { markingText, TLP_DEFINITIONS, tlpLabel } from './marking.js';

/** Backslash-escape what Markdown would read as markup; "<" and "&" become entities. */
export function mdText(text: string): string {
  return text
    .replace(/[\\`*_[\]{}()#+!|~>]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(
      /^(\s*)([-+]|\d+[.)])(\s)/gm,
      (_m, pre: string, mark: string, post: string) => `${pre}${mark.replace(/[-+.)]/, (c) => `\\${c}`)}${post}`,
    );
}

/** A code span that holds any text (backticks inside get a longer fence). */
export function mdCode(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

function cell(text: string): string {
  return mdText(text).replace(/\r?\n/g, ' ');
}

function mdParagraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => p.split('\n').map(mdText).join('  \n'))
    .join('\n\n');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export function renderMarkdown(doc: BriefingDocument): string {
  const marking = markingText(doc.classification, doc.tlp);
  const out: string[] = [];
  out.push(`**${mdText(marking)}**`, '');
  out.push(`# ${mdText(doc.title)}`, '');
  out.push(
    `Case: ${mdText(doc.caseTitle)} · Produced ${utcText(doc.generatedAt)} by ${mdText(doc.generatedBy)} · ${doc.kind === 'standard' ? 'Standard case briefing, generated from the case' : `Briefing ${doc.briefingId ?? ''}`}`,
    '',
    `**${tlpLabel(doc.tlp)}**: ${mdText(TLP_DEFINITIONS[doc.tlp])}`,
    '',
  );
  out.push('## Bottom line up front', '', doc.bluf ? mdParagraphs(doc.bluf) : '_Not written yet._', '');
  if (doc.kind === 'standard') {
    out.push('## Key facts', '', ...doc.facts.map((f) => `- ${mdText(f)}`), '');
  } else {
    out.push('## Key judgements', '');
    if (doc.judgements.length === 0) out.push('_No key judgements written yet._', '');
    doc.judgements.forEach((j, i) => {
      out.push(`${String(i + 1)}. **${mdText(j.text)}**  `, `   ${mdText(judgementAssessment(j))}`);
      if (j.citations.length === 0) out.push('   - No exhibit cited.');
      for (const c of j.citations)
        out.push(`   - ${c.label} (SHA-256 ${mdCode(c.sha256 || 'unknown')}) ${mdText(c.name)}`);
      out.push('');
    });
  }
  if (doc.background) out.push('## Background', '', mdParagraphs(doc.background), '');
  if (doc.timeline) {
    const t = doc.timeline;
    out.push('## Timeline', '', `_${mdText(timelineCaptionText(t))}_`, '');
    if (t.events.length)
      out.push(
        table(
          ['#', 'When', 'Event', 'Lane', 'Exhibits'],
          t.events.map((e) => [
            String(e.n),
            cell(e.when),
            `${cell(e.title)}${e.milestones.length ? ` (**${e.milestones.join(', ')}**)` : ''}`,
            cell(e.lane || '—'),
            e.exhibits.join(', ') || 'unsupported',
          ]),
        ),
        '',
      );
  }
  if (doc.graph) {
    const g = doc.graph;
    const names = new Map(g.nodes.map((n) => [n.id, n.name]));
    out.push('## Infrastructure', '', `_${mdText(`${g.caption}${g.note ? ` ${g.note}` : ''}`)}_`, '');
    if (g.edges.length)
      out.push(
        table(
          ['Source', 'Link', 'Target', 'Confidence'],
          g.edges.map((e) => [
            mdCode(names.get(e.source) ?? e.source),
            e.type,
            mdCode(names.get(e.target) ?? e.target),
            String(e.confidence),
          ]),
        ),
        '',
      );
  }
  if (doc.indicators) {
    out.push('## Indicators', '');
    if (doc.indicators.length === 0) out.push('_No indicators remain after review._', '');
    else
      out.push(
        `${plural(doc.indicators.length, 'indicator')}, defanged; those marked benign or false positive are left out.`,
        '',
        table(
          ['Type', 'Value', 'Exhibits', 'First imported', 'Enrichment'],
          doc.indicators.map((i) => [
            INDICATOR_TYPE_NAMES[i.type],
            mdCode(i.value),
            String(i.exhibits),
            utcText(i.firstSeen).slice(0, 10),
            cell(i.context),
          ]),
        ),
        '',
      );
  }
  if (doc.exhibits) {
    out.push('## Exhibits', '');
    if (doc.exhibits.length === 0) out.push('_The case holds no exhibits._', '');
    else
      out.push(
        table(
          ['No.', 'Name', 'SHA-256', 'Collected (when, by whom, how)'],
          doc.exhibits.map((e) => [
            e.label,
            `${cell(e.name)} (${cell(e.kind)}, ${formatBytes(e.size)})`,
            mdCode(e.sha256),
            cell(
              [
                `${utcText(e.importedAt)} by ${e.collector || e.importedBy}`,
                e.method ? `method: ${e.method}` : '',
                e.source ? `source: ${e.source}` : '',
                e.derivedFrom ? `derived from ${e.derivedFrom}` : '',
              ]
                .filter(Boolean)
                .join('; '),
            ),
          ]),
        ),
        '',
      );
  }
  const c = doc.custody;
  out.push(
    '## Methodology and custody',
    '',
    mdParagraphs(doc.methodology),
    '',
    '### Custody statement',
    '',
    `The case's custody log held ${plural(c.entries, 'entry', 'entries')} when this document was produced. Head hash (SHA-256 of the last entry): ${mdCode(c.headHash)}`,
    '',
    `${c.intact ? '' : '**'}${mdText(c.result)}${c.intact ? '' : '**'} Verified ${utcText(c.verifiedAt)}.`,
    '',
    'This export is itself recorded in the custody log, in an entry after that head, with the SHA-256 of the file written.',
    '',
  );
  if (doc.appendix) out.push('## Appendix', '', mdParagraphs(doc.appendix), '');
  out.push('---', '', `**${mdText(marking)}**`, '');
  return out.join('\n');
}
