// Sign-in: fundgov tokens and identity-provider tokens, and every way a token can be bad.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, generateKeyPair, exportJWK, UnsecuredJWT } from 'jose';
import { startTestService, type TestService } from '../helpers/service.ts';

const ME = '{ me { id name roles department } }';

describe('authentication', () => {
  let svc: TestService;
  let jwks: Server;
  let rsa: CryptoKeyPair;
  let ec: CryptoKeyPair;
  let other: CryptoKeyPair;
  const issuer = 'https://idp.example.test';

  before(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    other = await generateKeyPair('RS256');
    const keys = [{ ...(await exportJWK(rsa.publicKey)), kid: 'rsa1', alg: 'RS256' }, { ...(await exportJWK(ec.publicKey)), kid: 'ec1', alg: 'ES256' }];
    jwks = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ keys })); });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    svc = await startTestService({
      FUNDGOV_OIDC_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
      FUNDGOV_OIDC_ISSUER: issuer,
      FUNDGOV_OIDC_AUDIENCE: 'fundgov',
      FUNDGOV_MAX_DEPTH: '3',
    });
    await svc.addUser('zhang.san', ['steward', 'auditor']);
  });
  after(async () => { await svc.stop(); jwks.close(); });

  const refused = async (token: string | null, why: RegExp) => {
    const r = await svc.gql(ME, {}, token);
    assert.equal(r.body.data?.me ?? null, null, 'no data');
    assert.ok(r.body.errors?.length, 'an error');
    assert.equal(r.body.errors![0].extensions?.code, 'UNAUTHENTICATED');
    assert.match(r.body.errors![0].message, why);
  };

  test('an admin token from `fundgov token` answers me', async () => {
    const r = await svc.gql(ME, {}, await svc.token('admin'));
    assert.deepEqual(r.body, { data: { me: { id: 'admin', name: '系统管理员', roles: ['admin'], department: null } } });
  });

  test('no token: authentication error, no data', () => refused(null, /authentication required/));
  test('expired token', async () => refused(await svc.token('admin', -10 as unknown as number).catch(() => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('admin').setIssuer('fundgov').setAudience('fundgov').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(svc.config.jwtSecret)), /expired/));
  test('forged token (another secret)', async () => refused(await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('admin').setIssuer('fundgov').setAudience('fundgov').setExpirationTime('1h').sign(Buffer.from('x'.repeat(64))), /not valid/));
  test('alg none token', async () => refused(new UnsecuredJWT({ sub: 'admin' }).setIssuer('fundgov').setAudience('fundgov').setExpirationTime('1h').encode(), /not accepted/));
  test('garbage token', () => refused('not.a.jwt', /not a JWT|not valid/));
  test('unknown user', async () => refused(await svc.token('nobody'), /not known/));
  test('fundgov token with the wrong issuer', async () => refused(await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('admin').setIssuer('evil').setAudience('fundgov').setExpirationTime('1h').sign(svc.config.jwtSecret), /rejected|not valid/));

  test('identity-provider RS256 and ES256 tokens are accepted through the JWKS', async () => {
    for (const [key, alg, kid] of [[rsa, 'RS256', 'rsa1'], [ec, 'ES256', 'ec1']] as const) {
      const t = await new SignJWT({}).setProtectedHeader({ alg, kid }).setSubject('zhang.san').setIssuer(issuer).setAudience('fundgov').setExpirationTime('5m').sign(key.privateKey);
      const r = await svc.gql(ME, {}, t);
      assert.deepEqual(r.body.data?.me.roles, ['auditor', 'steward'], alg);
    }
  });

  test('identity-provider tokens with a wrong issuer or an unknown key are refused', async () => {
    await refused(await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'rsa1' }).setSubject('zhang.san').setIssuer('https://evil.test').setAudience('fundgov').setExpirationTime('5m').sign(rsa.privateKey), /rejected|not valid/);
    await refused(await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'rsa1' }).setSubject('zhang.san').setIssuer(issuer).setAudience('fundgov').setExpirationTime('5m').sign(other.privateKey), /not valid/);
  });

  test('roles are read on every request: a revoked role takes effect at once', async () => {
    const tok = await svc.token('zhang.san');
    const q = '{ auditHead { seq } }';
    assert.ok((await svc.gql(q, {}, tok)).body.data?.auditHead);
    await svc.graph.write("MATCH (u:User {id: 'zhang.san'}) SET u.roles = ['steward']");
    const r = await svc.gql(q, {}, tok);
    assert.equal(r.body.errors?.[0].extensions?.code, 'FORBIDDEN');
  });

  test('refused sign-ins are audited', async () => {
    const page = await svc.audit.store.list({ filters: { action: 'auth.signin', outcome: 'denied' }, first: 100 });
    const reasons = new Set(page.events.map((e) => (e.details as { reason: string }).reason));
    for (const r of ['expired', 'invalid', 'malformed', 'unknown-user']) assert.ok(reasons.has(r), `audited: ${r}`);
  });

  test('a query over the depth limit is refused', async () => {
    // This service runs with FUNDGOV_MAX_DEPTH=3.
    assert.ok(!(await svc.gql('{ me { id } auditHead { seq } }', {}, await svc.token('admin'))).body.errors);
    const r = await svc.gql('{ users { edges { node { id } } } }', {}, await svc.token('admin'));
    assert.match(r.body.errors?.[0].message ?? '', /depth/i);
    assert.equal(r.body.data, undefined);
  });
});
