import type { Role } from '../../../catalog/users.ts';
import { ROLES } from '../../../catalog/users.ts';

const everyone: Role[] = [...ROLES];
export const ALLOWED: Record<string, Role[]> = {
  confirmExportDestruction: everyone,
  countersignExportDestruction: ['approver', 'governance'],
  saveRetentionPolicy: ['governance', 'admin'],
  registerTransfer: ['steward', 'governance', 'business', 'admin'],
  recordRetirement: ['steward', 'admin'],
  approveRetirement: ['approver'],
  rejectRetirement: ['approver'],
  generateInventoryReport: ['steward', 'governance', 'auditor', 'admin'],
  generateAuditReport: ['governance', 'auditor', 'admin'],
  createReportDownloadLink: everyone,
};
