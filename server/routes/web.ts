// GET / : the built web UI (web/dist), with the single-page-app fallback to index.html.
// Paths are resolved inside the dist folder only; hashed assets are cached for a year.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import type { ServerResponse } from 'node:http';
import { json, type RouteHandler } from '../app.ts';
import type { StartupHook } from '../serve.ts';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

// antd writes its styles at run time (inline <style>), hence 'unsafe-inline' for styles only.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

async function fileAt(path: string): Promise<{ size: number; mtime: Date } | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s : null;
  } catch {
    return null;
  }
}

async function send(res: ServerResponse, path: string, size: number, head: boolean, cache: string): Promise<void> {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(size),
    'cache-control': cache,
  });
  if (head) return void res.end();
  await pipeline(createReadStream(path), res);
}

/** Serves the files of `distDir`; unknown paths without a file extension get index.html (client-side routes). */
export function webHandler(distDir: string = WEB_DIST): RouteHandler {
  const root = resolve(distDir);
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return json(res, 405, { error: 'the web UI only answers GET and HEAD' });
    }
    const head = req.method === 'HEAD';
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? '/').split('?')[0].split('#')[0]);
    } catch {
      return json(res, 400, { error: 'the path is not valid percent-encoding' });
    }
    if (path.includes('\0') || path.includes('\\')) return json(res, 400, { error: 'the path contains a forbidden character' });
    const target = resolve(join(root, path));
    if (target !== root && !target.startsWith(root + sep)) return json(res, 404, { error: `no route ${path}` });

    const index = join(root, 'index.html');
    const indexStat = await fileAt(index);
    if (!indexStat) return json(res, 503, { error: 'the web UI is not built: run `npm run build:web` (or `npm install`), then reload' });

    const found = target === root ? null : await fileAt(target);
    if (found) {
      const immutable = target.startsWith(join(root, 'assets') + sep);
      return send(res, target, found.size, head, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    }
    // A missing asset is a 404, not the app: a stale tab asking for an old chunk must see the error.
    if (extname(path) && extname(path) !== '.html') return json(res, 404, { error: `no file ${path}` });
    return send(res, index, indexStat.size, head, 'no-cache');
  };
}

/** Registers the web UI at '/', the fallback route (the app matches the longest prefix first). */
export const webStartupHook: StartupHook = async () => ({ routes: { '/': webHandler() } });
