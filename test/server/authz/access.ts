import type { Role } from '../../../catalog/users.ts';
import { ROLES } from '../../../catalog/users.ts';

const everyone: Role[] = [...ROLES];
const deciders: Role[] = ['approver', 'governance'];
export const ALLOWED: Record<string, Role[]> = {
  saveAccessPolicy: ['governance', 'admin'],
  requestAccess: everyone,
  amendAccessRequest: everyone,
  approveAccessStep: deciders,
  rejectAccessStep: deciders,
  requestAccessChanges: deciders,
  withdrawAccessRequest: everyone,
  revokeAccessRequest: ['approver', 'governance', 'admin'],
  setApprovalDelegation: deciders,
  clearApprovalDelegation: deciders,
  createDownloadLink: everyone,
};
