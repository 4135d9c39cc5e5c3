import type { Role } from '../../../catalog/users.ts';

const steward: Role[] = ['steward', 'admin'];
export const ALLOWED: Record<string, Role[]> = {
  saveStandard: steward,
  mapColumnToStandard: steward,
  unmapColumnFromStandard: steward,
  importStandardsWorkbook: steward,
};
