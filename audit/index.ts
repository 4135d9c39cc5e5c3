export { AuditStore } from './store.ts';
export type {
  AuditEventInput, AuditEvent, AuditOutcome, AppendResult, AuditHead, VerifyOptions, VerifyResult,
  AuditFilters, ListOptions, AuditPage, AuditStoreOptions,
} from './store.ts';
export { startEmbeddedPostgres } from './pglite.ts';
export type { EmbeddedPostgres, EmbeddedPostgresOptions } from './pglite.ts';
export { AuditError, AuditUnavailableError, AuditEventError, AuditDataDirError } from './errors.ts';
export { GENESIS_HASH, canonicalEvent, eventHash } from './chain.ts';
export type { HashedEvent } from './chain.ts';
