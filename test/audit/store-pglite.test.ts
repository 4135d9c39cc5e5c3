// The audit store contract on PGlite, served over its socket by startEmbeddedPostgres.
import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../audit/index.ts';
import { auditStoreSuite } from './suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'fundgov-audit-suite-'));
let embedded: EmbeddedPostgres;

before(async () => {
  embedded = await startEmbeddedPostgres(join(dir, 'audit'));
});
after(async () => {
  await embedded?.close();
  rmSync(dir, { recursive: true, force: true });
});

auditStoreSuite('pglite', { url: () => embedded.url, skip: false });
