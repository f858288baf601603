import { useEffect, useState } from 'react';
import { Play, RotateCcw, ScanText } from 'lucide-react';
import type { ExhibitOcr, OcrPictureText } from '../../../../../shared/ocr.js';
import { useClient } from '../../../api/context.js';
import { ErrorMessage } from '../../../components/Feedback.js';
import { formatUtc } from '../../../format.js';
import { formatFrameLabel, ocrStepText } from '../ocr-job.js';
import { useOcrJob } from '../useOcrJob.js';
import { ScrollArea } from './ScrollArea.js';

function count(value: number, one: string, many: string): string {
  return `${value.toLocaleString('en')} ${value === 1 ? one : many}`;
}

function Picture({
  picture,
  video,
  onShow,
}: {
  readonly picture: OcrPictureText;
  readonly video: boolean;
  readonly onShow: (timeS: number | null) => void;
}) {
  const where = video && picture.frameTimeS !== null ? formatFrameLabel(picture.frameTimeS) : 'picture';
  return (
    <li className="ocr-picture">
      <div className="ocr-picture-head">
        <button
          type="button"
          className="link-button mono ocr-frame"
          aria-label={video ? `Show ${where}` : 'Show the image'}
          title={video ? 'Show this frame in the video' : 'Show the image'}
          onClick={() => onShow(picture.frameTimeS)}
        >
          {where}
        </button>
        <span className="faint small tabular">
          {count(picture.words.length, 'word', 'words')} · {Math.round(picture.confidence)}% confidence ·{' '}
          {picture.width}×{picture.height}
        </span>
      </div>
      <pre className="ocr-text">{picture.text}</pre>
    </li>
  );
}

/**
 * The OCR tab of an image or video exhibit: whether it was read (and how: languages, frames
 * sampled, when), the text of every picture kept — per frame with its time for a video, a click
 * showing that frame — and "Run OCR" / "Run again" for an exhibit not read or whose reading failed.
 * Follows the workspace's OCR job: it says when this exhibit is being read and reloads once it is.
 */
export function OcrView({
  number,
  label,
  video,
  onShowPicture,
}: {
  readonly number: number;
  readonly label: string;
  readonly video: boolean;
  /** Show the picture a text was read from (a video frame's time, or null for the image). */
  readonly onShowPicture: (timeS: number | null) => void;
}) {
  const client = useClient();
  const ocrJob = useOcrJob();
  const job = ocrJob?.job ?? null;
  const [ocr, setOcr] = useState<ExhibitOcr | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [queuedIn, setQueuedIn] = useState<string | null>(null);

  const reading = job !== null && job.done === null && job.current?.exhibit === label ? job.current : null;
  // Reload when the job finishes with this exhibit, and when a job ends.
  const finishedHere = job?.outcomes.filter((outcome) => outcome.exhibit === label).length ?? 0;
  const jobEnded = job?.done !== null && job !== null;

  useEffect(() => {
    let live = true;
    void client.getExhibitOcr({ number }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setOcr(result.value);
        setError(null);
      } else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [client, number, finishedHere, jobEnded, job?.jobId]);

  // Queued by the button: waiting until the job that holds it reaches it or ends.
  const queued =
    queuedIn !== null &&
    ocr?.status !== 'done' &&
    !(job?.jobId === queuedIn && (job.done !== null || job.outcomes.some((outcome) => outcome.exhibit === label)));

  const run = async () => {
    if (!ocrJob) return;
    setStarting(true);
    setNotice(null);
    setError(null);
    const result = await ocrJob.start([number]);
    setStarting(false);
    if (result.error !== null) return setError(result.error);
    if (result.queued === 0 || result.jobId === null) {
      setNotice('Nothing to read: this exhibit is already being read or was read meanwhile.');
      return;
    }
    setQueuedIn(result.jobId);
    setNotice(`${label} is queued for OCR; progress shows under the exhibit list.`);
  };

  if (ocr === null) {
    return (
      <div className="pv pv-ocr">
        <ErrorMessage message={error} />
        {error === null && <p className="pv-message">Loading OCR…</p>}
      </div>
    );
  }

  const status = reading ? 'reading' : queued ? 'queued' : ocr.status;
  const statusLabel: Record<typeof status, string> = {
    reading: 'Reading now',
    queued: 'Queued',
    pending: 'Not read yet',
    done: 'Read',
    failed: 'Failed',
    'not-applicable': 'Not a picture',
  };
  const canRun = ocrJob !== null && (status === 'pending' || status === 'failed');
  const facts =
    ocr.status === 'done' || ocr.status === 'failed'
      ? [
          ocr.languages,
          video && ocr.status === 'done'
            ? `${count(ocr.framesSampled, 'frame', 'frames')} sampled, ${ocr.pictures.length.toLocaleString('en')} with text kept`
            : '',
          ocr.finishedAt === null ? '' : formatUtc(ocr.finishedAt),
        ]
          .filter((part) => part !== '')
          .join(' · ')
      : '';

  return (
    <div className="pv pv-ocr">
      <div className="pv-toolbar pv-toolbar-nowrap" role="toolbar" aria-label="OCR">
        <ScanText size={14} aria-hidden="true" className="faint" />
        <span className={`badge ocr-status ocr-status-${status}`} role="status" aria-label="OCR status">
          {statusLabel[status]}
        </span>
        {reading ? (
          <span className="pv-toolbar-note small tabular">{ocrStepText(reading, video)}…</span>
        ) : (
          <span className="pv-toolbar-note faint small" title={ocr.engine}>
            {facts}
          </span>
        )}
        {canRun && (
          <button
            type="button"
            className="button button-small pv-toolbar-end"
            disabled={starting}
            onClick={() => void run()}
          >
            {status === 'failed' ? <RotateCcw size={12} aria-hidden="true" /> : <Play size={12} aria-hidden="true" />}
            {status === 'failed' ? 'Run again' : 'Run OCR'}
          </button>
        )}
      </div>
      {ocr.status === 'failed' && !reading && (
        <p className="pv-message-inline ocr-failed">
          <strong>OCR failed:</strong> {ocr.reason || 'no reason was given'}.
        </p>
      )}
      <ErrorMessage message={error} />
      {notice !== null && (
        <p className="ocr-notice small" role="status">
          {notice}
        </p>
      )}
      <ScrollArea className="pv-stage pv-ocr-stage" label="Text read by OCR">
        {ocr.pictures.length > 0 ? (
          <ol className="ocr-pictures">
            {ocr.pictures.map((picture, index) => (
              <Picture
                key={`${String(picture.frameTimeS)}:${index}`}
                picture={picture}
                video={video}
                onShow={onShowPicture}
              />
            ))}
          </ol>
        ) : (
          <p className="pv-message">
            {ocr.status === 'done'
              ? video
                ? `No text was found in the ${count(ocr.framesSampled, 'frame', 'frames')} sampled.`
                : 'No text was found in this picture.'
              : ocr.status === 'failed'
                ? 'Nothing was read.'
                : reading || queued
                  ? 'The text read will be listed here, picture by picture.'
                  : 'Not read yet. OCR reads the pictures of every import by itself; Run OCR reads this one now.'}
          </p>
        )}
      </ScrollArea>
    </div>
  );
}
