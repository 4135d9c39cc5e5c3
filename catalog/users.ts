// Users, departments and roles, kept in the graph: (:User)-[:MEMBER_OF]->(:Department).
// Roles are read on every request, so revoking one takes effect at once.
import type { Graph } from './graph/port.ts';

export const ROLES = ['steward', 'approver', 'governance', 'auditor', 'business', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  name: string;
  roles: Role[];
  department: string | null;
  departmentName: string | null;
  disabled: boolean;
}

export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export function assertRoles(roles: string[]): asserts roles is Role[] {
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length) throw new UserError(`unknown role ${bad.join(', ')}; roles are ${ROLES.join(', ')}`);
}

export function assertUserId(id: string): void {
  if (!USER_ID.test(id)) throw new UserError('a user id is 1-64 letters, digits, dot, underscore, @ or hyphen, starting with a letter or digit');
}

const Q_GET_USER = `
MATCH (u:User {id: $id})
OPTIONAL MATCH (u)-[:MEMBER_OF]->(d:Department)
RETURN u.id AS id, u.name AS name, u.roles AS roles, d.id AS department, d.name AS departmentName, coalesce(u.disabled, false) AS disabled`;

export async function getUser(graph: Graph, id: string): Promise<User | null> {
  const [row] = await graph.read<User>(Q_GET_USER, { id });
  return row ? { ...row, roles: (row.roles ?? []) as Role[] } : null;
}

const Q_LIST_USERS = `
MATCH (u:User)
OPTIONAL MATCH (u)-[:MEMBER_OF]->(d:Department)
RETURN u.id AS id, u.name AS name, u.roles AS roles, d.id AS department, d.name AS departmentName, coalesce(u.disabled, false) AS disabled
ORDER BY u.id`;

export async function listUsers(graph: Graph): Promise<User[]> {
  return (await graph.read<User>(Q_LIST_USERS)).map((u) => ({ ...u, roles: (u.roles ?? []) as Role[] }));
}

const Q_UPSERT_DEPARTMENTS = `
UNWIND $rows AS r
MERGE (d:Department {id: r.id})
SET d.name = r.name`;

export async function upsertDepartments(graph: Graph, rows: { id: string; name: string }[]): Promise<void> {
  for (const r of rows) assertUserId(r.id);
  await graph.write(Q_UPSERT_DEPARTMENTS, { rows });
}

const Q_ADD_USER = `
CREATE (u:User {id: $id, name: $name, roles: $roles, disabled: false, createdAt: $at})
WITH u
OPTIONAL MATCH (d:Department {id: $department})
FOREACH (_ IN CASE WHEN d IS NULL THEN [] ELSE [1] END | MERGE (u)-[:MEMBER_OF]->(d))
RETURN u.id AS id`;

export async function addUser(graph: Graph, input: { id: string; name: string; roles: string[]; department?: string | null }): Promise<User> {
  assertUserId(input.id);
  assertRoles(input.roles);
  if (!input.name.trim() || input.name.length > 100) throw new UserError('a user name is 1-100 characters');
  if (await getUser(graph, input.id)) throw new UserError(`user ${input.id} already exists`);
  if (input.department) {
    const [d] = await graph.read('MATCH (d:Department {id: $id}) RETURN d.id AS id', { id: input.department });
    if (!d) throw new UserError(`department ${input.department} does not exist`);
  }
  await graph.write(Q_ADD_USER, { id: input.id, name: input.name.trim(), roles: [...new Set(input.roles)].sort(), department: input.department ?? null, at: new Date().toISOString() });
  return (await getUser(graph, input.id))!;
}

export async function setRoles(graph: Graph, id: string, change: { grant?: string[]; revoke?: string[] }): Promise<User> {
  assertRoles([...(change.grant ?? []), ...(change.revoke ?? [])]);
  const user = await getUser(graph, id);
  if (!user) throw new UserError(`user ${id} does not exist`);
  const roles = new Set<string>(user.roles);
  for (const r of change.grant ?? []) roles.add(r);
  for (const r of change.revoke ?? []) roles.delete(r);
  await graph.write('MATCH (u:User {id: $id}) SET u.roles = $roles', { id, roles: [...roles].sort() });
  return (await getUser(graph, id))!;
}

/** A first start creates the `admin` user so that somebody can sign in. */
export async function ensureAdmin(graph: Graph): Promise<boolean> {
  if (await getUser(graph, 'admin')) return false;
  await graph.write("MERGE (u:User {id: 'admin'}) ON CREATE SET u.name = '系统管理员', u.roles = ['admin'], u.disabled = false, u.createdAt = $at", { at: new Date().toISOString() });
  return true;
}
