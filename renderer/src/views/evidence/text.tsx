import type { ReactNode } from 'react';
import { SEARCH_MARK_END, SEARCH_MARK_START } from '../../../../shared/evidence.js';

const ESCAPE = /(\\u\{[0-9a-fA-F]+\})/;

/** A display name with its escaped control/bidi characters set apart in monospace. */
export function ExhibitName({ name }: { readonly name: string }) {
  if (!ESCAPE.test(name)) return <>{name}</>;
  return (
    <>
      {name.split(ESCAPE).map((part, index) =>
        index % 2 === 1 ? (
          // The split alternates text and escapes; positions are stable for a given name.
          <code key={`${index}:${part}`} className="escaped" title="An escaped control or direction character">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** A search snippet with its \u0002…\u0003 matches as <mark>; everything stays a text node. */
export function Snippet({ text }: { readonly text: string }) {
  const parts: ReactNode[] = [];
  let rest = text;
  let key = 0;
  while (rest.length > 0) {
    const start = rest.indexOf(SEARCH_MARK_START);
    if (start < 0) {
      parts.push(rest.replaceAll(SEARCH_MARK_END, ''));
      break;
    }
    if (start > 0) parts.push(rest.slice(0, start).replaceAll(SEARCH_MARK_END, ''));
    const end = rest.indexOf(SEARCH_MARK_END, start + 1);
    const match = rest.slice(start + 1, end < 0 ? undefined : end);
    parts.push(<mark key={key++}>{match.replaceAll(SEARCH_MARK_START, '')}</mark>);
    rest = end < 0 ? '' : rest.slice(end + 1);
  }
  return <>{parts}</>;
}
