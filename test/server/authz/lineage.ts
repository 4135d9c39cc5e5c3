import type { Role } from '../../../catalog/users.ts';

export const ALLOWED: Record<string, Role[]> = {
  ingestLineageSql: ['steward', 'admin'],
  addLineageEdge: ['steward', 'admin'],
  retireLineageEdge: ['steward', 'admin'],
  defineReconciliation: ['steward', 'governance', 'admin'],
  runReconciliation: ['steward', 'governance', 'admin'],
};
