// The GraphQL client: urql with its document cache; every request carries the signed-in token.
import { Client, cacheExchange, fetchExchange } from 'urql';

export function createClient(token: string | null): Client {
  return new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange],
    requestPolicy: 'cache-and-network',
    fetchOptions: (): RequestInit => ({ headers: token ? { authorization: `Bearer ${token}` } : {} }),
  });
}
