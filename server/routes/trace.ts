// POST /api/v1/trace: upload a leaked file (raw body) and learn whose export it was.
// Auditors, governance and admins; every trace audited, refused when the audit trail is down.
import type { IncomingMessage } from 'node:http';
import { json, type RouteHandler } from '../app.ts';
import type { StartupHook } from '../serve.ts';
import { AuthError, bearerToken, createAuthenticator } from '../auth.ts';
import { traceLeak, TraceError } from '../trace.ts';
import type { Config } from '../config.ts';

export const TRACE_PATH = '/api/v1/trace';
const ALLOWED = ['auditor', 'governance', 'admin'];

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function traceHandler(config: Config, deps: Parameters<StartupHook>[0]): RouteHandler {
  const authenticator = createAuthenticator(config, deps.graph);
  const audit = deps.audit.store;
  return async (req, res, { requestId, log }) => {
    if ((req.url ?? '').split('?')[0].replace(/\/$/, '') !== TRACE_PATH) return json(res, 404, { error: 'no such route' });
    if (req.method !== 'POST') { res.setHeader('allow', 'POST'); return json(res, 405, { error: 'POST the leaked file as the request body' }); }
    const token = bearerToken(req.headers.authorization);
    let user;
    try {
      if (!token) throw new AuthError('authentication required: send Authorization: Bearer <token>', 'missing');
      user = await authenticator.authenticate(token);
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      req.resume();
      await audit.append({ actor: 'anonymous', action: 'trace.upload', outcome: 'denied', details: { reason: err.reason, requestId } }).catch(() => undefined);
      return json(res, 401, { error: err.message });
    }
    if (!user.roles.some((r) => ALLOWED.includes(r))) {
      req.resume();
      await audit.append({ actor: user.id, action: 'trace.upload', outcome: 'denied', details: { reason: 'role', requestId } }).catch(() => undefined);
      return json(res, 403, { error: 'leak tracing is for auditors, governance and admins' });
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const opts = { from: url.searchParams.get('from'), to: url.searchParams.get('to'), datasetIds: url.searchParams.getAll('dataset') };
    const body = await readBody(req, config.maxUploadBytes);
    if (!body) return json(res, 413, { error: `the upload is larger than ${Math.round(config.maxUploadBytes / 1024 / 1024)} MB (FUNDGOV_MAX_UPLOAD_MB)` });
    try {
      await audit.append({ actor: user.id, action: 'trace.upload', outcome: 'attempt', details: { bytes: body.length, ...opts, requestId } });
    } catch (err) {
      log.error({ err: (err as Error).message, requestId }, 'audit refused a trace');
      return json(res, 503, { error: 'the audit trail is unavailable, so the trace was not run; try again when it is back' });
    }
    try {
      const answer = await traceLeak(deps.graph, config, body, opts);
      await audit.append({ actor: user.id, action: 'trace.upload', target: answer.exportId, exportId: answer.exportId, outcome: answer.match ? 'match' : 'no-match', details: { candidates: answer.candidates, falsePositiveProbability: answer.falsePositiveProbability, requestId } }).catch((e) => log.error({ err: (e as Error).message }, 'trace outcome not audited'));
      return json(res, 200, answer);
    } catch (err) {
      if (err instanceof TraceError) {
        await audit.append({ actor: user.id, action: 'trace.upload', outcome: 'rejected', details: { error: err.message, requestId } }).catch(() => undefined);
        return json(res, 400, { error: err.message });
      }
      throw err;
    }
  };
}

export const traceStartupHook: StartupHook = async (deps) => ({ routes: { [TRACE_PATH]: traceHandler(deps.config, deps) } });
