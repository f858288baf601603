/**
 * PDF through pdf.js (pdfjs-dist legacy build for Node; the only module importing it): text per page,
 * the info dictionary with its dates as ISO UTC, and the page count. pdf.js is asked not to evaluate
 * code, load fonts or fetch anything. Files that are not PDFs, or are cut short, are refused.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { ParseResult } from '../types.js';
import { ParseFailure } from '../types.js';
import {
  type ParserInput,
  TextBuilder,
  entropy,
  errorMessage,
  formatBytes,
  readAt,
  readHead,
  result,
} from './common.js';
import { MAX_PDF_BYTES, MAX_PDF_PAGES, MAX_TEXT_BYTES } from './limits.js';

/** The PDF header may follow some junk; ISO 32000-1 readers look in the first 1 KiB. */
const HEADER_WINDOW = 1024;
/** ISO 32000-1 §7.5.5: "%%EOF" ends the file; readers look for it in the last 1 KiB. */
const TRAILER_WINDOW = 1024;
/** Above this many bits per byte a header-less file is random or encrypted data, not a damaged PDF. */
const RANDOM_ENTROPY = 7.5;

const INFO_KEYS = [
  'Title',
  'Author',
  'Subject',
  'Keywords',
  'Creator',
  'Producer',
  'CreationDate',
  'ModDate',
  'Trapped',
] as const;

/** A PDF date ("D:20201022093000Z", "D:20201022113000+02'00'") as ISO UTC, or null. */
export function pdfDateToIso(value: string): string | null {
  const match = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz])|([+-])(\d{2})'?(\d{2})?'?)?/.exec(
    value.trim(),
  );
  if (!match) return null;
  const [
    ,
    year,
    month = '01',
    day = '01',
    hour = '00',
    minute = '00',
    second = '00',
    ,
    sign,
    offsetHours = '00',
    offsetMinutes = '00',
  ] = match;
  const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const utc =
    Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) -
    offset * 60_000;
  if (Number.isNaN(utc) || Number(month) > 12 || Number(day) > 31 || Number(hour) > 23 || Number(minute) > 59)
    return null;
  return new Date(utc).toISOString().replace('.000Z', 'Z');
}

interface TextItemLike {
  readonly str?: string;
  readonly hasEOL?: boolean;
}

export async function parsePdf(input: ParserInput): Promise<ParseResult> {
  const head = await readHead(input.path, Math.min(input.size, 64 * 1024));
  if (!head.subarray(0, HEADER_WINDOW).includes('%PDF-')) {
    throw new ParseFailure(
      entropy(head) > RANDOM_ENTROPY ? 'not a PDF: content is random bytes' : 'not a PDF: there is no %PDF header',
    );
  }
  if (input.size > MAX_PDF_BYTES) {
    throw new ParseFailure(`the PDF is ${formatBytes(input.size)}, past the ${formatBytes(MAX_PDF_BYTES)} limit`);
  }
  const tail = await readAt(input.path, Math.max(0, input.size - TRAILER_WINDOW), TRAILER_WINDOW);
  if (!tail.includes('%%EOF')) {
    throw new ParseFailure('the PDF is damaged: it is cut short (no %%EOF marker at the end)');
  }
  const data = new Uint8Array(await readHead(input.path, input.size));
  let document;
  try {
    document = await getDocument({
      data,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    if (error instanceof Error && error.name === 'PasswordException')
      throw new ParseFailure('the PDF is encrypted with a password');
    throw new ParseFailure(`the PDF is damaged: ${errorMessage(error)}`);
  }
  try {
    const warnings: string[] = [];
    const info: Record<string, string> = {};
    const dates: Record<string, string | null> = {};
    try {
      const metadata = await document.getMetadata();
      const raw = metadata.info as Record<string, unknown>;
      for (const key of INFO_KEYS) {
        const value = raw[key];
        if (typeof value === 'string' && value.trim() !== '') info[key] = value.trim();
      }
      for (const key of ['CreationDate', 'ModDate'] as const) {
        const value = info[key];
        if (value !== undefined) dates[key] = pdfDateToIso(value);
      }
    } catch (error) {
      warnings.push(`The document information could not be read: ${errorMessage(error)}.`);
    }

    const builder = new TextBuilder();
    let textLength = 0;
    const pages = Math.min(document.numPages, MAX_PDF_PAGES);
    if (document.numPages > MAX_PDF_PAGES) {
      warnings.push(
        `Text was extracted from the first ${String(MAX_PDF_PAGES)} of ${String(document.numPages)} pages.`,
      );
    }
    for (let number = 1; number <= pages; number++) {
      try {
        const page = await document.getPage(number);
        const content = await page.getTextContent();
        let pageText = '';
        for (const item of content.items as TextItemLike[]) {
          pageText += item.str ?? '';
          if (item.hasEOL === true) pageText += '\n';
        }
        pageText = pageText.replace(/[ \t]+\n/g, '\n').trim();
        page.cleanup();
        if (textLength + pageText.length > MAX_TEXT_BYTES) {
          warnings.push(
            `Text extraction stopped at page ${String(number)}: the text passed ${formatBytes(MAX_TEXT_BYTES)}.`,
          );
          break;
        }
        if (number > 1) builder.gap('\n\n');
        builder.add(pageText, 'page', String(number));
        textLength += pageText.length;
      } catch (error) {
        warnings.push(`Page ${String(number)} could not be read: ${errorMessage(error)}.`);
      }
    }
    return result('pdf', {
      text: builder.text,
      segments: builder.segments,
      metadata: {
        pages: document.numPages,
        info,
        creationDate: dates.CreationDate ?? null,
        modDate: dates.ModDate ?? null,
      },
      warnings,
    });
  } finally {
    await document.destroy();
  }
}
