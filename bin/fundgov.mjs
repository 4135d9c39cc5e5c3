#!/usr/bin/env node
// Runs the TypeScript sources through tsx so that `npx fundgov` and `npm start` need no build step.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../server/cli/main.ts');
await main(process.argv);
