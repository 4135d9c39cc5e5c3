// Structured logs: pino, secrets and tokens redacted wherever they appear.
import pino from 'pino';

export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'fundgov' },
    redact: {
      paths: [
        'req.headers.authorization', 'req.headers.cookie', 'headers.authorization',
        '*.password', '*.token', '*.secret', '*.credentials', '*.connectionString', 'variables.*.password',
      ],
      censor: '[redacted]',
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;

const SECRET_KEY = /pass(word)?|secret|token|credential|connection_?(string|url)|database_?url|api_?key|private/i;

/** Copies GraphQL variables for an audit event with secret-looking fields replaced. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[deep]';
  if (Array.isArray(value)) return value.slice(0, 200).map((v) => redactSecrets(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [String(redactSecrets(k, depth + 1)), SECRET_KEY.test(k) ? '[redacted]' : redactSecrets(v, depth + 1)]));
  }
  if (typeof value === 'string') {
    // PostgreSQL jsonb refuses NUL and lone surrogates: store a visible replacement instead.
    const clean = value.toWellFormed().replaceAll('\u0000', '\uFFFD');
    return clean.length > 2000 ? clean.slice(0, 2000) + '…' : clean;
  }
  return value;
}
