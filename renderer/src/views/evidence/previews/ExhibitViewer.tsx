import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ExhibitDetail, ExhibitSummary } from '../../../../../shared/evidence.js';
import type { OccurrenceLocation } from '../../../../../shared/indicator-types.js';
import { useClient } from '../../../api/context.js';
import { MetadataTable } from '../Metadata.js';
import { EmailView } from './EmailView.js';
import { HexView } from './HexView.js';
import { HtmlExhibitView } from './HtmlView.js';
import { ImageView } from './ImageView.js';
import { OcrView } from './OcrView.js';
import { PdfView } from './PdfView.js';
import { ScrollArea } from './ScrollArea.js';
import { TextView } from './TextView.js';
import { frameRate } from './timecode.js';
import { VideoView } from './VideoView.js';

export type ViewerTab = 'preview' | 'ocr' | 'text' | 'hex' | 'metadata';
export type PreviewKind = 'image' | 'video' | 'audio' | 'pdf' | 'email' | 'html' | 'mhtml';

const PREVIEWS: Readonly<Record<string, PreviewKind>> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  pdf: 'pdf',
  email: 'email',
  html: 'html',
  mhtml: 'mhtml',
};

const PREVIEW_LABEL: Readonly<Record<PreviewKind, string>> = {
  image: 'Image',
  video: 'Video',
  audio: 'Audio',
  pdf: 'Pages',
  email: 'Message',
  html: 'Page',
  mhtml: 'Page',
};

const TAB_LABEL: Readonly<Record<Exclude<ViewerTab, 'preview'>, string>> = {
  ocr: 'OCR',
  text: 'Text',
  hex: 'Hex',
  metadata: 'Metadata',
};

export function previewKindOf(kind: string): PreviewKind | null {
  return PREVIEWS[kind] ?? null;
}

/** The tab an indicator's location opens: OCR boxes and PDF pages in the preview, the rest in the text. */
export function tabForLocation(location: OccurrenceLocation, preview: PreviewKind | null): ViewerTab {
  if (location.kind === 'ocr' && (preview === 'image' || preview === 'video')) return 'preview';
  if (location.kind === 'page' && preview === 'pdf') return 'preview';
  return 'text';
}

function defaultTab(detail: ExhibitDetail, preview: PreviewKind | null): ViewerTab {
  if (preview) return 'preview';
  if (detail.textLength > 0) return 'text';
  return detail.kind === 'binary' ? 'hex' : 'metadata';
}

function activeContentOf(metadata: Readonly<Record<string, unknown>>): readonly string[] {
  const value = metadata.activeContent;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The viewer at the top of the detail pane: a tab per way of looking at the exhibit — its preview
 * (chosen by kind), the extracted text, the stored bytes in hex, and the parser's metadata. Arrow
 * keys, Home and End move between tabs. `focus` (from the Indicators view) opens the right tab at the
 * right place. Mount it with `key={number}`: each exhibit starts fresh.
 */
export function ExhibitViewer({
  detail,
  focus,
  initialTab,
  onSelect,
  onFrameSaved,
}: {
  readonly detail: ExhibitDetail;
  readonly focus?: OccurrenceLocation | undefined;
  /** Where to start when there is no focus; ignored if this exhibit has no such tab. */
  readonly initialTab?: ViewerTab | undefined;
  readonly onSelect: (number: number) => void;
  readonly onFrameSaved: (summary: ExhibitSummary, timeS: number) => void;
}) {
  const client = useClient();
  const preview = previewKindOf(detail.kind);
  const tabs: readonly ViewerTab[] = useMemo(
    () => [
      ...(preview ? (['preview'] as const) : []),
      // Text read from the pixels, per picture or per video frame.
      ...(preview === 'image' || preview === 'video' ? (['ocr'] as const) : []),
      ...(detail.textLength > 0 ? (['text'] as const) : []),
      'hex',
      'metadata',
    ],
    [preview, detail.textLength],
  );
  const [tab, setTab] = useState<ViewerTab>(() =>
    focus
      ? tabForLocation(focus, preview)
      : initialTab && tabs.includes(initialTab)
        ? initialTab
        : defaultTab(detail, preview),
  );
  const shown = tabs.includes(tab) ? tab : (tabs[0] ?? 'metadata');
  const tabRefs = useRef(new Map<ViewerTab, HTMLButtonElement>());
  const id = useId();

  // A new location opens its tab (state adjusted while rendering, not in an effect).
  const [seen, setSeen] = useState(focus);
  // A frame chosen in the OCR tab (it wins over `focus` until a new location arrives).
  const [picked, setPicked] = useState<{ readonly timeS: number; readonly box: null } | null>(null);
  if (seen !== focus) {
    setSeen(focus);
    setPicked(null);
    if (focus) setTab(tabForLocation(focus, preview));
  }

  const url = client.contentUrl(detail.number);
  const highlight = useMemo(
    () => (focus && focus.kind !== 'ocr' ? { start: focus.start, end: focus.end } : null),
    [focus],
  );
  const imageBox = focus?.kind === 'ocr' && (focus.frameTimeS ?? null) === null ? (focus.box ?? null) : null;
  const videoFocus = useMemo(
    () =>
      picked ??
      (focus?.kind === 'ocr' && typeof focus.frameTimeS === 'number'
        ? { timeS: focus.frameTimeS, box: focus.box ?? null }
        : null),
    [focus, picked],
  );
  const pdfPage = focus?.kind === 'page' && /^\d+$/.test(focus.label) ? Number(focus.label) : undefined;

  const onTabKey = (event: KeyboardEvent) => {
    const at = tabs.indexOf(shown);
    const next =
      event.key === 'ArrowRight'
        ? tabs[(at + 1) % tabs.length]
        : event.key === 'ArrowLeft'
          ? tabs[(at - 1 + tabs.length) % tabs.length]
          : event.key === 'Home'
            ? tabs[0]
            : event.key === 'End'
              ? tabs[tabs.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    setTab(next);
    tabRefs.current.get(next)?.focus();
  };

  const label = (value: ViewerTab) =>
    value === 'preview' && preview ? PREVIEW_LABEL[preview] : value === 'preview' ? 'Preview' : TAB_LABEL[value];

  return (
    <section className="viewer" aria-label="Viewer">
      <div className="viewer-tabs" role="tablist" aria-label="View the exhibit as">
        {tabs.map((value) => (
          <button
            key={value}
            ref={(element) => {
              if (element) tabRefs.current.set(value, element);
              else tabRefs.current.delete(value);
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${value}`}
            aria-selected={value === shown}
            aria-controls={`${id}-panel`}
            tabIndex={value === shown ? 0 : -1}
            className={`viewer-tab${value === shown ? ' is-active' : ''}`}
            onClick={() => setTab(value)}
            onKeyDown={onTabKey}
          >
            {label(value)}
          </button>
        ))}
      </div>
      <div className="viewer-panel" role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${shown}`}>
        {shown === 'preview' && preview === 'image' && <ImageView url={url} name={detail.displayName} box={imageBox} />}
        {shown === 'preview' && preview === 'video' && (
          <VideoView
            number={detail.number}
            url={url}
            fps={frameRate(detail.metadata)}
            focus={videoFocus}
            onFrameSaved={onFrameSaved}
          />
        )}
        {shown === 'preview' && preview === 'audio' && (
          <div className="pv pv-audio">
            {/* Evidence has no captions to offer. */}
            {/* eslint-disable-next-line jsx-a11y/media-has-caption */}
            <audio src={url} controls preload="metadata" aria-label="Audio exhibit" />
          </div>
        )}
        {shown === 'preview' && preview === 'pdf' && <PdfView url={url} page={pdfPage} />}
        {shown === 'preview' && preview === 'email' && <EmailView detail={detail} url={url} onSelect={onSelect} />}
        {shown === 'preview' && (preview === 'html' || preview === 'mhtml') && (
          <HtmlExhibitView
            url={url}
            kind={preview}
            name={detail.displayName}
            activeContent={activeContentOf(detail.metadata)}
          />
        )}
        {shown === 'ocr' && (
          <OcrView
            number={detail.number}
            label={detail.label}
            video={preview === 'video'}
            onShowPicture={(timeS) => {
              if (timeS !== null) setPicked({ timeS, box: null });
              setTab('preview');
              // The button pressed goes away with its tab: keyboard focus goes to the picture's tab.
              tabRefs.current.get('preview')?.focus();
            }}
          />
        )}
        {shown === 'text' && <TextView exhibit={detail.number} textLength={detail.textLength} highlight={highlight} />}
        {shown === 'hex' && <HexView exhibit={detail.number} size={detail.size} />}
        {shown === 'metadata' && (
          <ScrollArea className="pv pv-stage pv-metadata" label="Metadata">
            <MetadataTable metadata={detail.metadata} />
          </ScrollArea>
        )}
      </div>
    </section>
  );
}
