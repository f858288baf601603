/**
 * One schema per API method. Main treats the renderer as untrusted: `dispatch` checks every argument
 * against these before any handler runs. The `satisfies` clause ties each schema to the contract in
 * shared/api.ts, so a schema that drifts from the contract does not compile.
 */
import { z } from 'zod';
import type { ApiInput, ApiMethod } from '../../shared/api.js';
import { OCR_FRAME_INTERVAL_RANGE_S, OCR_LANGUAGES, TLP_MARKINGS } from '../../shared/domain.js';
import { ENTITY_TYPES, RELATIONSHIP_TYPES } from '../../shared/graph.js';
import { GRAPH_LAYOUTS, GRAPH_VIEW_LIMITS, RELATIONSHIP_KINDS } from '../../shared/graph-view.js';
import { INDICATOR_STATUSES, INDICATOR_TYPES } from '../../shared/indicator-types.js';
import { CONFIDENCES, MILESTONES, TIMELINE_PRECISIONS } from '../../shared/timeline.js';
import { CSV_TABLES, EXPORT_FORMATS } from '../../shared/briefing.js';
import { CSV_IMPORT_KINDS } from '../../shared/exchange.js';
import { BRIEFING_LIMITS, briefingChangeSchema, briefingIdSchema } from '../briefing/schema.js';

const empty = z.object({}).strict();
const path = z
  .string()
  .min(1, 'a file path is required')
  .max(4096, 'the path is too long')
  .refine((p) => !p.includes('\0'), 'a path cannot contain a NUL character');
const passphrase = z
  .string()
  .min(1, 'a passphrase is required')
  .max(1024, 'the passphrase is longer than 1024 characters')
  .refine((p) => !p.includes('\0'), 'a passphrase cannot contain a NUL character');
const title = z.string().trim().min(1, 'the case needs a title').max(200, 'the title is longer than 200 characters');
const tlp = z.enum(TLP_MARKINGS);
const exhibitNumber = z.number().int().min(1).max(1e9);
const indicatorId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

// Graph entity ids: ind:12, exh:2, ent:5, fact:asn:AS64500 (shared/graph.ts).
const entityRef = z
  .string()
  .max(600)
  .regex(/^(ind:\d{1,15}|exh:\d{1,10}|ent:\d{1,15}|fact:(asn|domain|organisation):[^\0]{1,500})$/, 'not an entity id');
const confidence = z.number().int().min(0).max(100);
// A CSV column by its 0-based index (main/exchange/csv-import.ts checks it against the file).
const csvColumn = z.number().int().min(0).max(9999);
const citedExhibits = z.array(exhibitNumber).max(1000);
const mergeId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
// Saved graph views (shared/graph-view.ts): coordinates are model units, bounded so JSON stays sane.
const graphViewId = z.string().regex(/^view:\d{1,15}$/, 'not a saved view id');
const coordinate = z.number().min(-1e9).max(1e9);
const graphPoint = z.object({ x: coordinate, y: coordinate }).strict();
const graphViewState = z
  .object({
    layout: z.enum(GRAPH_LAYOUTS),
    positions: z
      .record(z.string().min(1).max(600), graphPoint)
      .refine((p) => Object.keys(p).length <= GRAPH_VIEW_LIMITS.positions, 'too many positions'),
    filters: z
      .object({
        hiddenTypes: z.array(z.enum(ENTITY_TYPES)).max(ENTITY_TYPES.length),
        hiddenKinds: z.array(z.enum(RELATIONSHIP_KINDS)).max(3),
        minConfidence: z.number().min(0).max(100),
        timeWindow: z.object({ start: z.number(), end: z.number() }).strict().nullable(),
      })
      .strict(),
    hiddenEntities: z.array(z.string().min(1).max(600)).max(GRAPH_VIEW_LIMITS.hiddenEntities),
    zoom: z.number().min(1e-3).max(1e3),
    pan: z.object({ x: z.number(), y: z.number() }).strict(),
    groups: z
      .array(
        z
          .object({
            id: z.string().regex(/^group:\d{1,15}$/, 'not a group id'),
            name: z.string().max(GRAPH_VIEW_LIMITS.groupName),
            members: z.array(z.string().min(1).max(600)).max(GRAPH_VIEW_LIMITS.groupMembers),
          })
          .strict(),
      )
      .max(GRAPH_VIEW_LIMITS.groups),
  })
  .strict();

type Schemas = { [M in ApiMethod]: z.ZodType<ApiInput<M>> };

const noNul = (text: string) => !text.includes('\0');
/** Timeline values as shared/timeline.ts writes them: a year, month, date, or a time (UTC with Z, or local). */
const timelineTime = z
  .string()
  .regex(
    /^\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?)?)?)?$/,
    'write 2020, 2020-10, 2020-10-21, 2020-10-21T02:47:00Z or 2020-10-19T20:40:00',
  );
const timelineEventId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const proposalKey = z.string().min(3).max(2000).refine(noNul, 'no NUL characters');
const timelineFields = {
  title: z.string().trim().min(1, 'give the event a title').max(500).refine(noNul, 'no NUL characters'),
  description: z.string().max(20_000).refine(noNul, 'no NUL characters').optional(),
  start: timelineTime,
  end: timelineTime.nullable().optional(),
  precision: z.enum(TIMELINE_PRECISIONS),
  note: z.string().max(500).refine(noNul, 'no NUL characters').optional(),
  sourceZone: z.string().min(1).max(64).refine(noNul, 'no NUL characters').optional(),
  lane: z.string().max(64).refine(noNul, 'no NUL characters').optional(),
  entities: z.array(z.string().min(1).max(300).refine(noNul, 'no NUL characters')).max(1000).optional(),
  exhibits: z.array(exhibitNumber).max(10_000).optional(),
  confidence: z.enum(CONFIDENCES).optional(),
};
const timelineEvent = z.object(timelineFields).strict();
const timelineEventChange = z.object(timelineFields).partial().strict();

export const API_SCHEMAS = {
  getAppInfo: empty,
  getSettings: empty,
  updateSettings: z
    .object({
      autoLockMinutes: z
        .number()
        .int()
        .min(0)
        .max(24 * 60)
        .optional(),
      analystName: z.string().trim().min(1).max(120).optional(),
      theme: z.enum(['system', 'light', 'dark']).optional(),
      ocrFrameIntervalS: z
        .number()
        .min(OCR_FRAME_INTERVAL_RANGE_S.min, `a frame at most every ${String(OCR_FRAME_INTERVAL_RANGE_S.min)} s`)
        .max(OCR_FRAME_INTERVAL_RANGE_S.max, `a frame at least every ${String(OCR_FRAME_INTERVAL_RANGE_S.max)} s`)
        .optional(),
      ocrLanguages: z
        .array(z.enum(OCR_LANGUAGES))
        .min(1, 'OCR needs at least one language')
        .max(OCR_LANGUAGES.length)
        .refine((languages) => new Set(languages).size === languages.length, 'each language once')
        .optional(),
    })
    .strict(),
  listRecentCases: empty,
  forgetRecentCase: z.object({ path }).strict(),
  listDirectory: z.object({ path: path.optional() }).strict(),
  chooseCasePath: z.object({ purpose: z.enum(['create', 'open']) }).strict(),
  getCaseState: empty,
  createCase: z
    .object({
      path,
      passphrase,
      title,
      analyst: z.string().trim().min(1).max(120).optional(),
      tlp: tlp.optional(),
      description: z.string().max(10_000).optional(),
    })
    .strict(),
  openCase: z.object({ path, passphrase }).strict(),
  selectCase: z.object({ path }).strict(),
  unlockCase: z.object({ passphrase }).strict(),
  lockCase: empty,
  closeCase: empty,
  updateCaseMetadata: z
    .object({ title: title.optional(), description: z.string().max(10_000).optional(), tlp: tlp.optional() })
    .strict(),
  changePassphrase: z.object({ current: passphrase, next: passphrase }).strict(),
  listCustody: z
    .object({
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
      objectId: z.string().min(1).max(200).optional(),
    })
    .strict(),
  verifyCustody: empty,
  listExhibits: empty,
  getExhibit: z.object({ number: exhibitNumber }).strict(),
  getExhibitPreviews: z.object({ number: exhibitNumber }).strict(),
  // Seconds into the video; a week is far past any recording (the duration check is the handler's).
  saveVideoFrame: z
    .object({
      number: exhibitNumber,
      timeS: z
        .number()
        .min(0)
        .max(7 * 24 * 3600),
    })
    .strict(),
  updateExhibit: z
    .object({
      number: exhibitNumber,
      tags: z.array(z.string().trim().min(1).max(64)).max(100).optional(),
      notes: z.string().max(100_000).optional(),
    })
    .strict(),
  readExhibitBytes: z
    .object({
      number: exhibitNumber,
      offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      length: z
        .number()
        .int()
        .min(1)
        .max(64 * 1024, 'at most 64 KiB at once'),
    })
    .strict(),
  getExhibitText: z
    .object({
      number: exhibitNumber,
      offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
      length: z
        .number()
        .int()
        .min(1)
        .max(1024 * 1024, 'at most 1,048,576 characters at once')
        .optional(),
    })
    .strict(),
  searchEvidence: z
    .object({ query: z.string().max(1000), limit: z.number().int().min(1).max(500).optional() })
    .strict(),
  chooseEvidencePaths: empty,
  importEvidence: z
    .object({
      paths: z.array(path).min(1, 'choose at least one file or folder').max(10_000).optional(),
      uploadId: z.uuid().optional(),
      collection: z
        .object({
          source: z.string().max(2000).optional(),
          method: z.string().max(500).optional(),
          collector: z.string().max(200).optional(),
          notes: z.string().max(10_000).optional(),
        })
        .strict()
        .optional(),
    })
    .strict()
    .refine(
      (input) => (input.paths === undefined) !== (input.uploadId === undefined),
      'choose at least one file or folder (paths), or import dropped files (uploadId) — one of the two',
    ),
  cancelImport: z.object({ jobId: z.uuid() }).strict(),
  listIndicators: z
    .object({
      types: z.array(z.enum(INDICATOR_TYPES)).max(INDICATOR_TYPES.length).optional(),
      includeDismissed: z.boolean().optional(),
    })
    .strict(),
  getIndicator: z.object({ id: indicatorId }).strict(),
  updateIndicators: z
    .object({
      ids: z.array(indicatorId).min(1, 'choose at least one indicator').max(10_000),
      status: z.enum(INDICATOR_STATUSES).optional(),
      addTags: z.array(z.string().trim().min(1).max(64)).max(100).optional(),
      removeTags: z.array(z.string().trim().min(1).max(64)).max(100).optional(),
      notes: z.string().max(100_000).optional(),
    })
    .strict(),
  importEnrichmentCsv: z.object({ path }).strict(),
  importExchangeFile: z.object({ path }).strict(),
  previewCsvImport: z.object({ path }).strict(),
  importCsv: z
    .object({
      path,
      kind: z.enum(CSV_IMPORT_KINDS),
      mapping: z
        .object({
          value: csvColumn,
          type: csvColumn.nullable(),
          fixedType: z.string().trim().min(1).max(40).refine(noNul, 'no NUL characters').optional(),
          description: csvColumn.nullable(),
          tags: csvColumn.nullable(),
        })
        .strict(),
    })
    .strict(),
  startOcr: z
    .object({ numbers: z.array(exhibitNumber).min(1, 'choose at least one exhibit').max(100_000).optional() })
    .strict(),
  cancelOcr: z.object({ jobId: z.uuid() }).strict(),
  getExhibitOcr: z.object({ number: exhibitNumber }).strict(),
  getGraph: empty,
  createEntity: z
    .object({
      type: z.enum(ENTITY_TYPES).refine((t) => t !== 'exhibit', 'exhibits come from imports, not from the graph'),
      name: z.string().trim().min(1, 'the entity needs a name').max(500),
      description: z.string().max(100_000).optional(),
    })
    .strict(),
  createRelationship: z
    .object({
      type: z.enum(RELATIONSHIP_TYPES),
      source: entityRef,
      target: entityRef,
      confidence,
      citedExhibits: citedExhibits.optional(),
      note: z.string().max(100_000).optional(),
    })
    .strict(),
  updateRelationship: z
    .object({
      id: z.string().regex(/^r:\d{1,15}$/, 'only asserted relationships (r:<n>) change'),
      confidence: confidence.optional(),
      citedExhibits: citedExhibits.optional(),
      note: z.string().max(100_000).optional(),
      retract: z.boolean().optional(),
    })
    .strict(),
  acceptSuggestion: z
    .object({
      id: z.string().min(3).max(1300).startsWith('s:'),
      type: z.enum(RELATIONSHIP_TYPES).optional(),
      confidence: confidence.optional(),
    })
    .strict(),
  rejectSuggestion: z.object({ id: z.string().min(3).max(1300).startsWith('s:') }).strict(),
  mergeEntities: z
    .object({
      target: entityRef,
      members: z.array(entityRef).min(1, 'choose at least one entity to merge').max(1000),
      source: z.string().trim().max(2000).optional(),
    })
    .strict(),
  undoMerge: z.object({ mergeId }).strict(),
  splitEntity: z.object({ mergeId, member: entityRef }).strict(),
  listGraphViews: empty,
  getGraphView: z.object({ id: graphViewId }).strict(),
  saveGraphView: z
    .object({
      id: graphViewId.optional(),
      name: z
        .string()
        .trim()
        .min(1, 'the view needs a name')
        .max(GRAPH_VIEW_LIMITS.name)
        .refine((text) => !text.includes('\0'), 'a name cannot contain a NUL character'),
      state: graphViewState,
    })
    .strict(),
  deleteGraphView: z.object({ id: graphViewId }).strict(),
  listTimeline: empty,
  proposeEvents: empty,
  acceptProposal: z.object({ key: proposalKey, edits: timelineEventChange.optional() }).strict(),
  rejectProposal: z.object({ key: proposalKey }).strict(),
  createEvent: timelineEvent,
  updateEvent: z.object({ id: timelineEventId, change: timelineEventChange }).strict(),
  deleteEvent: z.object({ id: timelineEventId }).strict(),
  setMilestone: z.object({ milestone: z.enum(MILESTONES), eventId: timelineEventId.nullable() }).strict(),
  setTimelineLanes: z
    .object({
      lanes: z.array(z.string().trim().min(1).max(64).refine(noNul, 'no NUL characters')).min(1).max(50),
      // A renamed or removed lane's events move: `to` another lane, or '' for none.
      moves: z
        .array(
          z
            .object({
              from: z.string().max(64).refine(noNul, 'no NUL characters'),
              to: z.string().max(64).refine(noNul, 'no NUL characters'),
            })
            .strict(),
        )
        .max(100)
        .optional(),
    })
    .strict(),
  listExhibitTimes: empty,
  listBriefings: empty,
  getBriefing: z.object({ id: briefingIdSchema }).strict(),
  createBriefing: z
    .object({
      title: z
        .string()
        .trim()
        .min(1, 'the briefing needs a title')
        .max(BRIEFING_LIMITS.title)
        .refine((t) => noNul(t) && !/[\r\n]/.test(t), 'the title is one line')
        .optional(),
      copyOf: briefingIdSchema.optional(),
    })
    .strict(),
  updateBriefing: z.object({ id: briefingIdSchema, change: briefingChangeSchema }).strict(),
  deleteBriefing: z.object({ id: briefingIdSchema }).strict(),
  renderBriefingHtml: z.object({ id: briefingIdSchema.optional() }).strict(),
  chooseExportPath: z
    .object({
      format: z.enum(EXPORT_FORMATS),
      suggestedName: z
        .string()
        .min(1)
        .max(255)
        .refine((name) => noNul(name) && !/[\\/]/.test(name), 'a file name, without folders'),
    })
    .strict(),
  exportCase: z
    .object({
      format: z.enum(EXPORT_FORMATS),
      path,
      overwrite: z.boolean().optional(),
      briefingId: briefingIdSchema.optional(),
      table: z.enum(CSV_TABLES).optional(),
    })
    .strict(),
  noteActivity: empty,
  openSampleCase: empty,
} satisfies Schemas;

/** The analyst-readable reason an argument was refused. */
export function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'The request was not valid.';
  const where = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return `Invalid request — ${where}${first.message}.`;
}
