import type { Role } from '../../../catalog/users.ts';

export const ALLOWED: Record<string, Role[]> = {
  addUser: ['admin'],
  grantRoles: ['admin'],
  revokeRoles: ['admin'],
  upsertDepartment: ['admin'],
};
