// The one config loader: environment variables only, safe embedded defaults, and a clear
// error naming the variable when a value is wrong.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';

export class ConfigError extends Error {
  constructor(public readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export interface EnvVar {
  name: string;
  default: string;
  help: string;
}

/** Every variable fundgov reads, with its default, for `fundgov --help` and the README. */
export const ENV_VARS: EnvVar[] = [
  { name: 'PORT', default: '4000', help: 'HTTP port of the service' },
  { name: 'HOST', default: '0.0.0.0', help: 'address the service listens on' },
  { name: 'FUNDGOV_DATA_DIR', default: './data', help: 'embedded stores, generated keys and demo files' },
  { name: 'GRAPH_URL', default: '(embedded Grafeo under $FUNDGOV_DATA_DIR/graph)', help: 'neo4j://, neo4j+s://, bolt:// or bolt+s:// URL of a Neo4j server' },
  { name: 'GRAPH_USER', default: 'neo4j', help: 'Neo4j user' },
  { name: 'GRAPH_PASSWORD', default: '(none)', help: 'Neo4j password' },
  { name: 'DATABASE_URL', default: '(embedded PGlite under $FUNDGOV_DATA_DIR/audit)', help: 'postgres:// URL of the audit-trail database' },
  { name: 'FUNDGOV_JWT_SECRET', default: '(generated into $FUNDGOV_DATA_DIR/jwt.secret, mode 0600)', help: 'HS256 signing secret for fundgov tokens, at least 32 bytes' },
  { name: 'FUNDGOV_AUDIT_KEY', default: '(generated into $FUNDGOV_DATA_DIR/audit.key, mode 0600)', help: 'HMAC key of the audit chain, at least 32 bytes' },
  { name: 'FUNDGOV_WATERMARK_KEY', default: '(generated into $FUNDGOV_DATA_DIR/watermark.key for the service; required by the offline CLI)', help: 'key of the export watermarks, at least 16 bytes' },
  { name: 'FUNDGOV_CREDENTIAL_KEY', default: '(generated into $FUNDGOV_DATA_DIR/credential.key, mode 0600)', help: 'key that encrypts source credentials at rest, at least 32 bytes' },
  { name: 'FUNDGOV_SAMPLE_SIZE', default: '200', help: 'values sampled per column for classification (held in memory only)' },
  { name: 'FUNDGOV_SOURCE_ROOTS', default: '$FUNDGOV_DATA_DIR', help: 'colon-separated folders under which CSV and DDL sources may be registered' },
  { name: 'FUNDGOV_OIDC_JWKS_URL', default: '(off)', help: "JWKS URL of the firm's identity provider (RS256/ES256 tokens)" },
  { name: 'FUNDGOV_OIDC_ISSUER', default: '(off)', help: 'expected issuer (iss) of identity-provider tokens' },
  { name: 'FUNDGOV_OIDC_AUDIENCE', default: '(any)', help: 'expected audience (aud) of identity-provider tokens' },
  { name: 'FUNDGOV_OIDC_USER_CLAIM', default: 'sub', help: 'claim that holds the fundgov user id' },
  { name: 'FUNDGOV_DEMO', default: '1', help: '0 to skip building the demo fund manager on first start' },
  { name: 'DEMO_DATABASE_URL', default: '(embedded PGlite under $FUNDGOV_DATA_DIR/demo-pg)', help: 'PostgreSQL for the demo source systems' },
  { name: 'FUNDGOV_MAX_DEPTH', default: '12', help: 'maximum GraphQL query depth' },
  { name: 'FUNDGOV_MAX_COST', default: '100000', help: 'maximum GraphQL query cost' },
  { name: 'FUNDGOV_EXPORT_WORKERS', default: '(the number of cores, at most 8)', help: 'worker threads that mask, watermark and encode CSV exports from PostgreSQL; 0 does it on the request thread' },
  { name: 'FUNDGOV_NATIVE', default: '1', help: '0 converts CSV exports with the TypeScript code instead of the native converter built by npm install (same bytes, slower)' },
  { name: 'FUNDGOV_MAX_UPLOAD_MB', default: '50', help: 'largest accepted upload' },
  { name: 'FUNDGOV_PDF_FONT', default: '(WenQuanYi Zen Hei, then Noto Sans CJK, from Debian packages)', help: 'CJK font file embedded in PDF reports' },
  { name: 'LOG_LEVEL', default: 'info', help: 'pino log level: fatal, error, warn, info, debug, trace, silent' },
];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  graph: { kind: 'grafeo'; path: string } | { kind: 'neo4j'; url: string; user: string; password: string };
  databaseUrl: string | null;
  jwtSecret: Buffer;
  auditKey: Buffer;
  watermarkKey: Buffer;
  credentialKey: Buffer;
  sampleSize: number;
  sourceRoots: string[];
  oidc: { jwksUrl: string; issuer: string; audience: string | null; userClaim: string } | null;
  demo: boolean;
  demoDatabaseUrl: string | null;
  maxDepth: number;
  maxCost: number;
  maxUploadBytes: number;
  exportWorkers: number;
  logLevel: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (!raw) return null;
  let u: URL;
  try { u = new URL(raw); } catch { throw new ConfigError(name, 'is not a valid URL'); }
  if (!protocols.includes(u.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => p + '//').join(', ')} (got ${u.protocol}//)`);
  }
  return raw;
}

/** A secret from the environment, or generated once into the data directory with mode 0600. */
export function loadOrCreateSecret(dataDir: string, file: string, variable: string, env: NodeJS.ProcessEnv, minBytes: number): Buffer {
  const fromEnv = env[variable];
  if (fromEnv !== undefined && fromEnv !== '') {
    const buf = Buffer.from(fromEnv, 'utf8');
    if (buf.length < minBytes) throw new ConfigError(variable, `must be at least ${minBytes} bytes long`);
    return buf;
  }
  const path = join(dataDir, file);
  if (existsSync(path)) {
    const hex = readFileSync(path, 'utf8').trim();
    if (!/^[0-9a-f]+$/.test(hex) || hex.length < minBytes * 2) {
      throw new ConfigError(variable, `the generated secret in ${file} of the data directory is corrupted; restore it from backup or set ${variable}`);
    }
    return Buffer.from(hex, 'utf8');
  }
  mkdirSync(dataDir, { recursive: true });
  const hex = randomBytes(32).toString('hex');
  writeFileSync(path, hex + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
  return Buffer.from(hex, 'utf8');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.FUNDGOV_DATA_DIR || './data');
  const graphUrl = url(env, 'GRAPH_URL', ['neo4j:', 'neo4j+s:', 'neo4j+ssc:', 'bolt:', 'bolt+s:', 'bolt+ssc:']);
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const demoDatabaseUrl = url(env, 'DEMO_DATABASE_URL', ['postgres:', 'postgresql:']);
  const jwksUrl = url(env, 'FUNDGOV_OIDC_JWKS_URL', ['https:', 'http:']);
  const issuer = env.FUNDGOV_OIDC_ISSUER || null;
  if (jwksUrl && !issuer) throw new ConfigError('FUNDGOV_OIDC_ISSUER', 'must be set when FUNDGOV_OIDC_JWKS_URL is set');
  if (issuer && !jwksUrl) throw new ConfigError('FUNDGOV_OIDC_JWKS_URL', 'must be set when FUNDGOV_OIDC_ISSUER is set');
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const demoRaw = env.FUNDGOV_DEMO ?? '1';
  if (!['0', '1', 'true', 'false', ''].includes(demoRaw)) throw new ConfigError('FUNDGOV_DEMO', 'must be 0 or 1');
  const port = int(env, 'PORT', 4000, 0, 65535);
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir,
    graph: graphUrl
      ? { kind: 'neo4j', url: graphUrl, user: env.GRAPH_USER || 'neo4j', password: env.GRAPH_PASSWORD || '' }
      : { kind: 'grafeo', path: join(dataDir, 'graph') },
    databaseUrl,
    jwtSecret: loadOrCreateSecret(dataDir, 'jwt.secret', 'FUNDGOV_JWT_SECRET', env, 32),
    auditKey: loadOrCreateSecret(dataDir, 'audit.key', 'FUNDGOV_AUDIT_KEY', env, 32),
    watermarkKey: loadOrCreateSecret(dataDir, 'watermark.key', 'FUNDGOV_WATERMARK_KEY', env, 16),
    credentialKey: loadOrCreateSecret(dataDir, 'credential.key', 'FUNDGOV_CREDENTIAL_KEY', env, 32),
    sampleSize: int(env, 'FUNDGOV_SAMPLE_SIZE', 200, 0, 100_000),
    sourceRoots: (env.FUNDGOV_SOURCE_ROOTS || dataDir).split(':').filter(Boolean).map((p) => resolve(p)),
    oidc: jwksUrl && issuer
      ? { jwksUrl, issuer, audience: env.FUNDGOV_OIDC_AUDIENCE || null, userClaim: env.FUNDGOV_OIDC_USER_CLAIM || 'sub' }
      : null,
    demo: demoRaw === '1' || demoRaw === 'true' || demoRaw === '',
    demoDatabaseUrl,
    maxDepth: int(env, 'FUNDGOV_MAX_DEPTH', 12, 2, 100),
    maxCost: int(env, 'FUNDGOV_MAX_COST', 100_000, 10, 100_000_000),
    maxUploadBytes: int(env, 'FUNDGOV_MAX_UPLOAD_MB', 50, 1, 10_000) * 1024 * 1024,
    exportWorkers: int(env, 'FUNDGOV_EXPORT_WORKERS', Math.min(8, availableParallelism()), 0, 64),
    logLevel,
  };
}

/** The env var section of `fundgov --help`. */
export function envHelp(): string {
  const w = Math.max(...ENV_VARS.map((v) => v.name.length));
  return 'Environment variables:\n' + ENV_VARS.map((v) => `  ${v.name.padEnd(w)}  ${v.help} [default: ${v.default}]`).join('\n');
}
