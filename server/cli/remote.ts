// How CLI commands talk to a fundgov service running on the same data directory: a short-lived
// token minted from the local secret for the acting user, and GraphQL over loopback.
import type { Config } from '../config.ts';
import { issueToken } from '../auth.ts';

export interface ServiceClient {
  base: string;
  token: string;
  /** Runs a GraphQL operation; GraphQL errors become one thrown Error. */
  gql(query: string, variables?: Record<string, unknown>): Promise<any>;
}

export async function serviceClient(config: Config, port: number, actingUser: string, ttlSeconds: number): Promise<ServiceClient> {
  const base = `http://127.0.0.1:${port}`;
  const token = await issueToken(config.jwtSecret, actingUser, ttlSeconds);
  return {
    base,
    token,
    async gql(query, variables = {}) {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
      return body.data;
    },
  };
}
