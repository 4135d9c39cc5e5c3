// Which roles may run each mutation. Grows with every issue.
import type { Role } from '../../catalog/users.ts';

export const ALLOWED: Record<string, Role[]> = {
  addUser: ['admin'],
  grantRoles: ['admin'],
  revokeRoles: ['admin'],
  upsertDepartment: ['admin'],
};
