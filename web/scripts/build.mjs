// `npm install` / `npm ci` (prepare): builds the web UI into web/dist with Vite.
// Without the dev dependencies (npm ci --omit=dev) there is no Vite: say so and leave the service usable.
import { fileURLToPath } from 'node:url';

const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));
let vite;
try {
  vite = await import('vite');
} catch {
  console.error('fundgov: Vite is not installed (dev dependencies omitted); the web UI is not built. Run `npm install` then `npm run build:web`.');
  process.exit(0);
}
const started = Date.now();
await vite.build({ configFile, logLevel: 'warn' });
console.error(`fundgov: web UI built into web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
