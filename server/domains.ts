// Registers every domain's startup hooks and demo steps, once, in one place.
import { startupHooks } from './serve.ts';
import { demoStartupHook } from './demo.ts';

startupHooks.push(demoStartupHook);
