// Builds the native export hot path (native/csv_export.cc) with node-gyp, which npm carries.
// Run by `npm install` (the root package's prepare script). A machine without a C++ compiler
// or Node's headers still works: the export then uses the TypeScript path (same bytes, slower),
// and the service says so in its startup log.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const candidates = [
  process.env.npm_config_node_gyp,
  join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
].filter((p) => p && existsSync(p));
if (process.env.FUNDGOV_NATIVE === '0') {
  console.log('native: skipped (FUNDGOV_NATIVE=0)');
} else if (candidates.length === 0) {
  console.warn('native: node-gyp not found; exports use the TypeScript path');
} else {
  // Node's own headers where the machine has them (no download), else what npm is set to use
  const prefix = join(dirname(process.execPath), '..');
  const nodedir = process.env.npm_config_nodedir || (existsSync(join(prefix, 'include/node/node_api.h')) ? prefix : '');
  const args = [candidates[0], 'rebuild', '--release', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
  const r = spawnSync(process.execPath, args, { cwd: here, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status === 0) console.log('native: built build/Release/fundgov_native.node');
  else console.warn(`native: the build failed; exports use the TypeScript path\n${(r.stderr || r.stdout || '').split('\n').slice(-15).join('\n')}`);
}
