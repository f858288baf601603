import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import { Maximize, Minus, Plus } from 'lucide-react';
import type { PixelBox } from '../../../../../shared/indicator-types.js';

const MIN_SCALE = 0.02;
const MAX_SCALE = 32;
const STEP = 1.25;
const PAN_STEP = 48;

interface View {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

interface Size {
  readonly width: number;
  readonly height: number;
}

function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/** The whole image, centred, never enlarged past its own pixels. */
function fitView(natural: Size | null, pane: Size): View {
  if (!natural || pane.width === 0 || natural.width === 0 || natural.height === 0) return { scale: 1, x: 0, y: 0 };
  const scale = Math.min(1, pane.width / natural.width, pane.height / natural.height);
  return { scale, x: (pane.width - natural.width * scale) / 2, y: (pane.height - natural.height * scale) / 2 };
}

/** Centred on a box; a small box is enlarged until it fills about a third of the pane (at most 8×). */
function boxView(box: PixelBox, pane: Size, fitScale: number): View {
  const wanted = Math.min(pane.width / 3 / Math.max(box.width, 1), pane.height / 3 / Math.max(box.height, 1));
  const scale = clampScale(Math.max(fitScale, Math.min(wanted, 8)));
  return {
    scale,
    x: pane.width / 2 - (box.x + box.width / 2) * scale,
    y: pane.height / 2 - (box.y + box.height / 2) * scale,
  };
}

/**
 * An image exhibit: fitted to the pane, zoomed with the wheel, the +/−/0 keys or the buttons, panned
 * by dragging or the arrow keys. `box` (an OCR hit, in the image's own pixels) is outlined and
 * brought into view.
 */
export function ImageView({
  url,
  name,
  box,
}: {
  readonly url: string;
  readonly name: string;
  readonly box?: PixelBox | null;
}) {
  const stage = useRef<HTMLDivElement>(null);
  const [natural, setNatural] = useState<{ readonly width: number; readonly height: number } | null>(null);
  const [pane, setPane] = useState<{ readonly width: number; readonly height: number }>({ width: 0, height: 0 });
  /** The analyst's own zoom and pan, or 'fit'; null while automatic (fitted, or on the focus box). */
  const [manual, setManual] = useState<View | 'fit' | null>(null);
  const [failed, setFailed] = useState(false);
  const drag = useRef<{ x: number; y: number; viewX: number; viewY: number; id: number } | null>(null);

  // A new focus box takes the view back from the analyst (state adjusted while rendering).
  const [seenBox, setSeenBox] = useState(box);
  if (seenBox !== box) {
    setSeenBox(box);
    setManual(null);
  }

  useLayoutEffect(() => {
    const element = stage.current;
    if (!element) return;
    const measure = () => setPane({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const fitted = fitView(natural, pane);
  const view = manual === 'fit' ? fitted : (manual ?? (box && natural ? boxView(box, pane, fitted.scale) : fitted));

  // Zoom and pan start from what is on screen; a ref keeps the wheel listener current.
  const viewRef = useRef(view);
  useLayoutEffect(() => {
    viewRef.current = view;
  });
  const zoomAround = useCallback((factor: number, px: number, py: number) => {
    const current = viewRef.current;
    const scale = clampScale(current.scale * factor);
    const ratio = scale / current.scale;
    setManual({ scale, x: px - (px - current.x) * ratio, y: py - (py - current.y) * ratio });
  }, []);
  const zoomCenter = (factor: number) => zoomAround(factor, pane.width / 2, pane.height / 2);
  const actualSize = () => {
    if (!natural) return;
    setManual({ scale: 1, x: (pane.width - natural.width) / 2, y: (pane.height - natural.height) / 2 });
  };
  const pan = (dx: number, dy: number) => setManual({ ...view, x: view.x + dx, y: view.y + dy });

  // The wheel zooms around the pointer; it must be a non-passive listener to keep the pane from scrolling.
  useEffect(() => {
    const element = stage.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      zoomAround(event.deltaY < 0 ? STEP : 1 / STEP, event.clientX - rect.left, event.clientY - rect.top);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [zoomAround]);

  const onKeyDown = (event: KeyboardEvent) => {
    const actions: Record<string, () => void> = {
      '+': () => zoomCenter(STEP),
      '=': () => zoomCenter(STEP),
      '-': () => zoomCenter(1 / STEP),
      _: () => zoomCenter(1 / STEP),
      '0': () => setManual('fit'),
      '1': actualSize,
      ArrowLeft: () => pan(PAN_STEP, 0),
      ArrowRight: () => pan(-PAN_STEP, 0),
      ArrowUp: () => pan(0, PAN_STEP),
      ArrowDown: () => pan(0, -PAN_STEP),
    };
    const action = event.ctrlKey || event.metaKey || event.altKey ? undefined : actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, viewX: view.x, viewY: view.y, id: event.pointerId };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (start?.id !== event.pointerId) return;
    setManual({
      scale: view.scale,
      x: start.viewX + event.clientX - start.x,
      y: start.viewY + event.clientY - start.y,
    });
  };
  const endDrag = () => {
    drag.current = null;
  };

  const percent = `${String(Math.round(view.scale * 100))}%`;

  return (
    <div className="pv pv-image">
      <div className="pv-toolbar" role="toolbar" aria-label="Image zoom">
        <button
          type="button"
          className="icon-button icon-button-small"
          aria-label="Zoom out"
          title="Zoom out (−)"
          onClick={() => zoomCenter(1 / STEP)}
        >
          <Minus size={14} aria-hidden="true" />
        </button>
        <output className="pv-zoom mono" aria-label="Zoom level">
          {percent}
        </output>
        <button
          type="button"
          className="icon-button icon-button-small"
          aria-label="Zoom in"
          title="Zoom in (+)"
          onClick={() => zoomCenter(STEP)}
        >
          <Plus size={14} aria-hidden="true" />
        </button>
        <button type="button" className="button button-small" onClick={() => setManual('fit')} title="Fit to pane (0)">
          <Maximize size={12} aria-hidden="true" />
          Fit
        </button>
        <button type="button" className="button button-small" onClick={actualSize} title="Actual size (1)">
          1:1
        </button>
        <span className="pv-toolbar-note faint small">
          {natural ? `${String(natural.width)} × ${String(natural.height)} px` : ''}
          {box ? ' · OCR hit outlined' : ''}
        </span>
      </div>
      {/* eslint-disable jsx-a11y/no-noninteractive-element-interactions, jsx-a11y/no-noninteractive-tabindex -- a
          zoom-and-pan viewport is a custom widget: it takes focus and its keys (named in its label) */}
      <div
        ref={stage}
        className="pv-stage pv-stage-checker"
        tabIndex={0}
        role="application"
        aria-roledescription="image viewer"
        aria-label={`${name}: image viewer. + and − zoom, 0 fits, 1 is actual size, arrow keys or drag to pan.`}
        data-scale={view.scale.toFixed(4)}
        // 'true' once the image's natural size is known and the pane measured: until then the scale is
        // a placeholder (1), not the fitted one.
        data-ready={natural !== null && pane.width > 0 ? 'true' : 'false'}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
      >
        {failed ? (
          <p className="pv-message">
            This image could not be decoded here. Its stored bytes are intact: see the Hex tab.
          </p>
        ) : (
          <div
            className="pv-image-layer"
            style={{
              width: natural ? `${String(natural.width)}px` : undefined,
              height: natural ? `${String(natural.height)}px` : undefined,
              transform: `translate(${String(view.x)}px, ${String(view.y)}px) scale(${String(view.scale)})`,
              visibility: natural ? 'visible' : 'hidden',
            }}
          >
            <img
              src={url}
              alt=""
              draggable={false}
              onLoad={(event) =>
                setNatural({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })
              }
              onError={() => setFailed(true)}
            />
            {box && (
              <div
                className="pv-box"
                style={{
                  left: `${String(box.x)}px`,
                  top: `${String(box.y)}px`,
                  width: `${String(box.width)}px`,
                  height: `${String(box.height)}px`,
                  borderWidth: `${String(2 / view.scale)}px`,
                }}
              />
            )}
          </div>
        )}
      </div>
      {/* eslint-enable jsx-a11y/no-noninteractive-element-interactions, jsx-a11y/no-noninteractive-tabindex */}
    </div>
  );
}
