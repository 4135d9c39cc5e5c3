// Which API fields the running server offers (introspection), so screens of domains that have not
// landed yet show as "coming" instead of failing; and the shared GraphQL error helpers.
import { useQuery, type CombinedError } from 'urql';
import { graphql } from './gql';

const ApiFieldsQuery = graphql(`
  query ApiFields { __schema { queryType { fields { name } } mutationType { fields { name } } } }
`);

export function useApiFields(): { has(field: string): boolean; ready: boolean } {
  const [res] = useQuery({ query: ApiFieldsQuery, requestPolicy: 'cache-first' });
  const names = new Set([
    ...(res.data?.__schema.queryType.fields ?? []).map((f) => f.name),
    ...(res.data?.__schema.mutationType?.fields ?? []).map((f) => f.name),
  ]);
  return { has: (f) => names.has(f), ready: !!res.data };
}

/** The server's error code (UNAUTHENTICATED, FORBIDDEN, …) or 'NETWORK'. */
export function errorCode(error: CombinedError): string {
  if (error.networkError) return 'NETWORK';
  const code = error.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : 'OTHER';
}

/** A mutation result union member that is an error the user can fix. */
export function typedError(result: { __typename?: string; message?: string | null } | null | undefined): string | null {
  if (!result) return null;
  return 'message' in result && result.__typename?.endsWith('Error') ? result.message ?? '' : null;
}
