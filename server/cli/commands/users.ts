// `fundgov users add|list|grant|revoke`: on the data directory directly when no service runs,
// through the running service's GraphQL API (as --as, default admin) when one does. Audited either way.
import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config.ts';
import { serviceClient } from '../remote.ts';
import { liveService, openAudit, openCatalogGraph } from '../../services.ts';
import { addUser, listUsers, setRoles, assertRoles, type User } from '../../../catalog/users.ts';

const USER_FIELDS = 'id name roles department departmentName disabled';

async function remote(config: Config, port: number, as: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const data = await (await serviceClient(config, port, as, 300)).gql(query, variables);
  // A typed error comes back as data: { message } instead of the user.
  for (const v of Object.values(data ?? {})) {
    if (v && typeof v === 'object' && 'message' in (v as object) && !('id' in (v as object))) throw new Error((v as { message: string }).message);
  }
  return data;
}

async function local<T>(config: Config, as: string, action: string, details: Record<string, unknown>, work: (g: Awaited<ReturnType<typeof openCatalogGraph>>) => Promise<T>, mutates: boolean): Promise<T> {
  const graph = await openCatalogGraph(config);
  try {
    if (!mutates) return await work(graph);
    const audit = await openAudit(config);
    try {
      await audit.store.append({ actor: as, action, outcome: 'attempt', details: { ...details, via: 'cli' } });
      try {
        const out = await work(graph);
        await audit.store.append({ actor: as, action, outcome: 'ok', details: { ...details, via: 'cli' } });
        return out;
      } catch (err) {
        await audit.store.append({ actor: as, action, outcome: 'rejected', details: { ...details, via: 'cli', error: (err as Error).message } });
        throw err;
      }
    } finally {
      await audit.close();
    }
  } finally {
    await graph.close();
  }
}

function print(users: User[], json?: boolean): void {
  for (const u of users) {
    process.stdout.write(json ? JSON.stringify(u) + '\n' : `${u.id}\t${u.name}\t${u.roles.join(',') || '-'}\t${u.departmentName ?? u.department ?? '-'}${u.disabled ? '\t(disabled)' : ''}\n`);
  }
}

const roleList = (s: string) => s.split(',').map((r) => r.trim()).filter(Boolean);

export function register(program: Command): void {
  const users = program.command('users').description('manage users and roles (steward, approver, governance, auditor, business, admin)');
  users.command('list').option('--json', 'one JSON object per line').option('--as <id>', 'acting admin when a service runs', 'admin')
    .action(async (o: { json?: boolean; as: string }) => {
      const config = loadConfig();
      const svc = liveService(config);
      if (svc) {
        const data = await remote(config, svc.port, o.as, `{ users(first: 1000) { edges { node { ${USER_FIELDS} } } } }`, {});
        print(data.users.edges.map((e: { node: User }) => e.node), o.json);
      } else print(await local(config, o.as, 'users.list', {}, listUsers, false), o.json);
    });
  users.command('add <id>').description('add a user').requiredOption('--name <name>', 'display name')
    .option('--roles <list>', 'comma-separated roles', '').option('--department <id>', 'department id')
    .option('--json').option('--as <id>', 'acting admin', 'admin')
    .action(async (id: string, o: { name: string; roles: string; department?: string; json?: boolean; as: string }) => {
      const config = loadConfig();
      const roles = roleList(o.roles);
      assertRoles(roles);
      const svc = liveService(config);
      const input = { id, name: o.name, roles, department: o.department ?? null };
      const user = svc
        ? (await remote(config, svc.port, o.as, `mutation($input: AddUserInput!) { addUser(input: $input) { ... on User { ${USER_FIELDS} } ... on Error { message } } }`, { input })).addUser
        : await local(config, o.as, 'cli.users.add', { input }, (g) => addUser(g, input), true);
      print([user], o.json);
    });
  for (const verb of ['grant', 'revoke'] as const) {
    users.command(`${verb} <id> <roles>`).description(`${verb} comma-separated roles`).option('--json').option('--as <id>', 'acting admin', 'admin')
      .action(async (id: string, rolesArg: string, o: { json?: boolean; as: string }) => {
        const config = loadConfig();
        const roles = roleList(rolesArg);
        assertRoles(roles);
        const svc = liveService(config);
        const field = verb === 'grant' ? 'grantRoles' : 'revokeRoles';
        const user = svc
          ? (await remote(config, svc.port, o.as, `mutation($u: String!, $r: [Role!]!) { ${field}(userId: $u, roles: $r) { ... on User { ${USER_FIELDS} } ... on Error { message } } }`, { u: id, r: roles }))[field]
          : await local(config, o.as, `cli.users.${verb}`, { userId: id, roles }, (g) => setRoles(g, id, verb === 'grant' ? { grant: roles } : { revoke: roles }), true);
        print([user], o.json);
      });
  }
}
