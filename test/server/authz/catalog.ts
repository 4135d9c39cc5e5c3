import type { Role } from '../../../catalog/users.ts';

const steward: Role[] = ['steward', 'admin'];
export const ALLOWED: Record<string, Role[]> = {
  registerSource: steward,
  removeSource: steward,
  startHarvest: steward,
  cancelJob: steward,
  describeAsset: steward,
  setOwnership: steward,
};
