// The one error type of sources/: bad input a user can fix (a file that is not CSV, a missing file,
// an unreachable database). The message says what to fix; it never carries a password or a value.

export class SourceInputError extends Error {
  constructor(message: string, readonly details?: { file?: string; line?: number }) {
    super(message);
    this.name = 'SourceInputError';
  }
}

/** A harvest stopped by its AbortSignal; nothing it read is returned. */
export class HarvestCancelledError extends Error {
  constructor(message = 'harvest cancelled') {
    super(message);
    this.name = 'HarvestCancelledError';
  }
}
