// One audit path for every GraphQL mutation: the intent is stored before anything runs
// (refused when the audit store cannot take it), the outcome after.
import { getOperationAST, GraphQLError, Kind, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../schema/context.ts';
import { outcomeStorage } from '../schema/outcome.ts';
import { redactSecrets, type Logger } from './logger.ts';

export function auditUnavailable(): GraphQLError {
  return new GraphQLError('the audit trail is unavailable, so nothing was changed; try again when it is back', { extensions: { code: 'AUDIT_UNAVAILABLE' } });
}

export function auditMutationsPlugin(log: Logger): Plugin<Context> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const op = getOperationAST(args.document, args.operationName ?? undefined);
      if (op?.operation !== 'mutation') return;
      const fields = op.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
      setExecuteFn(async (execArgs) => {
        const ctx = execArgs.contextValue as Context;
        const actor = ctx.user?.id ?? 'anonymous';
        const action = `mutation.${fields.join('+')}`;
        const base = { actor, action, target: null, details: { operationName: args.operationName ?? null, variables: redactSecrets(execArgs.variableValues ?? {}), requestId: ctx.requestId } };
        try {
          await ctx.audit.append({ ...base, outcome: 'attempt' });
        } catch (err) {
          log.error({ err: (err as Error).message, action, requestId: ctx.requestId }, 'audit store refused an event; mutation refused');
          return { errors: [auditUnavailable()] } as ExecutionResult;
        }
        const state = { errors: [] as string[] };
        const result = (await outcomeStorage.run(state, () => executeFn(execArgs))) as ExecutionResult;
        const codes = (result.errors ?? []).map((e) => String(e.extensions?.code ?? 'ERROR'));
        const outcome = codes.includes('FORBIDDEN') || codes.includes('UNAUTHENTICATED') ? 'denied'
          : codes.length ? 'error' : state.errors.length ? 'rejected' : 'ok';
        if (outcome === 'ok') ctx.ops.catalogChanged();
        try {
          await ctx.audit.append({ ...base, outcome, details: { ...base.details, errors: [...state.errors, ...(result.errors ?? []).map((e) => e.message)].slice(0, 20) } });
        } catch (err) {
          log.error({ err: (err as Error).message, action, requestId: ctx.requestId }, 'audit outcome event could not be stored');
        }
        return result;
      });
    },
  };
}
