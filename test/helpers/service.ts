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
  /** Polls a job until it leaves 'running'. */
  waitJob(token: string, id: string): Promise<any>;
  /** Starts a harvest of a registered source and waits for its job. */
  harvest(token: string, sourceId: string): Promise<any>;
  stop(): Promise<void>;
}

export async function startTestService(env: Record<string, string> = {}): Promise<TestService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fundgov-svc-'));
  const config = loadConfig({ FUNDGOV_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', FUNDGOV_DEMO: '0', LOG_LEVEL: 'silent', ...env });
  const svc = await startService(config, { log: createLogger('silent') });
  const token = (userId: string, ttl = 600) => issueToken(config.jwtSecret, userId, ttl);
  const api: TestService = {
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
    async waitJob(tok, id) {
      for (let i = 0; i < 600; i++) {
        const r = await api.gql('query($id: String!) { job(id: $id) { status done total message result } }', { id }, tok);
        const j = r.body.data?.job;
        if (j && j.status !== 'running') return j;
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error(`job ${id} did not finish`);
    },
    async harvest(tok, sourceId) {
      const r = await api.gql('mutation($s: String!) { startHarvest(sourceId: $s) { ... on Job { id } ... on Error { message } } }', { s: sourceId }, tok);
      if (!r.body.data?.startHarvest?.id) throw new Error(`harvest of ${sourceId} did not start: ${JSON.stringify(r.body)}`);
      return api.waitJob(tok, r.body.data.startHarvest.id);
    },
    async stop() {
      await svc.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return api;
}
