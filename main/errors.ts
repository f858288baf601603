/**
 * Expected failures (wrong passphrase, file exists, bad argument) are LocardErrors with a message for
 * the analyst; anything else is a bug, logged with its stack and reported as `unexpected`.
 */
import type { ErrorCode, LocardFailure } from '../shared/result.js';

export class LocardError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LocardError';
  }
}

export const WRONG_PASSPHRASE_MESSAGE = 'Wrong passphrase, or this file is not a Locard case.';

export function toFailure(error: unknown, log: (error: unknown) => void = logBug): LocardFailure {
  if (error instanceof LocardError) return { code: error.code, message: error.message };
  log(error);
  return {
    code: 'unexpected',
    message:
      'Something went wrong inside Locard. Nothing was changed by the failed action; the details are in the log.',
  };
}

function logBug(error: unknown): void {
  console.error('[locard] unexpected error:', error);
}
