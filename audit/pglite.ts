// The embedded default: PGlite persisted in a directory, served over the PostgreSQL wire protocol
// by pglite-socket so that the audit store's `pg` code runs unchanged on it.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { AuditDataDirError } from './errors.ts';

export interface EmbeddedPostgres {
  /** postgres:// URL that `pg` connects to (no password, no TLS). */
  url: string;
  /** Stops the socket server, closes the database (flushing it) and releases the directory lock. */
  close(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Listen on this unix socket path instead of 127.0.0.1 and a free TCP port. */
  socketPath?: string;
  /**
   * Client connections the socket server admits at once (default 4). They share PGlite's single
   * session, so an application should use one connection (AuditStore does: pool of 1 on PGlite);
   * the spare slots absorb reconnects and an occasional admin client.
   */
  maxConnections?: number;
}

const LOCK_FILE = 'fundgov-audit.lock';
/** Directories this process holds, so that a stale lock carrying a reused pid (pid 1 in a container) is told apart. */
const heldHere = new Set<string>();

/** Opens (or creates) the PGlite database in `dir` and serves it; fails loudly on a damaged or busy directory. */
export async function startEmbeddedPostgres(dir: string, options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const path = resolve(dir);
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new AuditDataDirError(`cannot create the audit data directory ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (!statSync(path).isDirectory()) throw new AuditDataDirError(`audit data directory ${path} is not a directory`);
  const releaseLock = acquireLock(path);
  let db: PGlite | undefined;
  try {
    checkDataDir(path);
    try {
      db = await PGlite.create(path);
      await db.query('SELECT 1');
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new AuditDataDirError(
        `the embedded audit database in ${path} could not be opened (${detail}); the directory is damaged or was written by an incompatible PGlite version. ` +
        'Restore it from a backup, or move it away to start a new, empty audit trail.',
        { cause: err },
      );
    }
    const server = new PGLiteSocketServer({
      db,
      ...(options.socketPath ? { path: options.socketPath } : { host: '127.0.0.1', port: 0 }),
      maxConnections: options.maxConnections ?? 4,
    });
    await server.start();
    const url = options.socketPath
      ? socketUrl(options.socketPath)
      : `postgres://postgres@${server.getServerConn()}/postgres`;
    let closing: Promise<void> | null = null;
    const opened = db;
    return {
      url,
      close() {
        closing ??= (async () => {
          try {
            await server.stop();
            await opened.close();
          } finally {
            releaseLock();
          }
        })();
        return closing;
      },
    };
  } catch (err) {
    await db?.close().catch(() => {});
    releaseLock();
    throw err;
  }
}

/** pg reads a unix socket as host=<directory>, port=<n> of the file `.s.PGSQL.<n>`. */
function socketUrl(socketPath: string): string {
  const file = resolve(socketPath);
  const m = /^(.*)\/\.s\.PGSQL\.(\d+)$/.exec(file);
  if (!m) throw new AuditDataDirError(`unix socket path ${file} must end in /.s.PGSQL.<port> so that PostgreSQL clients can find it`);
  return `postgres://postgres@/postgres?host=${encodeURIComponent(m[1]!)}&port=${m[2]}`;
}

/** A directory that holds something, but not a PostgreSQL cluster, must not be initialised over. */
function checkDataDir(path: string): void {
  const entries = readdirSync(path).filter((e) => e !== LOCK_FILE);
  if (entries.length === 0) return; // new trail
  const missing = ['PG_VERSION', 'global/pg_control', 'base'].filter((e) => !existsSync(join(path, e)));
  if (missing.length > 0) {
    const shown = entries.slice(0, 8).join(', ') + (entries.length > 8 ? ', ...' : '');
    throw new AuditDataDirError(
      `audit data directory ${path} is not empty but is not a PGlite database (missing ${missing.join(', ')}; it holds ${shown}). ` +
      'fundgov will not start an empty audit trail over it: restore the directory from a backup, or point FUNDGOV_DATA_DIR elsewhere.',
    );
  }
}

/** One process per directory: PGlite has no lock of its own, and two writers would corrupt it. */
function acquireLock(path: string): () => void {
  const file = join(path, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(path);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldHere.delete(path);
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new AuditDataDirError(`cannot lock the audit data directory ${path}: ${(err as Error).message}`, { cause: err });
      }
      const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
      const ours = pid === process.pid;
      if (Number.isInteger(pid) && pid > 0 && (ours ? heldHere.has(path) : processAlive(pid))) {
        throw new AuditDataDirError(
          `audit data directory ${path} is in use by process ${pid}${ours ? ' (this process)' : ''}; ` +
          'stop that process, or talk to the running service instead of opening the directory a second time.',
        );
      }
      rmSync(file, { force: true }); // left behind by a process that died (kill -9)
    }
  }
  throw new AuditDataDirError(`cannot lock the audit data directory ${path}: another process keeps taking the lock`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
