/**
 * What a parser hands back to the importer. Parsers run in worker threads (hostile input), so
 * everything here is plain, structured-cloneable data. Derived children (e-mail attachments, archive
 * members, MHTML parts) are written by the parser into the temporary folder the importer gives it;
 * the importer streams each into the case and removes the folder, whatever happens.
 */
export type DetectedKind =
  | 'text'
  | 'markdown'
  | 'json'
  | 'csv'
  | 'html'
  | 'mhtml'
  | 'pdf'
  | 'email'
  | 'mbox'
  | 'image'
  | 'video'
  | 'audio'
  | 'archive'
  | 'binary';

/** Where a stretch of the extracted text came from, so an indicator's offset maps back to a spot. */
export interface TextSegment {
  readonly start: number;
  readonly end: number;
  /** 'page' (PDF, 1-based `label`), 'header' (e-mail header name), 'body', 'title', 'member', … */
  readonly kind: string;
  readonly label: string;
}

export interface DerivedChild {
  /** The name as the parent gives it (attachment filename, archive member path), unsanitised. */
  readonly name: string;
  /** A file inside the importer's temporary folder holding the child's bytes. */
  readonly path: string;
  readonly size: number;
  /** How it was derived: 'email-attachment', 'archive-member', 'mhtml-part', 'mbox-message'. */
  readonly method: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface ParseResult {
  readonly kind: DetectedKind;
  /** Extracted text for search and indicator extraction; '' when there is none. */
  readonly text: string;
  readonly segments: readonly TextSegment[];
  /** JSON-serialisable metadata (headers, EXIF, container tags, document info…). */
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly children: readonly DerivedChild[];
  /** Non-fatal problems the analyst should see (a malformed header, a skipped member). */
  readonly warnings: readonly string[];
  /** Thumbnail and key-frame strip (images, videos), written into the temporary folder like children. */
  readonly previews?: readonly PreviewFile[];
}

/** A small picture made for display, not evidence: stored beside the exhibit, never hashed into custody. */
export interface PreviewFile {
  readonly kind: 'thumbnail' | 'keyframe';
  /** Seconds into the video (key frames, a video's thumbnail); null for a still image. */
  readonly timeS: number | null;
  readonly width: number;
  readonly height: number;
  readonly mime: string;
  /** A file inside the importer's temporary folder. */
  readonly path: string;
}

/** A parser's refusal: the reason is shown to the analyst next to the file's name. */
export class ParseFailure extends Error {
  override name = 'ParseFailure';
}
