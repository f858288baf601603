// PDF text per page, info dates as ISO UTC, and refusals for non-PDFs and cut-short PDFs.
import { afterAll, describe, expect, it } from 'vitest';
import { parsePdf, pdfDateToIso } from '../../../main/intake/parsers/pdf.js';
import { cleanUp, corpusInput, metadataOf } from './corpus.js';

afterAll(cleanUp);

describe('parsePdf', async () => {
  const parsed = await parsePdf(corpusInput('reports/flash-report-FR-2020-1022.pdf'));
  const truth = metadataOf('reports/flash-report-FR-2020-1022.pdf').pdf_info as Record<string, string>;

  it('reads the page count, the info dictionary and its dates as ISO UTC', () => {
    expect(parsed.metadata.pages).toBe(2);
    const info = parsed.metadata.info as Record<string, string>;
    expect(info.Title).toBe(truth.Title);
    expect(info.CreationDate).toBe(truth.CreationDate);
    expect(info.Producer).toMatch(/Skia/);
    expect(parsed.metadata.creationDate).toBe('2020-10-22T09:30:00Z');
    expect(parsed.metadata.modDate).toBe('2020-10-22T09:30:00Z');
  });

  it('gives one page segment per page whose offsets slice out that page', () => {
    const pages = parsed.segments.filter((segment) => segment.kind === 'page');
    expect(pages.map((segment) => segment.label)).toEqual(['1', '2']);
    const first = parsed.text.slice(pages[0]?.start, pages[0]?.end);
    expect(first.startsWith('TLP:CLEAR')).toBe(true);
    expect(first).toContain('FR-2020-1022');
    const second = parsed.text.slice(pages[1]?.start, pages[1]?.end);
    expect(second.length).toBeGreaterThan(0);
    expect(parsed.text.indexOf(second)).toBe(pages[1]?.start);
    expect(pages[0]?.end).toBeLessThanOrEqual(pages[1]?.start ?? 0);
  });

  it('refuses random bytes named .pdf and a PDF cut short', async () => {
    await expect(parsePdf(corpusInput('bad/random-bytes.pdf'))).rejects.toThrow('not a PDF: content is random bytes');
    await expect(parsePdf(corpusInput('bad/truncated-report.pdf'))).rejects.toThrow(/^the PDF is damaged: /);
  });

  it('converts PDF dates with offsets', () => {
    expect(pdfDateToIso("D:20201022113000+02'00'")).toBe('2020-10-22T09:30:00Z');
    expect(pdfDateToIso('D:2020')).toBe('2020-01-01T00:00:00Z');
    expect(pdfDateToIso('yesterday')).toBeNull();
  });
});
