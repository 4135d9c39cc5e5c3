// The one error type of the watermark domain: every message says what to fix.
export class WatermarkError extends Error {
  constructor(
    public readonly code: 'KEY' | 'INPUT' | 'BINARY' | 'EMPTY' | 'CANDIDATES' | 'IMAGE' | 'OPTIONS',
    message: string,
  ) {
    super(message);
    this.name = 'WatermarkError';
  }
}
