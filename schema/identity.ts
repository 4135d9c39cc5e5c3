// Users, departments and roles.
import { resolveArrayConnection } from '@pothos/plugin-relay';
import { builder, errorType } from './builder.ts';
import { ROLES, addUser, listUsers, setRoles, upsertDepartments, UserError, type User } from '../catalog/users.ts';

errorType(UserError, 'UserError', 'A user, role or department that is unknown, duplicated or malformed.');

export const RoleEnum = builder.enumType('Role', { values: ROLES });

export const UserRef = builder.objectRef<User>('User').implement({
  description: 'A person who signs in to fundgov. Roles are read from the catalogue on every request.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    roles: t.field({ type: [RoleEnum], resolve: (u) => u.roles }),
    department: t.exposeString('department', { nullable: true, description: 'department id' }),
    departmentName: t.exposeString('departmentName', { nullable: true }),
    disabled: t.exposeBoolean('disabled'),
  }),
});

builder.queryFields((t) => ({
  me: t.field({
    type: UserRef,
    description: 'The signed-in user.',
    authScopes: { authenticated: true },
    resolve: (_r, _a, ctx) => ctx.user!,
  }),
  users: t.connection({
    type: UserRef,
    description: 'Every user (admins).',
    authScopes: { admin: true },
    resolve: async (_r, args, ctx) => resolveArrayConnection({ args }, await listUsers(ctx.graph)),
  }),
}));

export const DepartmentRef = builder.objectRef<{ id: string; name: string }>('Department').implement({
  fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name') }),
});

const AddUserInput = builder.inputType('AddUserInput', {
  fields: (t) => ({
    id: t.string({ required: true }),
    name: t.string({ required: true }),
    roles: t.field({ type: [RoleEnum], required: true }),
    department: t.string(),
  }),
});

const DepartmentInput = builder.inputType('DepartmentInput', {
  fields: (t) => ({ id: t.string({ required: true }), name: t.string({ required: true }) }),
});

builder.mutationFields((t) => ({
  addUser: t.field({
    type: UserRef,
    authScopes: { admin: true },
    errors: { types: [UserError] },
    args: { input: t.arg({ type: AddUserInput, required: true }) },
    resolve: (_r, { input }, ctx) => addUser(ctx.graph, { ...input, department: input.department ?? null }),
  }),
  grantRoles: t.field({
    type: UserRef,
    authScopes: { admin: true },
    errors: { types: [UserError] },
    args: { userId: t.arg.string({ required: true }), roles: t.arg({ type: [RoleEnum], required: true }) },
    resolve: (_r, a, ctx) => setRoles(ctx.graph, a.userId, { grant: a.roles }),
  }),
  revokeRoles: t.field({
    type: UserRef,
    authScopes: { admin: true },
    errors: { types: [UserError] },
    args: { userId: t.arg.string({ required: true }), roles: t.arg({ type: [RoleEnum], required: true }) },
    resolve: (_r, a, ctx) => setRoles(ctx.graph, a.userId, { revoke: a.roles }),
  }),
  upsertDepartment: t.field({
    type: DepartmentRef,
    authScopes: { admin: true },
    errors: { types: [UserError] },
    args: { input: t.arg({ type: DepartmentInput, required: true }) },
    resolve: async (_r, { input }, ctx) => { await upsertDepartments(ctx.graph, [input]); return input; },
  }),
}));
