// Carries, per request, whether a mutation ended in a typed error, so the audit plugin can
// record its real outcome even when the error is returned as data.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface OutcomeState { errors: string[] }
export const outcomeStorage = new AsyncLocalStorage<OutcomeState>();

export function noteResolvedError(error: Error): void {
  outcomeStorage.getStore()?.errors.push(`${error.name}: ${error.message}`);
}
