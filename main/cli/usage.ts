/** Exit codes are part of the CLI's contract (README "CLI"). */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  cannotOpen: 3,
  verificationFailed: 4,
} as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

export const HELP = `locard — offline workbench for OSINT and attribution cases

Usage:
  locard new CASE [--title T] [--analyst NAME] [--tlp MARKING]
  locard info CASE [--json]
  locard verify CASE [--json]
  locard passwd CASE [--new-passphrase-file FILE]
  locard import CASE PATH... [--json] [--source S] [--method M] [--collector C] [--notes N] [--no-ocr]
  locard serve [CASE] [--port N]
  locard extract FILE [--json] [--defang] [--stats]
  locard indicators CASE [--json | --csv] [--defang] [--include-dismissed]
  locard timeline CASE [--json]
  locard graph CASE [--json]
  locard demo DIR [--passphrase-file FILE] [--force] [--json]
  locard export CASE --format pdf|docx|html|md|stix|misp|csv --out PATH [--briefing NAME_OR_ID]
               [--table indicators|entities|events] [--overwrite] [--json]

Passphrase: an interactive prompt (not echoed), --passphrase-file FILE, or LOCARD_PASSPHRASE.
New passphrase for passwd: a prompt, --new-passphrase-file FILE, or LOCARD_NEW_PASSPHRASE.
demo builds the sample case (bundled synthetic evidence) in DIR; its passphrase is
locard-sample unless --passphrase-file names another.
extract lists the indicators in one file (no case needed); indicators lists a case's, leaving out
those marked benign or false positive unless --include-dismissed. --defang writes hxxp://example[.]com.
graph prints the link-analysis graph: entities, relationships with provenance and confidence,
and suggested links.
import then reads the text in the images and videos it added (OCR; progress on stderr) unless
--no-ocr; those stay pending for the app's OCR.
export writes a briefing (pdf, docx, html, md; the standard case briefing unless --briefing names
one by title or id) or an exchange file (stix, misp, csv), refuses to replace a file without
--overwrite, and records it in custody with its SHA-256. PDF prints through Chromium
(LOCARD_CHROMIUM, else the system's).
Analyst name in the custody log: --analyst NAME, LOCARD_ANALYST, or your settings.

Exit codes: 0 ok, 1 other failure, 2 usage, 3 wrong passphrase or not a Locard case,
4 verification failed.`;
