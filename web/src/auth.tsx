// Sign-in state: the pasted token (kept in sessionStorage), the user and roles from `me`.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Provider, useQuery } from 'urql';
import { graphql } from './gql';
import type { Role } from './gql/graphql';
import { createClient } from './client';

const TOKEN_KEY = 'fundgov.token';

export const MeQuery = graphql(`
  query Me { me { id name roles department departmentName } }
`);

interface AuthState {
  token: string | null;
  signIn(token: string): void;
  signOut(): void;
}

const AuthContext = createContext<AuthState>({ token: null, signIn: () => undefined, signOut: () => undefined });

export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const client = useMemo(() => createClient(token), [token]);
  const signIn = useCallback((t: string) => { sessionStorage.setItem(TOKEN_KEY, t); setToken(t); }, []);
  const signOut = useCallback(() => { sessionStorage.removeItem(TOKEN_KEY); setToken(null); }, []);
  const state = useMemo(() => ({ token, signIn, signOut }), [token, signIn, signOut]);
  return (
    <AuthContext.Provider value={state}>
      {/* Keyed by the token: signing in as someone else starts from a clean tree, never the last user's data. */}
      <Provider value={client} key={token ?? ''}>{children}</Provider>
    </AuthContext.Provider>
  );
}

export function useAuth(): AuthState {
  return useContext(AuthContext);
}

/** The signed-in user; `roles` is empty until `me` answers. */
export function useMe() {
  const { token } = useAuth();
  const [res] = useQuery({ query: MeQuery, pause: !token, requestPolicy: 'cache-first' });
  return { me: res.data?.me ?? null, roles: (res.data?.me?.roles ?? []) as Role[], fetching: res.fetching, error: res.error };
}
