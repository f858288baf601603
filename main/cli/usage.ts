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
  locard import CASE PATH... [--json] [--source S] [--method M] [--collector C] [--notes N]
  locard serve [CASE] [--port N]

Passphrase: an interactive prompt (not echoed), --passphrase-file FILE, or LOCARD_PASSPHRASE.
New passphrase for passwd: a prompt, --new-passphrase-file FILE, or LOCARD_NEW_PASSPHRASE.
Analyst name in the custody log: --analyst NAME, LOCARD_ANALYST, or your settings.

Exit codes: 0 ok, 1 other failure, 2 usage, 3 wrong passphrase or not a Locard case,
4 verification failed.`;
