// The pages' sign-in. An API key is exchanged for a session: an HTTP-only, SameSite=Strict
// cookie holding a random id whose hash (never the key) is stored; every form carries a CSRF token;
// sessions end at sign-out, at expiry and when the key is revoked; the JSON API ignores the cookie;
// the pages are not part of the JSON contract; no log line carries the key or the complainant.
import { createHash } from 'node:crypto';
import request from 'supertest';
import { revokeApiKey, createApiKey } from '../../db/api-keys';
import { createApp } from '../../api/app';
import { openApiDocument } from '../../api/openapi';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { IIN } from '../support/complaints';
import { TEST_PROCEDURE } from '../support/procedure';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(async () => {
  await stack?.stop();
});

const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
const setCookies = (res: request.Response) => ([] as string[]).concat(res.headers['set-cookie'] ?? []);
const sessionCookie = (res: request.Response) => setCookies(res).find((c) => c.startsWith('cce_session='));

/** A browser of its own, signed in with `key` (and a complainant, for the portal). */
async function signedIn(key: string, complainantId?: string) {
  const agent = request.agent(stack.app);
  const form = await agent.get('/app/sign-in').expect(200);
  const res = await agent
    .post('/app/sign-in')
    .type('form')
    .send({ _csrf: tokenIn(form.text), apiKey: key, ...(complainantId ? { complainantId } : {}) });
  return { agent, res };
}

it('a page without a session sends to sign-in, keeping where it was going (never to another site)', async () => {
  const res = await request(stack.app).get('/app/dashboard').expect(303);
  expect(res.headers.location).toBe('/app/sign-in?next=%2Fapp%2Fdashboard');
  const agent = request.agent(stack.app);
  const form = await agent.get('/app/sign-in?next=//evil.example/x').expect(200);
  expect(form.text).not.toContain('name="next"');
  const signIn = await agent
    .post('/app/sign-in')
    .type('form')
    .send({ _csrf: tokenIn(form.text), apiKey: stack.keys.auditor, next: '//evil.example/x' })
    .expect(303);
  expect(signIn.headers.location).toBe('/app');
});

it('sign-in needs its own form token: a sign-in posted from elsewhere is refused', async () => {
  const res = await request(stack.app)
    .post('/app/sign-in')
    .type('form')
    .send({ _csrf: 'made-up', apiKey: stack.keys.auditor })
    .expect(403);
  expect(sessionCookie(res)).toBeUndefined();
});

it('a key that is not valid is refused on the page; the portal must name the complainant', async () => {
  const bad = await signedIn('cce_official_never-issued');
  expect(bad.res.status).toBe(401);
  expect(bad.res.text).toContain('Ключ не действителен или отозван.');
  const portal = await signedIn(stack.keys.portal);
  expect(portal.res.status).toBe(401);
  expect(portal.res.text).toContain('укажите ИИН или БИН заявителя');
});

it('the session cookie is HTTP-only and SameSite=Strict; the register keeps only the hash of its id, never the key', async () => {
  const key = stack.keys['official:akimat-almaty'];
  const { res } = await signedIn(key);
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/app');
  const cookie = sessionCookie(res)!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  expect(cookie).toMatch(/Path=\//);
  const id = decodeURIComponent(/^cce_session=([^;]+)/.exec(cookie)![1]);
  expect(id).not.toContain(key);
  const rows = await stack.db.selectFrom('page_sessions').selectAll().execute();
  const stored = JSON.stringify(rows);
  expect(stored).not.toContain(id);
  expect(stored).not.toContain(key);
  expect(rows.map((r) => r.id_hash)).toContain(createHash('sha256').update(id).digest('hex'));
});

it('every POST of a signed-in page needs the session’s token: without it nothing is done', async () => {
  const { agent } = await signedIn(stack.keys['official:akimat-almaty']);
  const page = await agent.get('/app').expect(200);
  expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  const res = await agent
    .post('/app/cases/00000000-0000-4000-8000-000000000000/actions/assign')
    .type('form')
    .send({ officialName: 'Иванова А.Б.' })
    .expect(403);
  expect(res.text).toContain('Форма устарела или отправлена с другого сайта. Обновите страницу.');
  await agent.post('/app/sign-out').type('form').send({}).expect(403);
  await agent.get('/app').expect(200); // still signed in
});

it('the JSON API does not take the session cookie for a key', async () => {
  const { agent } = await signedIn(stack.keys.auditor);
  await agent.get('/app').expect(200);
  const res = await agent.get('/v1/complaints').expect(401);
  expect(res.body.error.code).toBe('unauthenticated');
});

it('sign-out ends the session: the same cookie no longer opens a page', async () => {
  const { agent, res } = await signedIn(stack.keys.auditor);
  const cookie = sessionCookie(res)!.split(';')[0];
  const page = await agent.get('/app').expect(200);
  await agent
    .post('/app/sign-out')
    .type('form')
    .send({ _csrf: tokenIn(page.text) })
    .expect(303);
  await request(stack.app).get('/app').set('Cookie', cookie).expect(303);
});

it('an expired session, or one whose key was revoked, sends back to sign-in', async () => {
  const expiring = await signedIn(stack.keys.auditor);
  await stack.db
    .updateTable('page_sessions')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .execute();
  const res = await expiring.agent.get('/app').expect(303);
  expect(res.headers.location).toBe('/app/sign-in?next=%2Fapp&ended=1');
  expect(setCookies(res).some((c) => /^cce_session=;/.test(c))).toBe(true);
  expect((await expiring.agent.get(res.headers.location).expect(200)).text).toContain('Сеанс закончился');

  const { id, key } = await createApiKey(stack.db, 'auditor', null, 'to be revoked');
  const revoked = await signedIn(key);
  await revoked.agent.get('/app').expect(200);
  await revokeApiKey(stack.db, id);
  await revoked.agent.get('/app').expect(303);
});

it('a portal session acts for its complainant; no log line carries the key or the IIN', async () => {
  const { agent, res } = await signedIn(stack.keys.portal, IIN);
  expect(res.headers.location).toBe('/cabinet');
  await agent.get('/cabinet').expect(200);
  await agent.get('/app').expect(403); // the workbench is not the portal's
  const logs = stack.logs.join('\n');
  expect(logs).not.toContain(IIN);
  expect(logs).not.toContain(stack.keys.portal);
  expect(logs).toContain('/app/sign-in');
});

it("a signed-in page counts against its key's per-minute limit, with the key's JSON requests", async () => {
  const limited = createApp({
    db: stack.db,
    client: stack.client,
    taskQueue: stack.taskQueue,
    procedure: TEST_PROCEDURE,
    rateLimitPerMinute: 3,
    log: () => undefined,
  });
  const { key } = await createApiKey(stack.db, 'auditor', null);
  const agent = request.agent(limited);
  const form = await agent.get('/app/sign-in').expect(200);
  await agent
    .post('/app/sign-in')
    .type('form')
    .send({ _csrf: tokenIn(form.text), apiKey: key })
    .expect(303);
  await agent.get('/app').expect(200);
  await request(limited).get('/v1/complaints').set('Authorization', `Bearer ${key}`).expect(200);
  await agent.get('/app/dashboard').expect(200);
  const refused = await agent.get('/app').expect(429);
  expect(refused.headers['retry-after']).toMatch(/^\d+$/);
  expect(refused.type).toBe('text/html');
  expect(refused.text).toContain('Слишком много запросов с этим ключом. Повторите через минуту.');
  await request(limited).get('/v1/complaints').set('Authorization', `Bearer ${key}`).expect(429);
  // Another key's pages are not held up by this one's.
  expect((await signedIn(stack.keys.auditor)).res.status).toBe(303);
});

it('the pages are not operations of the JSON contract', () => {
  const paths = Object.keys((openApiDocument() as { paths: Record<string, unknown> }).paths);
  expect(paths.filter((p) => p.startsWith('/app') || p.startsWith('/cabinet'))).toEqual([]);
});
