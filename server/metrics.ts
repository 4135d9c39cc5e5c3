// Prometheus metrics (prom-client): process defaults plus HTTP and GraphQL counters.
import { Registry, collectDefaultMetrics, Counter, Histogram } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'fundgov_' });
  const httpRequests = new Counter({ name: 'fundgov_http_requests_total', help: 'HTTP requests', labelNames: ['route', 'status'] as const, registers: [registry] });
  const httpDuration = new Histogram({ name: 'fundgov_http_request_seconds', help: 'HTTP request duration', labelNames: ['route'] as const, registers: [registry], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
  const authFailures = new Counter({ name: 'fundgov_auth_failures_total', help: 'rejected tokens', labelNames: ['reason'] as const, registers: [registry] });
  return { registry, httpRequests, httpDuration, authFailures };
}
export type Metrics = ReturnType<typeof createMetrics>;
