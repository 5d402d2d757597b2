// Systems on /v1 with the organisation's identity provider (a real Keycloak, the demo realm): a
// client-credentials token files a complaint as an API key would; every token the API must not
// believe is 401 with `WWW-Authenticate: Bearer error="invalid_token"` (forged signature,
// `alg: none`, expired, another audience), and a valid token whose claims give no role or body is
// 403 insufficient_scope. The provider's keys are fetched again when it rotates them.
import { generateKeyPairSync, createSign } from 'node:crypto';
import request from 'supertest';
import { DEMO_AUDIENCE, DEMO_CLIENTS } from '../../platform/idp/keycloak';
import { DEFAULT_CLAIM_NAMES } from '../../api/oidc/claims';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { clientToken, keycloakAdmin, sharedKeycloak, type SharedKeycloak } from '../support/keycloak';
import { portalComplaint } from '../support/complaints';

let keycloak: SharedKeycloak;
let stack: ApiStack;
let admin: ReturnType<typeof keycloakAdmin>;

beforeAll(async () => {
  keycloak = await sharedKeycloak();
  admin = keycloakAdmin(keycloak);
  stack = await startApiStack({
    oidc: {
      issuer: keycloak.issuer,
      clientId: DEMO_CLIENTS.workbench.id,
      clientSecret: DEMO_CLIENTS.workbench.secret,
      redirectUrl: 'http://127.0.0.1:1/auth/callback', // no browser here
      audience: DEMO_AUDIENCE,
      claims: DEFAULT_CLAIM_NAMES,
      recheckMs: 60_000,
      // Keycloak runs on this machine: no leeway, so a token a second past its exp is refused.
      clockToleranceSeconds: 0,
      jwksCooldownMs: 500,
    },
  });
}, 360_000);
afterAll(async () => {
  await stack?.stop();
});

const intakeToken = () => clientToken(keycloak, DEMO_CLIENTS.intake.id, DEMO_CLIENTS.intake.secret);
const withToken = (token: string) => ({ Authorization: `Bearer ${token}` });

const b64 = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const partsOf = (token: string) => {
  const [header, payload] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>,
  };
};

function expectInvalidToken(res: request.Response): void {
  expect(res.status).toBe(401);
  expect(res.body.error.code).toBe('invalid_token');
  expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="complaints", error="invalid_token"/);
}

describe('a system with a client-credentials token of the identity provider', () => {
  it('files a complaint, and reads it back as the same principal', async () => {
    const token = await intakeToken();
    const filed = await request(stack.app).post('/v1/complaints').set(withToken(token)).send(portalComplaint());
    expect(filed.status).toBe(201);
    const read = await request(stack.app).get(`/v1/complaints/${filed.body.id}`).set(withToken(token));
    expect(read.status).toBe(200);
    const row = await stack.db
      .selectFrom('complaints')
      .select('filed_by')
      .where('id', '=', filed.body.id)
      .executeTakeFirstOrThrow();
    expect(row.filed_by).toBe(`oidc:${partsOf(token).payload.sub}`);
  });

  it('a token signed with a key the provider never had, under its key id, is refused', async () => {
    const { header, payload } = partsOf(await intakeToken());
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signingInput = `${b64(header)}.${b64(payload)}`;
    const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey).toString('base64url');
    const res = await request(stack.app)
      .get('/v1/complaints')
      .set(withToken(`${signingInput}.${signature}`));
    expectInvalidToken(res);
    expect(res.headers['www-authenticate']).toContain('signature');
  });

  it('a token whose claims were changed after signing (another role) is refused', async () => {
    const token = await intakeToken();
    const [header, , signature] = token.split('.');
    const forged = `${header}.${b64({ ...partsOf(token).payload, complaints_role: 'auditor' })}.${signature}`;
    expectInvalidToken(await request(stack.app).get('/v1/complaints').set(withToken(forged)));
  });

  it('an unsigned token (alg: none) is refused', async () => {
    const { payload } = partsOf(await intakeToken());
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    const res = await request(stack.app).get('/v1/complaints').set(withToken(unsigned));
    expectInvalidToken(res);
  });

  it('an expired token is refused', async () => {
    const brief = await admin.createSystemClient('complaints-brief', {
      claims: { complaints_role: 'intake' },
      audience: DEMO_AUDIENCE,
      tokenLifespanSeconds: 2,
    });
    const token = await clientToken(keycloak, brief.clientId, brief.secret);
    expect((await request(stack.app).get('/v1/complaints').set(withToken(token))).status).toBe(200);
    const exp = Number(partsOf(token).payload.exp) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, exp - Date.now()) + 1500));
    const res = await request(stack.app).get('/v1/complaints').set(withToken(token));
    expectInvalidToken(res);
    expect(res.body.error.message).toBe('the token has expired');
  });

  it('a token for another audience is refused', async () => {
    const elsewhere = await admin.createSystemClient('complaints-elsewhere', { claims: { complaints_role: 'intake' } });
    const token = await clientToken(keycloak, elsewhere.clientId, elsewhere.secret);
    const res = await request(stack.app).get('/v1/complaints').set(withToken(token));
    expectInvalidToken(res);
    expect(res.body.error.message).toBe("the token's aud claim is not accepted");
  });

  it('a valid token without a role, or an official’s without a body, grants nothing (403 insufficient_scope)', async () => {
    const unassigned = await admin.createSystemClient('complaints-unassigned', { audience: DEMO_AUDIENCE });
    const noRole = await request(stack.app)
      .get('/v1/complaints')
      .set(withToken(await clientToken(keycloak, unassigned.clientId, unassigned.secret)));
    expect(noRole.status).toBe(403);
    expect(noRole.headers['www-authenticate']).toMatch(/error="insufficient_scope"/);
    expect(noRole.body.error.code).toBe('insufficient_scope');

    const bodiless = await admin.createSystemClient('complaints-bodiless', {
      claims: { complaints_role: 'official', complaints_position: 'специалист', name: 'Иванов Иван' },
      audience: DEMO_AUDIENCE,
    });
    const noBody = await request(stack.app)
      .get('/v1/complaints')
      .set(withToken(await clientToken(keycloak, bodiless.clientId, bodiless.secret)));
    expect(noBody.status).toBe(403);
    expect(noBody.body.error.message).toContain('no_body');
  });

  it('API keys still work beside tokens', async () => {
    const res = await request(stack.app).get('/v1/complaints').set(withToken(stack.keys.intake));
    expect(res.status).toBe(200);
  });

  it('after the provider rotates its signing key, its new tokens are accepted', async () => {
    const before = partsOf(await intakeToken()).header.kid;
    await admin.rotateSigningKey();
    const token = await intakeToken();
    expect(partsOf(token).header.kid).not.toBe(before);
    await new Promise((r) => setTimeout(r, 600)); // past the test's cooldown between key fetches
    expect((await request(stack.app).get('/v1/complaints').set(withToken(token))).status).toBe(200);
  });
});
