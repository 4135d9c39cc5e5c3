// The whole schema's shape, declared once: plugins, context, auth scopes, error types.
import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import RelayPlugin from '@pothos/plugin-relay';
import ErrorsPlugin from '@pothos/plugin-errors';
import { GraphQLError } from 'graphql';
import type { Context } from './context.ts';
import type { Role } from '../catalog/users.ts';
import { noteResolvedError } from './outcome.ts';

export type Scopes = { authenticated: boolean } & { [R in Role]: boolean };

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: Scopes;
  DefaultEdgesNullability: false;
  Scalars: { JSON: { Input: unknown; Output: unknown } };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin],
  scopeAuth: {
    authScopes: async (ctx) => {
      const has = (r: Role) => !!ctx.user && ctx.user.roles.includes(r);
      return {
        authenticated: !!ctx.user,
        steward: has('steward'), approver: has('approver'), governance: has('governance'),
        auditor: has('auditor'), business: has('business'), admin: has('admin'),
      };
    },
    unauthorizedError: (_parent, ctx) =>
      ctx.user
        ? new GraphQLError('your roles do not allow this; ask an administrator for the role it needs', { extensions: { code: 'FORBIDDEN' } })
        : new GraphQLError('authentication required: send Authorization: Bearer <token> (fundgov token --user ID)', { extensions: { code: 'UNAUTHENTICATED' } }),
  },
  relay: { clientMutationId: 'omit', cursorType: 'String', edgesFieldOptions: { nullable: false }, nodeFieldOptions: { nullable: false } },
  errors: { defaultTypes: [], directResult: true, onResolvedError: noteResolvedError },
});

builder.scalarType('JSON', {
  serialize: (v) => v,
  parseValue: (v) => v,
});

builder.queryType({});
builder.mutationType({});

/** Every error a user can cause and fix implements this interface. */
export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'An error the caller can act on: the message says what to fix.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

/** Registers a user-facing error class as a GraphQL type implementing Error. */
export function errorType<T extends Error>(cls: new (...args: any[]) => T, name: string, description: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return builder.objectType(cls as new (...args: any[]) => Error, { name, description, interfaces: [ErrorInterface], isTypeOf: (v) => v instanceof cls });
}

/** The result of a mutation that has nothing else to return (typed errors need an object type). */
export const DoneRef = builder.objectRef<{ ok: true; id: string }>('Done').implement({
  fields: (t) => ({ ok: t.exposeBoolean('ok'), id: t.exposeString('id') }),
});
