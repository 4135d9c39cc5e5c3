import type { Role } from '../../../catalog/users.ts';

export const ALLOWED: Record<string, Role[]> = {
  confirmGrades: ['steward', 'admin'],
  bulkConfirmGrades: ['steward', 'admin'],
  overrideGrade: ['steward', 'admin'],
  classifySource: ['steward', 'admin'],
  changeClassificationRule: ['steward', 'governance', 'admin'],
};
