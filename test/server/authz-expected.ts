// Which roles may run each mutation: one file per domain under authz/, merged here.
// Grows with every issue.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Role } from '../../catalog/users.ts';

const dir = join(import.meta.dirname, 'authz');
export const ALLOWED: Record<string, Role[]> = {};
for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
  const mod = await import(pathToFileURL(join(dir, f)).href);
  for (const [k, v] of Object.entries(mod.ALLOWED as Record<string, Role[]>)) {
    if (ALLOWED[k]) throw new Error(`mutation ${k} is listed twice in test/server/authz/`);
    ALLOWED[k] = v;
  }
}
