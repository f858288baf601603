/**
 * The lane a proposal's event goes in when the analyst accepts it as it is: from where it was read
 * (an e-mail's Date and Received hops → release, a recording's creation → preparation, posts → spread)
 * and, for dates in prose, from the word of its sentence nearest the date ("officials named Iran"
 * → attribution).
 * A lane the case no longer has falls back to the case's first lane.
 */
import type { ProposalLocation, ProposalSource } from '../../shared/timeline.js';

interface LaneRule {
  readonly lane: string;
  readonly words: RegExp;
}

/** Words that put a sentence's date in a lane; the word nearest the date decides. */
const PROSE_RULES: readonly LaneRule[] = [
  {
    lane: 'attribution',
    words: /\battribut\w*|\b(?:was|were) behind\b|\bpointed to\b|\bresponsible for\b|\b(?:named|blamed|accused)\b/gi,
  },
  {
    lane: 'response',
    words:
      /\bsuspend\w*|\btakedown\b|\btook\s+(?:it\s+)?down\b|\bsanction\w*|\bindict\w*|\bterminated\b|\bbanned\b|\bseized\b/gi,
  },
  {
    lane: 'spread',
    words: /\bpost(?:ed|s|ing)?\b|\bshared\b|\bamplif\w*|\bretweet\w*|\bspread\b|\bpushed\b|\bviral\b|\breposted\b/gi,
  },
  {
    lane: 'release',
    words: /\bsent\b|\bwent out\b|\breleased?\b|\bleak(?:ed)?\b|\bdelivered\b|\breceived\b|\barriv\w*/gi,
  },
  {
    lane: 'preparation',
    words:
      /\binto service\b|\bset up\b|\bprovisioned\b|\bcreated\b(?!\s+accounts)|\brecord(?:ed|ing)\b|\brented\b|\bleased\b|\bprepared\b|\bstaged\b|\bcompiled\b/gi,
  },
  {
    lane: 'detection and analysis',
    words:
      /\bdetect\w*|\breport(?:s|ed|ing)?\b|\banaly[sz]\w*|\binvestigat\w*|\bobserved\b|\bidentified\b|\bflagged\b|\bdiscovered\b/gi,
  },
];

/**
 * The lane of the rule word nearest the date in its sentence ("rented … on 6 October 2020, two
 * weeks before the first e-mail went out" → preparation); words after the date count a little
 * farther than words before it.
 */
function proseLane(sentence: string, date: string): string | null {
  const at = Math.max(0, sentence.indexOf(date));
  let best: { lane: string; distance: number } | null = null;
  for (const rule of PROSE_RULES) {
    for (const m of sentence.matchAll(rule.words)) {
      const distance = m.index < at ? at - (m.index + m[0].length) : (m.index - (at + date.length)) * 1.5;
      if (!best || distance < best.distance) best = { lane: rule.lane, distance };
    }
  }
  return best?.lane ?? null;
}

interface ProposalLike {
  readonly source: ProposalSource;
  readonly title: string;
  readonly context: string;
  readonly sourceText: string;
  readonly location: ProposalLocation;
}

/** The default lane (one of shared/timeline.ts DEFAULT_LANES) for what a proposal says. */
export function defaultLane(p: ProposalLike): string {
  switch (p.source) {
    case 'email-date':
    case 'email-received':
      return 'release';
    case 'video':
    case 'exif':
      return 'preparation';
    case 'pdf':
    case 'mhtml':
      return 'detection and analysis';
    case 'platform-row':
    case 'platform-burst':
      return /^Account @|accounts created/.test(p.title) ? 'preparation' : 'spread';
    case 'json':
      if (/created_at|creation/i.test(p.location.label)) return 'preparation';
      if (/export|collect|retriev|archiv/i.test(p.location.label)) return 'detection and analysis';
      return /suspend|banned|removed/i.test(p.context) ? 'response' : 'spread';
    case 'prose':
      return proseLane(p.context, p.sourceText) ?? 'detection and analysis';
  }
}

/** The default lane when the case has it, else the case's first lane ('' when it has none). */
export function suggestLane(p: ProposalLike, lanes: readonly string[]): string {
  const lane = defaultLane(p);
  return lanes.includes(lane) ? lane : (lanes[0] ?? '');
}
