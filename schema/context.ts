// What every resolver receives. Built per request by the server.
import type { Graph } from '../catalog/graph/port.ts';
import type { User } from '../catalog/users.ts';
import type { AuditStore } from '../audit/index.ts';

/** The audit trail as the schema and server use it. */
export type AuditTrail = Pick<AuditStore, 'append' | 'verify' | 'head' | 'list' | 'ping'>;

export interface Services {
  graph: Graph;
  audit: AuditTrail;
}

export interface Context extends Services {
  user: User | null;
  requestId: string;
}
