// What every resolver receives. Built per request by the server.
import type { Graph } from '../catalog/graph/port.ts';
import type { User } from '../catalog/users.ts';
import type { AuditStore } from '../audit/index.ts';

/** The audit trail as the schema and server use it. */
export type AuditTrail = Pick<AuditStore, 'append' | 'verify' | 'head' | 'list' | 'ping'>;

/** Work the server composes (jobs, credentials) offered to resolvers without importing server/. */
export interface Operations {
  startHarvest(sourceId: string, actor: string): Promise<{ jobId: string }>;
  cancelJob(jobId: string): boolean;
  sealCredential(plain: string): string;
  /** Throws when the path is outside the allowed roots or unreadable. */
  checkSourcePath(path: string): string;
}

export interface Services {
  graph: Graph;
  audit: AuditTrail;
  ops: Operations;
}

export interface Context extends Services {
  user: User | null;
  requestId: string;
}
