// Starts a real fundgov service in-process on a free port with a fresh data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../server/config.ts';
import { startService, type RunningService } from '../../server/serve.ts';
import { createLogger } from '../../server/logger.ts';
import { issueToken } from '../../server/auth.ts';
import { addUser } from '../../catalog/users.ts';
import type { Role } from '../../catalog/users.ts';

export interface TestService extends RunningService {
  config: Config;
  dataDir: string;
  token(userId: string, ttlSeconds?: number): Promise<string>;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<{ status: number; body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } }>;
  addUser(id: string, roles: Role[], department?: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestService(env: Record<string, string> = {}): Promise<TestService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fundgov-svc-'));
  const config = loadConfig({ FUNDGOV_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', FUNDGOV_DEMO: '0', LOG_LEVEL: 'silent', ...env });
  const svc = await startService(config, { log: createLogger('silent') });
  const token = (userId: string, ttl = 600) => issueToken(config.jwtSecret, userId, ttl);
  return {
    ...svc,
    config,
    dataDir,
    token,
    async gql(query, variables = {}, tok) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (tok) headers.authorization = `Bearer ${tok}`;
      const res = await fetch(`${svc.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return { status: res.status, body: await res.json() as any };
    },
    async addUser(id, roles, department) {
      await addUser(svc.graph, { id, name: id, roles, department: department ?? null });
    },
    async stop() {
      await svc.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
