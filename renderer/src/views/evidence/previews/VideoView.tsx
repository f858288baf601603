import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Camera, ChevronLeft, ChevronRight } from 'lucide-react';
import type { ExhibitPreview, ExhibitSummary } from '../../../../../shared/evidence.js';
import type { PixelBox } from '../../../../../shared/indicator-types.js';
import { useClient } from '../../../api/context.js';
import { ErrorMessage } from '../../../components/Feedback.js';
import { formatTimecode, frameAt, stepFrame } from './timecode.js';

interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** Displayed pixels per video pixel. */
  readonly scale: number;
}

/** Where the picture sits inside the <video> box (object-fit: contain letterboxes it). */
function pictureRect(video: HTMLVideoElement): Rect | null {
  const { videoWidth, videoHeight, clientWidth, clientHeight } = video;
  if (videoWidth === 0 || videoHeight === 0) return null;
  const scale = Math.min(clientWidth / videoWidth, clientHeight / videoHeight);
  const width = videoWidth * scale;
  const height = videoHeight * scale;
  return { left: (clientWidth - width) / 2, top: (clientHeight - height) / 2, width, height, scale };
}

function KeyframeStrip({
  number,
  current,
  onSeek,
}: {
  readonly number: number;
  readonly current: number;
  readonly onSeek: (timeS: number) => void;
}) {
  const client = useClient();
  const [frames, setFrames] = useState<readonly ExhibitPreview[] | null>(null);
  const [unavailable, setUnavailable] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.getExhibitPreviews({ number }).then(
      (result) => {
        if (!live) return;
        if (result.ok) {
          setFrames(
            result.value
              .filter((preview) => preview.kind === 'keyframe' && preview.timeS !== null)
              .sort((a, b) => (a.timeS ?? 0) - (b.timeS ?? 0)),
          );
        } else setUnavailable(result.error.message);
      },
      () => {
        if (live) setUnavailable('Key frames could not be loaded.');
      },
    );
    return () => {
      live = false;
    };
  }, [client, number]);

  if (unavailable !== null) {
    return (
      <p className="pv-strip-note faint small" title={unavailable}>
        No key-frame strip for this video.
      </p>
    );
  }
  if (frames === null) return <p className="pv-strip-note faint small">Loading key frames…</p>;
  if (frames.length === 0) return <p className="pv-strip-note faint small">No key frames were made for this video.</p>;
  const active = frames.reduce<number>(
    (best, frame, index) => ((frame.timeS ?? 0) <= current + 1e-3 ? index : best),
    -1,
  );
  return (
    <ol className="pv-strip" aria-label="Key frames">
      {frames.map((frame, index) => (
        <li key={String(frame.timeS)}>
          <button
            type="button"
            className={`pv-keyframe${index === active ? ' is-current' : ''}`}
            aria-label={`Seek to key frame at ${formatTimecode(frame.timeS ?? 0)}`}
            title={formatTimecode(frame.timeS ?? 0)}
            onClick={() => onSeek(frame.timeS ?? 0)}
          >
            <img
              src={`data:${frame.mime};base64,${frame.dataBase64}`}
              alt=""
              width={frame.width}
              height={frame.height}
            />
            <span className="mono">{formatTimecode(frame.timeS ?? 0).replace(/^00:/, '')}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}

/**
 * A video exhibit: the browser's own controls, plus frame stepping (buttons and the , . keys, one
 * frame = 1/fps from the container metadata), the time to the millisecond, the key-frame strip made
 * at import (click to seek), and "Save frame", which stores the frame shown as a new derived exhibit.
 * `focus` (an OCR hit in a frame) seeks there and outlines the box.
 */
export function VideoView({
  number,
  url,
  fps,
  focus,
  onFrameSaved,
}: {
  readonly number: number;
  readonly url: string;
  readonly fps: number;
  readonly focus?: { readonly timeS: number; readonly box: PixelBox | null } | null;
  readonly onFrameSaved: (summary: ExhibitSummary, timeS: number) => void;
}) {
  const client = useClient();
  const video = useRef<HTMLVideoElement>(null);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(Number.NaN);
  const [rect, setRect] = useState<Rect | null>(null);
  const [mediaError, setMediaError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  const syncTime = useCallback(() => {
    const element = video.current;
    if (element) setTime(element.currentTime);
  }, []);

  const seek = useCallback((timeS: number) => {
    const element = video.current;
    if (!element) return;
    element.pause();
    element.currentTime = timeS;
    setTime(timeS);
  }, []);

  // While playing, follow the time every frame (timeupdate fires only about four times a second).
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    let handle = 0;
    const tick = () => {
      setTime(element.currentTime);
      if (!element.paused) handle = requestAnimationFrame(tick);
    };
    const onPlay = () => {
      handle = requestAnimationFrame(tick);
    };
    element.addEventListener('play', onPlay);
    return () => {
      element.removeEventListener('play', onPlay);
      cancelAnimationFrame(handle);
    };
  }, []);

  useLayoutEffect(() => {
    const element = video.current;
    if (!element) return;
    const measure = () => setRect(pictureRect(element));
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    element.addEventListener('loadedmetadata', measure);
    return () => {
      observer.disconnect();
      element.removeEventListener('loadedmetadata', measure);
    };
  }, []);

  // An OCR hit in a frame: go there (once the metadata allows seeking).
  useEffect(() => {
    const element = video.current;
    if (!element || !focus) return;
    const go = () => seek(focus.timeS);
    if (element.readyState >= HTMLMediaElement.HAVE_METADATA) go();
    else element.addEventListener('loadedmetadata', go, { once: true });
    return () => element.removeEventListener('loadedmetadata', go);
  }, [focus, seek]);

  const step = (direction: 1 | -1) => {
    const element = video.current;
    if (!element) return;
    seek(stepFrame(element.currentTime, fps, direction, element.duration));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === ',' || event.key === '.') {
      event.preventDefault();
      step(event.key === '.' ? 1 : -1);
    }
  };

  const save = async () => {
    const element = video.current;
    if (!element) return;
    element.pause();
    const timeS = element.currentTime;
    setSaving(true);
    setSaveError(null);
    try {
      const result = await client.saveVideoFrame({ number, timeS });
      if (result.ok) onFrameSaved(result.value, timeS);
      else setSaveError(result.error.message);
    } catch {
      setSaveError('The frame could not be saved: Locard did not answer.');
    } finally {
      setSaving(false);
    }
  };

  const box = focus?.box && rect && Math.abs(time - focus.timeS) < 1 / fps ? focus.box : null;

  return (
    // The wrapper takes the frame-step keys for the video and its controls (keyboard users reach both).
    // eslint-disable-next-line jsx-a11y/no-static-element-interactions -- key shortcuts for the focused video and toolbar
    <div className="pv pv-video" onKeyDown={onKeyDown}>
      <div className="pv-video-frame">
        {/* Evidence has no captions to offer. */}
        {/* eslint-disable-next-line jsx-a11y/media-has-caption */}
        <video
          ref={video}
          src={url}
          controls
          preload="metadata"
          aria-label="Video exhibit. Comma and period step one frame back and forward."
          onLoadedMetadata={(event) => {
            setDuration(event.currentTarget.duration);
            syncTime();
          }}
          onTimeUpdate={syncTime}
          onSeeked={syncTime}
          onError={(event) =>
            setMediaError(
              `This video cannot be played here${
                event.currentTarget.error?.message ? ` (${event.currentTarget.error.message})` : ''
              }. Its stored bytes are intact; the key frames and metadata still describe it.`,
            )
          }
        />
        {box && rect && (
          <div
            className="pv-box pv-box-video"
            style={{
              left: `${String(rect.left + box.x * rect.scale)}px`,
              top: `${String(rect.top + box.y * rect.scale)}px`,
              width: `${String(box.width * rect.scale)}px`,
              height: `${String(box.height * rect.scale)}px`,
            }}
          />
        )}
      </div>
      {mediaError !== null && <p className="pv-message pv-message-inline">{mediaError}</p>}
      <div className="pv-toolbar pv-toolbar-nowrap" role="toolbar" aria-label="Frame controls">
        <button
          type="button"
          className="icon-button icon-button-small"
          aria-label="Previous frame"
          title="Previous frame (,)"
          onClick={() => step(-1)}
        >
          <ChevronLeft size={15} aria-hidden="true" />
        </button>
        <button
          type="button"
          className="icon-button icon-button-small"
          aria-label="Next frame"
          title="Next frame (.)"
          onClick={() => step(1)}
        >
          <ChevronRight size={15} aria-hidden="true" />
        </button>
        <output className="pv-time mono" aria-label="Current time" data-time={time.toFixed(6)}>
          {formatTimecode(time)}
        </output>
        <span
          className="pv-toolbar-note faint small mono"
          title={`Duration ${Number.isFinite(duration) ? formatTimecode(duration) : 'unknown'}`}
        >
          frame {frameAt(time, fps)} · {Math.round(fps * 1000) / 1000} fps ·{' '}
          {Number.isFinite(duration) ? formatTimecode(duration) : '—'}
        </span>
        <button
          type="button"
          className="button button-small pv-toolbar-end"
          disabled={saving || mediaError !== null}
          onClick={() => void save()}
        >
          <Camera size={12} aria-hidden="true" />
          {saving ? 'Saving frame…' : 'Save frame'}
        </button>
      </div>
      <ErrorMessage message={saveError} />
      <KeyframeStrip number={number} current={time} onSeek={seek} />
    </div>
  );
}
