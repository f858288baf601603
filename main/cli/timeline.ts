/**
 * `locard timeline CASE [--json]`: recomputes the proposals from the evidence (accepted and rejected
 * ones keep their state), then prints the events, proposals, milestones and time to attribution.
 */
import type { OpenCase } from '../locker/case-file.js';
import { readSummary } from '../locker/case-file.js';
import { appendCustody } from '../locker/custody.js';
import { computeProposals, readTimeline } from '../locker/timeline.js';
import { EXIT } from './usage.js';

export function commandTimeline(
  open: OpenCase,
  options: { json?: boolean },
  analyst: string,
  out: (line: string) => void,
): number {
  appendCustody(open.db, {
    analyst,
    action: 'case.opened',
    objectIds: [readSummary(open).caseId],
    details: { via: 'locard timeline' },
  });
  computeProposals(open.db, analyst);
  const timeline = readTimeline(open.db);
  if (options.json) {
    out(JSON.stringify({ case: open.path, ...timeline }, null, 2));
    return EXIT.ok;
  }
  out(`${String(timeline.events.length)} events, ${String(timeline.proposals.length)} proposals.`);
  for (const e of timeline.events) {
    out(
      `${e.start}  ${e.title}${e.unsupported ? '  (unsupported)' : ''}${e.milestones.length ? `  [${e.milestones.join(', ')}]` : ''}`,
    );
  }
  if (timeline.timeToAttribution) out(`Time to attribution: ${timeline.timeToAttribution.text}`);
  return EXIT.ok;
}
