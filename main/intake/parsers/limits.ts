/**
 * Every limit the parsers enforce, in one place, each with the reason for its number. Evidence is
 * hostile by default: a limit turns a hang, a crash or a full disk into a clear refusal.
 */

/** Text kept for search and indicator extraction. A 32 MiB document is ~10,000 printed pages; beyond
 * that the rest of the file is still stored in the case, only not searchable. */
export const MAX_TEXT_BYTES = 32 * 1024 * 1024;

/** Archives: 1 GiB of expanded members per archive. Real evidence bundles are far smaller; a bomb
 * (42.zip, overlapping entries) would otherwise fill the analyst's disk. */
export const MAX_TOTAL_EXPANDED_BYTES = 1024 * 1024 * 1024;

/** Expanded ÷ compressed bytes, measured while streaming (headers lie). Text and logs deflate ~10:1,
 * sparse database dumps reach ~100:1; 200:1 is only reached by runs of one byte, i.e. a bomb. */
export const MAX_COMPRESSION_RATIO = 200;

/** The ratio is judged only after this many expanded bytes: a small file of zeros legitimately
 * compresses 1000:1 and costs nothing to extract. */
export const RATIO_CHECK_AFTER_BYTES = 1024 * 1024;

/** Members per archive: every member becomes an exhibit the analyst must review; 10,000 is more than
 * any hand-assembled bundle and bounds the work (and rows) one archive can cause. */
export const MAX_ENTRIES = 10_000;

/** Archives inside archives: three levels covers "zip of the mailbox export of a zip"; deeper nesting
 * is the classic recursive-bomb shape. The importer passes the current depth in the parser input. */
export const MAX_NESTING_DEPTH = 3;

/** MIME multipart nesting in an e-mail or MHTML file. Real mail rarely goes past 5 levels (forwarded
 * message in a signed message in a digest); 20 leaves room and stops recursion bombs. */
export const MAX_MIME_DEPTH = 20;

/** An e-mail (or MHTML file) is decoded in memory by the MIME parser, attachments included; 256 MiB is
 * well above mail-server size limits (25–150 MB) and well within the worker's memory limit. */
export const MAX_EMAIL_BYTES = 256 * 1024 * 1024;

/** Messages split out of one mbox file: each becomes an exhibit; a mailbox larger than this should be
 * split by the analyst so the import stays reviewable. */
export const MAX_MBOX_MESSAGES = 50_000;

/** pdf.js needs random access and reads the whole PDF into memory; 256 MiB is well above scanned
 * reports and well within the worker's memory limit. */
export const MAX_PDF_BYTES = 256 * 1024 * 1024;

/** Pages whose text is extracted: a 5,000-page PDF is a book dump; the rest is noted in a warning. */
export const MAX_PDF_PAGES = 5_000;

/** RFC 5322 §2.1.1: a header line must not exceed 998 characters; longer lines are flagged. */
export const MAX_HEADER_LINE_LENGTH = 998;

/** Bytes shown as a hex preview for files no parser understands. */
export const HEX_PREVIEW_BYTES = 256;
