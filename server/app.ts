// The HTTP surface: /graphql (yoga), /healthz, /readyz, /metrics; request ids and logs.
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createYoga, type Plugin } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { schema } from '../schema/index.ts';
import type { Context, Services } from '../schema/context.ts';
import type { Config } from './config.ts';
import { AuthError, bearerToken, createAuthenticator } from './auth.ts';
import { auditMutationsPlugin } from './audit-plugin.ts';
import type { Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, ctx: { requestId: string; log: Logger }) => Promise<void>;

export interface AppOptions {
  config: Config;
  services: Services;
  log: Logger;
  /** Extra routes by path prefix (downloads, OpenLineage intake, web UI). */
  routes?: Record<string, RouteHandler>;
}

export function createApp({ config, services, log, routes = {} }: AppOptions): { server: Server; metrics: Metrics } {
  const metrics = createMetrics();
  const authenticator = createAuthenticator(config, services.graph);

  async function userFromRequest(request: Request, requestId: string) {
    const header = request.headers.get('authorization');
    if (!header) return null;
    const token = bearerToken(header);
    try {
      if (!token) throw new AuthError('the Authorization header must be "Bearer <token>"', 'malformed');
      return await authenticator.authenticate(token);
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      metrics.authFailures.inc({ reason: err.reason });
      log.warn({ requestId, reason: err.reason }, 'sign-in refused');
      await services.audit.append({ actor: 'anonymous', action: 'auth.signin', outcome: 'denied', details: { reason: err.reason, message: err.message, requestId } })
        .catch((e) => log.error({ err: (e as Error).message, requestId }, 'could not audit a refused sign-in'));
      throw new GraphQLError(err.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
  }

  const yoga = createYoga<{ requestId: string }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'fundgov GraphQL' },
    logging: false,
    maskedErrors: {
      maskError: (error, message) => {
        const e = error as GraphQLError;
        if (e instanceof GraphQLError && (e.extensions?.code || !e.originalError)) return e;
        log.error({ err: (e.originalError ?? e) as Error }, 'unexpected resolver error');
        return new GraphQLError(message, { extensions: { code: 'INTERNAL' } });
      },
    },
    context: async ({ request, requestId }) => ({
      ...services,
      requestId,
      user: await userFromRequest(request, requestId),
    }),
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: config.maxDepth },
        costLimit: { maxCost: config.maxCost },
        maxAliases: { n: 30 },
        maxDirectives: { n: 30 },
        maxTokens: { n: 5000 },
        blockFieldSuggestion: { enabled: false },
      }) as Plugin,
      auditMutationsPlugin(log) as Plugin,
    ],
  });

  const fixed: Record<string, RouteHandler> = {
    '/healthz': async (_req, res) => json(res, 200, { status: 'alive' }),
    '/readyz': async (_req, res) => {
      const [graph, audit] = await Promise.all([services.graph.ping(), services.audit.ping().then(() => true, () => false)]);
      json(res, graph && audit ? 200 : 503, { status: graph && audit ? 'ready' : 'not ready', graph, audit });
    },
    '/metrics': async (_req, res) => {
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
    },
  };

  // Longest prefix first, so '/' (the web UI) stays the fallback whatever the registration order.
  const routePrefixes = Object.keys(routes).sort((a, b) => b.length - a.length);

  const server = createServer(async (req, res) => {
    const requestId = (typeof req.headers['x-request-id'] === 'string' && /^[\w.-]{1,100}$/.test(req.headers['x-request-id'])) ? req.headers['x-request-id'] : randomUUID();
    res.setHeader('x-request-id', requestId);
    const path = (req.url ?? '/').split('?')[0];
    const route = path.startsWith('/graphql') ? '/graphql' : Object.keys(fixed).includes(path) ? path : routePrefixes.find((p) => path.startsWith(p)) ?? 'other';
    const end = metrics.httpDuration.startTimer({ route });
    res.on('finish', () => {
      end();
      metrics.httpRequests.inc({ route, status: String(res.statusCode) });
      log.info({ requestId, method: req.method, path, status: res.statusCode }, 'request');
    });
    try {
      if (route === '/graphql') return void (await yoga.handle(req, res, { requestId }));
      const handler = fixed[path] ?? (route !== 'other' ? routes[route] : undefined);
      if (handler) return void (await handler(req, res, { requestId, log }));
      json(res, 404, { error: `no route ${path}` });
    } catch (err) {
      log.error({ requestId, err: (err as Error).message }, 'request failed');
      if (!res.headersSent) json(res, 500, { error: 'internal error', requestId });
      else res.end();
    }
  });
  return { server, metrics };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
