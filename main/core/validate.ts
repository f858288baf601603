/**
 * One schema per API method. Main treats the renderer as untrusted: `dispatch` checks every argument
 * against these before any handler runs. The `satisfies` clause ties each schema to the contract in
 * shared/api.ts, so a schema that drifts from the contract does not compile.
 */
import { z } from 'zod';
import type { ApiInput, ApiMethod } from '../../shared/api.js';
import { TLP_MARKINGS } from '../../shared/domain.js';

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

type Schemas = { [M in ApiMethod]: z.ZodType<ApiInput<M>> };

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
  updateExhibit: z
    .object({
      number: exhibitNumber,
      tags: z.array(z.string().trim().min(1).max(64)).max(100).optional(),
      notes: z.string().max(100_000).optional(),
    })
    .strict(),
  searchEvidence: z
    .object({ query: z.string().max(1000), limit: z.number().int().min(1).max(500).optional() })
    .strict(),
  chooseEvidencePaths: empty,
  importEvidence: z
    .object({
      paths: z.array(path).min(1, 'choose at least one file or folder').max(10_000),
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
    .strict(),
  cancelImport: z.object({ jobId: z.uuid() }).strict(),
  noteActivity: empty,
} satisfies Schemas;

/** The analyst-readable reason an argument was refused. */
export function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'The request was not valid.';
  const where = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return `Invalid request — ${where}${first.message}.`;
}
