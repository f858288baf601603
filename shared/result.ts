/**
 * Results that cross a boundary (IPC, HTTP, CLI). Expected failures are data with a message an analyst
 * can act on; bugs are reported as `unexpected` with no stack trace (the stack stays in main's log).
 */
export type ErrorCode =
  | 'wrong-passphrase' // also "not a Locard case": SQLCipher cannot tell the two apart
  | 'not-a-case'
  | 'newer-version'
  | 'file-exists'
  | 'not-found'
  | 'invalid-argument'
  | 'weak-passphrase'
  | 'no-case-open'
  | 'case-locked'
  | 'io'
  | 'unsupported'
  | 'unexpected';

export interface LocardFailure {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: LocardFailure };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}
