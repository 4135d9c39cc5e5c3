// Imports every domain file, then builds the schema once.
import { builder } from './builder.ts';
import './identity.ts';
import './audit.ts';
import './catalog.ts';
import './grading.ts';
import './standards.ts';
import './lineage.ts';
import './access.ts';
import './trace.ts';
import './search.ts';
import './lifecycle.ts';

export const schema = builder.toSchema();
export type { Context, Services, AuditTrail } from './context.ts';
