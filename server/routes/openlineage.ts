// POST /api/v1/lineage: the OpenLineage HTTP transport's endpoint (what OpenLineage clients and
// Marquez use). One RunEvent per request, authenticated as a steward or admin, audited before
// anything is stored (fail closed), idempotent.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Graph } from '../../catalog/graph/port.ts';
import type { AuditTrail } from '../../schema/context.ts';
import { json, type RouteHandler } from '../app.ts';
import { AuthError, bearerToken, createAuthenticator } from '../auth.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { startupHooks, type StartupHook } from '../serve.ts';
import { ingestRunEvent, OL_MAX_EVENT_BYTES, parseRunEvent, runDueChecks, sourceConnector } from '../../lineage/index.ts';

export const OPENLINEAGE_PATH = '/api/v1/lineage';
const ALLOWED_ROLES = ['steward', 'admin'];

class BodyTooLarge extends Error {}

/** Reads the body up to `limit` bytes; past it, keeps draining (so the client reads our 413) and throws. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  const chunks: Buffer[] = [];
  let size = 0;
  let over = Number.isFinite(declared) && declared > limit;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) over = true;
    if (over) {
      if (size > limit * 4) { req.destroy(); break; }
      continue;
    }
    chunks.push(chunk as Buffer);
  }
  if (over) throw new BodyTooLarge();
  return Buffer.concat(chunks);
}

export function openLineageHandler(deps: { config: Pick<Config, 'jwtSecret' | 'oidc'>; graph: Graph; audit: Pick<AuditTrail, 'append'> }): RouteHandler {
  const authenticator = createAuthenticator(deps.config, deps.graph);
  const { graph, audit } = deps;
  return async (req: IncomingMessage, res: ServerResponse, { requestId, log }: { requestId: string; log: Logger }) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== OPENLINEAGE_PATH && path !== `${OPENLINEAGE_PATH}/`) return json(res, 404, { error: `no route ${path}` });
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return json(res, 405, { error: 'POST one OpenLineage RunEvent as JSON to this endpoint' });
    }
    const denied = async (status: number, error: string, reason: string, actor = 'anonymous') => {
      await audit.append({ actor, action: 'lineage.openlineage', target: OPENLINEAGE_PATH, outcome: 'denied', details: { reason, requestId } })
        .catch((e) => log.error({ err: (e as Error).message, requestId }, 'could not audit a refused OpenLineage event'));
      req.resume();
      json(res, status, { error });
    };
    const header = req.headers.authorization;
    const token = bearerToken(header);
    if (!token) return denied(401, 'authentication required: send Authorization: Bearer <token> of a steward or admin (fundgov token --user ID)', header ? 'malformed' : 'missing');
    let user;
    try {
      user = await authenticator.authenticate(token);
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      return denied(401, err.message, err.reason);
    }
    if (!user.roles.some((r) => ALLOWED_ROLES.includes(r))) return denied(403, 'your roles do not allow sending lineage; a steward or admin may', 'forbidden', user.id);

    let body: Buffer;
    try {
      body = await readBody(req, OL_MAX_EVENT_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLarge) return json(res, 413, { error: `the event is over the limit of ${OL_MAX_EVENT_BYTES} bytes`, details: [`limit ${OL_MAX_EVENT_BYTES} bytes`] });
      throw err;
    }
    const parsed = parseRunEvent(body.toString('utf8'));
    if (!parsed.ok) return json(res, 400, { error: 'not a valid OpenLineage RunEvent', details: parsed.errors });
    const { event, edges } = parsed;
    try {
      await audit.append({
        actor: user.id, action: 'lineage.openlineage', target: `${event.job.namespace}/${event.job.name}`, outcome: 'accepted',
        details: { requestId, eventKey: event.key, runId: event.run.runId, eventType: event.eventType, eventTime: event.eventTime, producer: event.producer, edges: edges.length },
      });
    } catch (err) {
      log.error({ err: (err as Error).message, requestId }, 'audit store refused an OpenLineage event; nothing stored');
      return json(res, 503, { error: 'the audit trail is unavailable, so the event was not stored; send it again later' });
    }
    const r = await ingestRunEvent(graph, event, edges, { actor: user.id });
    json(res, 201, { ok: true, edges: r.edges, new: r.created, runId: r.runId, job: r.jobId, placeholders: r.placeholderDatasets.length });
  };
}

/** Runs due reconciliation checks once a minute while a source connector is registered. */
export function startReconciliationScheduler(graph: Graph, audit: Pick<AuditTrail, 'append'>, log: Logger, everyMs = 60_000): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running || !sourceConnector()) return;
    running = runDueChecks(graph, { audit })
      .then((results) => { for (const r of results) log.info({ checkId: r.checkId, ok: r.ok, failing: r.failingCount }, 'scheduled reconciliation ran'); })
      .catch((err) => log.error({ err: (err as Error).message }, 'scheduled reconciliation failed'))
      .finally(() => { running = null; });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => { clearInterval(timer); await running; };
}

/** The startup hook: serves POST /api/v1/lineage and runs scheduled reconciliation checks. */
export const lineageStartupHook: StartupHook = async ({ config, graph, audit, log }) => ({
  routes: { [OPENLINEAGE_PATH]: openLineageHandler({ config, graph, audit: audit.store }) },
  close: startReconciliationScheduler(graph, audit.store, log),
});

let registered = false;
/** Adds the lineage hook to the service's startup hooks (once). */
export function registerLineageRoutes(): void {
  if (registered) return;
  registered = true;
  startupHooks.push(lineageStartupHook);
}
