/**
 * The zod schemas of a briefing's content: the API's arguments (main/core/validate.ts) and every row
 * read from or written to the `briefings` table (main/locker/briefings.ts) go through them, so a
 * briefing that does not match the contract in shared/briefing.ts never reaches a renderer.
 */
import { z } from 'zod';
import type { BriefingContent, KeyJudgement } from '../../shared/briefing.js';
import { ANALYTIC_CONFIDENCES } from '../../shared/briefing.js';
import { TLP_MARKINGS } from '../../shared/domain.js';
import { ICD203_BANDS, type Icd203Word } from '../../shared/graph.js';

const noNul = (text: string) => !text.includes('\0');
const text = (max: number) =>
  z
    .string()
    .max(max, `at most ${max.toLocaleString('en')} characters`)
    .refine(noNul, 'no NUL characters');

export const ICD203_WORDS = ICD203_BANDS.map((band) => band.word) as [Icd203Word, ...Icd203Word[]];

/** Limits: a briefing is read in five minutes; these only stop a runaway paste from filling the case. */
export const BRIEFING_LIMITS = {
  title: 300,
  classification: 200,
  bluf: 20_000,
  judgements: 100,
  judgementText: 5_000,
  citations: 200,
  background: 200_000,
  caption: 1_000,
  methodology: 100_000,
  appendix: 400_000,
} as const;

export const briefingIdSchema = z.uuid('not a briefing id');

const exhibitNumber = z.number().int().min(1).max(1e9);
/** Epoch ms between 1900 and 2200. */
const epochMs = z.number().int().min(-2_208_988_800_000).max(7_258_118_400_000);

export const keyJudgementSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a judgement id is 1–40 letters, digits, - or _'),
    text: text(BRIEFING_LIMITS.judgementText),
    likelihood: z.enum(ICD203_WORDS),
    confidence: z.enum(ANALYTIC_CONFIDENCES),
    exhibits: z
      .array(exhibitNumber)
      .max(BRIEFING_LIMITS.citations)
      .refine((list) => new Set(list).size === list.length, 'cite each exhibit once'),
  })
  .strict() satisfies z.ZodType<KeyJudgement>;

const contentFields = {
  title: text(BRIEFING_LIMITS.title)
    .refine((t) => t.trim().length > 0, 'the briefing needs a title')
    .refine((t) => !/[\r\n]/.test(t), 'the title is one line'),
  classification: text(BRIEFING_LIMITS.classification).refine(
    (t) => !/[\r\n]/.test(t),
    'the classification banner is one line',
  ),
  tlp: z.enum(TLP_MARKINGS),
  bluf: text(BRIEFING_LIMITS.bluf),
  judgements: z
    .array(keyJudgementSchema)
    .max(BRIEFING_LIMITS.judgements)
    .refine((list) => new Set(list.map((j) => j.id)).size === list.length, 'each judgement needs its own id'),
  background: text(BRIEFING_LIMITS.background),
  timelineFigure: z
    .object({ from: epochMs, to: epochMs, caption: text(BRIEFING_LIMITS.caption) })
    .strict()
    .refine((range) => range.from <= range.to, 'the timeline range ends before it starts')
    .nullable(),
  graphFigure: z
    .object({
      viewId: z.string().min(1).max(200).refine(noNul, 'no NUL characters'),
      caption: text(BRIEFING_LIMITS.caption),
    })
    .strict()
    .nullable(),
  includeIndicators: z.boolean(),
  includeExhibits: z.boolean(),
  methodology: text(BRIEFING_LIMITS.methodology),
  appendix: text(BRIEFING_LIMITS.appendix),
};

export const briefingContentSchema = z.object(contentFields).strict() satisfies z.ZodType<BriefingContent>;
export const briefingChangeSchema = z.object(contentFields).partial().strict() satisfies z.ZodType<
  Partial<BriefingContent>
>;
