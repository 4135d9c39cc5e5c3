// Walks every mutation × every role and expects exactly the allowed ones to get past authorisation.
// When a mutation is added to the schema, it must be added here too, or this test fails.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { schema } from '../../schema/index.ts';
import { ROLES, type Role } from '../../catalog/users.ts';
import { startTestService, type TestService } from '../helpers/service.ts';
import { mutationCalls } from '../helpers/mutation-args.ts';
import { ALLOWED } from './authz-expected.ts';

describe('authorisation matrix: every mutation × every role', () => {
  let svc: TestService;
  before(async () => {
    svc = await startTestService();
    for (const r of ROLES) await svc.addUser(`only-${r}`, [r]);
  });
  after(() => svc.stop());

  test('every mutation of the schema has an expected row', () => {
    const names = mutationCalls(schema).map((c) => c.name).sort();
    assert.deepEqual(names, Object.keys(ALLOWED).sort());
  });

  for (const call of mutationCalls(schema)) {
    test(call.name, async () => {
      const anon = await svc.gql(call.query);
      assert.equal(anon.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', `${call.name} without a token`);
      for (const role of ROLES) {
        const r = await svc.gql(call.query, {}, await svc.token(`only-${role}`));
        const codes = (r.body.errors ?? []).map((e) => e.extensions?.code);
        const allowed = (ALLOWED[call.name] ?? []).includes(role as Role);
        assert.equal(!codes.includes('FORBIDDEN'), allowed, `${call.name} by ${role}: ${allowed ? 'allowed' : 'forbidden'} expected, got ${JSON.stringify(r.body.errors ?? r.body.data)}`);
        assert.ok(!codes.includes('GRAPHQL_VALIDATION_FAILED'), `${call.name}: the generated call is invalid: ${JSON.stringify(r.body.errors)}`);
      }
    });
  }

  test('denied mutations are audited as denied', async () => {
    const page = await svc.audit.store.list({ filters: { outcome: 'denied', actor: 'only-business' }, first: 100 });
    assert.ok(page.events.length >= 1);
  });
});
