/** Evidence as the renderer, exports and the CLI see it (plain, serialisable). */
import type { Brand } from './domain.js';

/** "E-0001": what briefings cite. */
export type ExhibitLabel = Brand<string, 'ExhibitLabel'>;

export type ParseStatus = 'parsed' | 'failed' | 'not-parsed';

export interface ExhibitSummary {
  readonly number: number;
  readonly label: ExhibitLabel;
  /** As given; may hold control or bidi characters — display `displayName`. */
  readonly name: string;
  /** The name with control and bidirectional-override characters escaped (\u{202E}). */
  readonly displayName: string;
  readonly kind: string;
  readonly mime: string;
  readonly size: number;
  readonly sha256: string;
  readonly importedAt: number;
  readonly modifiedAt: number | null;
  readonly parentNumber: number | null;
  readonly derivation: string;
  readonly parseStatus: ParseStatus;
  readonly parseError: string;
  readonly extensionMismatch: boolean;
  readonly tags: readonly string[];
}

export interface ExhibitSource {
  readonly path: string;
  readonly seenAt: number;
  readonly seenBy: string;
}

export interface CollectionRecord {
  readonly source?: string;
  readonly method?: string;
  readonly collector?: string;
  readonly notes?: string;
}

export interface ExhibitDetail extends ExhibitSummary {
  readonly originalPath: string;
  readonly sha1: string;
  readonly md5: string;
  readonly importedBy: string;
  readonly fileTimes: {
    readonly modified: number | null;
    readonly changed: number | null;
    readonly accessed: number | null;
    readonly created: number | null;
  };
  readonly collection: CollectionRecord | null;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly notes: string;
  readonly sources: readonly ExhibitSource[];
  readonly children: readonly { readonly number: number; readonly name: string; readonly derivation: string }[];
  /** The first part of the extracted text (the whole text can be very large). */
  readonly textPreview: string;
  readonly textLength: number;
}

export interface SearchHit {
  readonly number: number;
  readonly label: ExhibitLabel;
  readonly displayName: string;
  /** A snippet with the matches between \u0002 and \u0003 markers (the renderer highlights them). */
  readonly snippet: string;
}

export type ImportFileOutcome =
  | {
      readonly path: string;
      readonly status: 'imported';
      readonly exhibit: string;
      readonly sha256: string;
      readonly children: number;
      readonly parseError?: string;
      /** What the parser noticed and the analyst should see (a mislabelled type, a hidden character). */
      readonly warnings?: readonly string[];
    }
  | { readonly path: string; readonly status: 'duplicate'; readonly exhibit: string; readonly sha256: string }
  | { readonly path: string; readonly status: 'failed'; readonly error: string }
  | { readonly path: string; readonly status: 'cancelled' };

export interface ImportProgress {
  readonly jobId: string;
  readonly fileIndex: number;
  readonly fileCount: number;
  readonly path: string;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly outcome?: ImportFileOutcome;
  /** Set on the last event of a job. */
  readonly done?: {
    readonly imported: number;
    readonly duplicates: number;
    readonly failed: number;
    readonly cancelled: number;
  };
}

export const SEARCH_MARK_START = '\u0002';
export const SEARCH_MARK_END = '\u0003';

/** A small image made at import: a thumbnail of an image or video, or one frame of a video's key-frame strip. */
export interface ExhibitPreview {
  readonly kind: 'thumbnail' | 'keyframe';
  /** Seconds into the video for a key frame; null for a thumbnail of a still image. */
  readonly timeS: number | null;
  readonly width: number;
  readonly height: number;
  readonly mime: string;
  readonly dataBase64: string;
}

/** A window of an exhibit's stored bytes (hex view). */
export interface ExhibitBytes {
  /** Where the window starts in the exhibit's bytes. */
  readonly offset: number;
  /** The exhibit's total size in bytes (the window is the decoded `base64`). */
  readonly size: number;
  readonly base64: string;
}

/** A window of an exhibit's extracted text (text view with line numbers). */
export interface ExhibitText {
  /** UTF-16 offset of `text` in the whole extracted text (moved back one unit rather than split a surrogate pair). */
  readonly offset: number;
  readonly text: string;
  readonly textLength: number;
  /** The 1-based line number of the first character of `text` (lines end at "\n"). */
  readonly line: number;
}
