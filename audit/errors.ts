/** Base class of every error the audit module throws on purpose. */
export class AuditError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The audit store cannot be reached (or closed): callers must refuse the audited action. */
export class AuditUnavailableError extends AuditError {}

/** An event the caller built is not storable; the message says which field to fix. */
export class AuditEventError extends AuditError {}

/** The embedded database directory is missing, damaged, foreign or in use by another process. */
export class AuditDataDirError extends AuditError {}

/** SQLSTATE classes and codes that mean "the database is not there", not "your statement is wrong". */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/;
const UNAVAILABLE_SYSCALL = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOENT']);
const UNAVAILABLE_MESSAGE = /timeout exceeded when trying to connect|Connection terminated|Query read timeout|connection timeout|Client has encountered a connection error|not queryable|Cannot use a pool after calling end|Too many connections|socket hang up/i;

export function isUnavailable(err: unknown): boolean {
  if (err instanceof AuditUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SYSCALL.has(code))) return true;
  if (err instanceof AggregateError && err.errors.some(isUnavailable)) return true;
  return UNAVAILABLE_MESSAGE.test(err.message);
}

/** Wrap a driver error: unreachable-database errors become AuditUnavailableError, others AuditError. */
export function auditErrorFrom(err: unknown, doing: string): AuditError {
  if (err instanceof AuditError) return err;
  const detail = err instanceof Error ? (err.message || (err as { code?: string }).code || err.name) : String(err);
  if (isUnavailable(err)) return new AuditUnavailableError(`audit store unavailable while ${doing}: ${detail}`, { cause: err });
  return new AuditError(`audit store failed while ${doing}: ${detail}`, { cause: err });
}
