import { Fragment, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight } from 'lucide-react';
import { useClient } from '../../../api/context.js';
import { ErrorMessage } from '../../../components/Feedback.js';
import { numberLines, pageOf, splitHighlight, TEXT_PAGE_CHARS, type TextLine } from './lines.js';
import { ScrollArea } from './ScrollArea.js';

interface Page {
  readonly index: number;
  /** Offset of `text` in the whole extracted text. */
  readonly offset: number;
  readonly text: string;
  /** The line the page starts on, and whether it starts in the middle of it. */
  readonly line: number;
  readonly continues: boolean;
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

const number = (value: number) => value.toLocaleString('en');

/**
 * The extracted text with line numbers, a page of 100,000 characters at a time (a 5 MB log on one
 * line is 53 pages of wrapped text, never one 5 MB DOM line). `highlight` (whole-text UTF-16
 * offsets, from an indicator) opens the page holding it, marks it and scrolls to it.
 */
export function TextView({
  exhibit,
  textLength,
  highlight,
}: {
  readonly exhibit: number;
  readonly textLength: number;
  readonly highlight?: { readonly start: number; readonly end: number } | null;
}) {
  const client = useClient();
  const pageCount = Math.max(1, Math.ceil(textLength / TEXT_PAGE_CHARS));
  const pageFor = (range: { readonly start: number } | null | undefined) =>
    range ? Math.min(pageOf(range.start), pageCount - 1) : 0;
  const [index, setIndex] = useState(() => pageFor(highlight));
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  // A new highlight opens its page (state adjusted while rendering, not in an effect).
  const [seen, setSeen] = useState(highlight);
  if (seen !== highlight) {
    setSeen(highlight);
    if (highlight) setIndex(pageFor(highlight));
  }

  useEffect(() => {
    let live = true;
    const nominal = index * TEXT_PAGE_CHARS;
    // One character either side: the one before says whether the page starts mid-line, the ones
    // after whether its end would split a surrogate pair.
    const from = Math.max(0, nominal - 1);
    void client
      .getExhibitText({ number: exhibit, offset: from, length: TEXT_PAGE_CHARS + 2 + (nominal - from) })
      .then((result) => {
        if (!live) return;
        if (!result.ok) {
          setError(result.error.message);
          return;
        }
        const { text, offset, line } = result.value;
        const at = (position: number) => text.charCodeAt(position - offset);
        let start = nominal;
        if (start > offset && isLow(at(start)) && isHigh(at(start - 1))) start -= 1;
        let end = Math.min(nominal + TEXT_PAGE_CHARS, offset + text.length);
        if (end < offset + text.length && isLow(at(end)) && isHigh(at(end - 1))) end -= 1;
        const before = text.slice(0, Math.max(0, start - offset));
        const newlines = before.split('\n').length - 1;
        setPage({
          index,
          offset: start,
          text: text.slice(start - offset, end - offset),
          line: line + newlines,
          continues: start > 0 && before.length > 0 && !before.endsWith('\n'),
        });
        setError(null);
      });
    return () => {
      live = false;
    };
  }, [client, exhibit, index]);

  const lines: readonly TextLine[] = useMemo(
    () => (page ? numberLines(page.text, page.offset, page.line, page.continues) : []),
    [page],
  );

  // Bring the highlight into view once its page is on screen.
  useEffect(() => {
    if (!highlight || !page) return;
    // Scroll the text area only (scrollIntoView would also scroll the pane and the window).
    const area = scroller.current;
    const mark = area?.querySelector('mark');
    if (area && mark) area.scrollTop = Math.max(0, mark.offsetTop - area.clientHeight / 2);
  }, [highlight, page]);

  if (textLength === 0) return <p className="pv-message">No text was extracted from this item.</p>;

  const lastNumber = lines.reduce((max, line) => Math.max(max, line.number ?? 0), 1);
  const width = Math.max(4, String(lastNumber).length);
  const go = (target: number) => {
    setIndex(Math.min(Math.max(0, target), pageCount - 1));
    scroller.current?.scrollTo({ top: 0 });
  };

  return (
    <div className="pv pv-text">
      {pageCount > 1 && (
        <div className="pv-toolbar" role="toolbar" aria-label="Text pages">
          <button
            type="button"
            className="icon-button icon-button-small"
            aria-label="First page"
            disabled={index === 0}
            onClick={() => go(0)}
          >
            <ChevronsLeft size={15} aria-hidden="true" />
          </button>
          <button
            type="button"
            className="icon-button icon-button-small"
            aria-label="Previous page"
            disabled={index === 0}
            onClick={() => go(index - 1)}
          >
            <ChevronLeft size={15} aria-hidden="true" />
          </button>
          <span className="small tabular">
            Page {number(index + 1)} of {number(pageCount)}
          </span>
          <button
            type="button"
            className="icon-button icon-button-small"
            aria-label="Next page"
            disabled={index >= pageCount - 1}
            onClick={() => go(index + 1)}
          >
            <ChevronRight size={15} aria-hidden="true" />
          </button>
          <button
            type="button"
            className="icon-button icon-button-small"
            aria-label="Last page"
            disabled={index >= pageCount - 1}
            onClick={() => go(pageCount - 1)}
          >
            <ChevronsRight size={15} aria-hidden="true" />
          </button>
          <span className="pv-toolbar-note faint small tabular">
            {page
              ? `characters ${number(page.offset + 1)}–${number(page.offset + page.text.length)} of ${number(textLength)}`
              : ''}
          </span>
        </div>
      )}
      <ErrorMessage message={error} />
      <ScrollArea
        scrollRef={scroller}
        className="pv-stage pv-lines-stage"
        label="Extracted text"
        style={{ '--gutter': `${String(width)}ch` } as CSSProperties}
      >
        <pre className="pv-lines">
          {lines.map((line) => {
            const marked = highlight ? splitHighlight(line, highlight.start, highlight.end) : undefined;
            return (
              <span key={line.start} className="text-line">
                <span className="line-number" aria-hidden="true">
                  {line.number ?? '↪'}
                </span>
                {marked ? (
                  <Fragment>
                    {marked.before}
                    <mark className="pv-hit">{marked.marked}</mark>
                    {marked.after}
                  </Fragment>
                ) : (
                  line.text
                )}
                {'\n'}
              </span>
            );
          })}
        </pre>
      </ScrollArea>
    </div>
  );
}
