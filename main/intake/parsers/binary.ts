/** Files no parser understands: kept as bytes, with a hex preview so the analyst can see what they are. */
import type { ParseResult } from '../types.js';
import { type ParserInput, entropy, hexPreview, readHead, result } from './common.js';
import { HEX_PREVIEW_BYTES } from './limits.js';

export async function parseBinary(input: ParserInput, mime = 'application/octet-stream'): Promise<ParseResult> {
  const head = await readHead(input.path, Math.min(input.size, 64 * 1024));
  return result('binary', {
    metadata: {
      mime,
      hexPreview: hexPreview(head.subarray(0, HEX_PREVIEW_BYTES)),
      entropy: Math.round(entropy(head) * 1000) / 1000,
    },
  });
}
