// FROZEN reference copy of watermark/errors.ts before the marking speed-up (2026-11-26),
// used only by test/watermark/differential.test.ts. Do not edit or "fix": it defines the expected bytes.
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
