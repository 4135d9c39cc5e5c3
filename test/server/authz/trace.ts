import type { Role } from '../../../catalog/users.ts';

export const ALLOWED: Record<string, Role[]> = {
  traceLeak: ['auditor', 'governance', 'admin'],
};
