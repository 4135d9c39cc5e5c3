// The front of every single-use download link (exports, reports):
// GET /api/v1/<kind>/<id>/download?token=… with the requester's own bearer token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { User } from '../catalog/users.ts';
import type { AuditTrail } from '../schema/context.ts';
import { json } from './app.ts';
import { AuthError, bearerToken, type Authenticator } from './auth.ts';

export interface DownloadRequest { id: string; token: string; user: User }

/**
 * Reads the link's id and token and signs its caller in. Answers the request itself (404 for
 * another path, 405 for another method, 401 without a valid token, the refusal audited) and
 * returns null then; the caller goes on to claim the link.
 */
export async function openDownload(req: IncomingMessage, res: ServerResponse, requestId: string, opts: {
  kind: 'exports' | 'reports';
  /** what the 401 calls the link, e.g. 'a download link' */
  link: string;
  /** audit action of a refused sign-in */
  action: string;
  /** extra audit fields naming the id, e.g. { exportId } */
  refs?: (id: string) => { exportId?: string };
  authenticator: Authenticator;
  audit: Pick<AuditTrail, 'append'>;
}): Promise<DownloadRequest | null> {
  const url = new URL(req.url ?? '/', 'http://x');
  const m = new RegExp(`^/api/v1/${opts.kind}/([^/]+)/download$`).exec(url.pathname);
  if (!m) { json(res, 404, { error: `use GET /api/v1/${opts.kind}/<${opts.kind === 'exports' ? 'exportId' : 'reportId'}>/download?token=…` }); return null; }
  if (req.method !== 'GET') { res.setHeader('allow', 'GET'); json(res, 405, { error: 'use GET' }); return null; }
  const id = decodeURIComponent(m[1]!);
  const token = url.searchParams.get('token') ?? '';
  try {
    const t = bearerToken(req.headers.authorization);
    if (!t) throw new AuthError(`send Authorization: Bearer <token>; ${opts.link} works only for the user who ${opts.kind === 'exports' ? 'requested' : 'generated'} it`, 'missing');
    return { id, token, user: await opts.authenticator.authenticate(t) };
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    await opts.audit.append({ actor: 'anonymous', action: opts.action, target: id, ...opts.refs?.(id), outcome: 'denied', details: { reason: err.reason, requestId } }).catch(() => undefined);
    json(res, 401, { error: err.message });
    return null;
  }
}
