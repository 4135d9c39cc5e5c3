// The audit store contract on a real PostgreSQL server (TEST_DATABASE_URL, or the local default).
import pg from 'pg';
import { auditStoreSuite } from './suite.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function unreachableReason(): Promise<string | false> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return false;
  } catch (err) {
    // Given explicitly, the server must be there; the local default may be absent (PGlite runs the same suite).
    if (process.env.TEST_DATABASE_URL) throw err;
    return `no PostgreSQL at ${url} (${(err as Error).message}); set TEST_DATABASE_URL to run this suite`;
  }
}

auditStoreSuite('postgres', { url: () => url, skip: await unreachableReason() });
