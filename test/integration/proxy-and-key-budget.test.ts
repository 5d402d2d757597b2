// Bad keys must not lock out good ones: the per-address budget of failed authentications counts
// only requests without a valid key, on the JSON API and on the pages' sign-in. The client's
// address and TLS come from X-Forwarded-For / -Proto only when TRUST_PROXY names the proxy.
import request from 'supertest';
import { createApp } from '../../api/app';
import type { TrustProxy } from '../../platform/config';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { TEST_PROCEDURE } from '../support/procedure';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(async () => {
  await stack?.stop();
});

const as = (key: string) => ({ Authorization: `Bearer ${key}` });
const appWith = (options: { authFailuresPerMinute?: number; trustProxy?: TrustProxy } = {}) =>
  createApp({
    db: stack.db,
    client: stack.client,
    taskQueue: stack.taskQueue,
    procedure: TEST_PROCEDURE,
    log: () => undefined,
    ...options,
  });
const setCookies = (res: request.Response) => ([] as string[]).concat(res.headers['set-cookie'] ?? []);
const cookieNamed = (res: request.Response, name: string) => setCookies(res).find((c) => c.startsWith(`${name}=`));
const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

/** A sign-in from one browser, by hand: the form's cookie and token, then the post. */
async function signIn(app: ReturnType<typeof appWith>, apiKey: string, headers: Record<string, string> = {}) {
  const form = await request(app).get('/app/sign-in').set(headers).expect(200);
  const cookie = cookieNamed(form, 'cce_sign_in')!.split(';')[0];
  const res = await request(app)
    .post('/app/sign-in')
    .set(headers)
    .set('Cookie', cookie)
    .type('form')
    .send({ _csrf: tokenIn(form.text), apiKey });
  return { form, res };
}

describe('the budget of bad keys per address', () => {
  it('serves a valid key from an address that spent its budget on bad keys, and keeps refusing the bad ones', async () => {
    const app = appWith({ authFailuresPerMinute: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (
          await request(app)
            .get('/v1/bodies')
            .set(as(`cce_admin_bad-${i}`))
        ).status,
      );
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await request(app).get('/v1/bodies').set(as(stack.keys.admin))).status).toBe(200);
    expect((await request(app).get('/v1/bodies').set(as(stack.keys.auditor))).status).toBe(200);
    expect((await request(app).get('/v1/bodies').set(as('cce_admin_bad-6'))).status).toBe(429);
    expect((await request(app).get('/v1/bodies')).status).toBe(429); // no key at all counts too
  });

  it('signs in with a valid key from an address that spent its budget on bad sign-ins', async () => {
    const app = appWith({ authFailuresPerMinute: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await signIn(app, `cce_official_bad-${i}`)).res.status);
    expect(statuses).toEqual([401, 401, 429]);
    const good = await signIn(app, stack.keys.auditor);
    expect(good.res.status).toBe(303);
    expect(cookieNamed(good.res, 'cce_session')).toBeDefined();
    expect((await signIn(app, 'cce_official_bad-3')).res.status).toBe(429);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY names the proxy: a client cannot pick a new address per request', async () => {
    const app = appWith({ authFailuresPerMinute: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (await request(app).get('/v1/bodies').set('X-Forwarded-For', `203.0.113.${i}`).set(as('cce_admin_bad'))).status,
      );
    expect(statuses).toEqual([401, 401, 429]);
  });

  it('behind a trusted proxy, counts each client by its forwarded address: one client cannot lock out the others', async () => {
    const app = appWith({ authFailuresPerMinute: 2, trustProxy: ['loopback'] });
    const from = (address: string) => request(app).get('/v1/bodies').set('X-Forwarded-For', address);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await from('203.0.113.7').set(as('cce_admin_bad'))).status);
    expect(statuses).toEqual([401, 401, 429]);
    expect((await from('198.51.100.20').set(as('cce_admin_bad'))).status).toBe(401);
    expect((await from('198.51.100.20').set(as(stack.keys.admin))).status).toBe(200);
  });
});

describe('cookies behind TLS', () => {
  const secure = (cookie: string | undefined) => / secure(;|$)/i.test(cookie ?? '');

  it('are Secure when a trusted proxy says the request came over https', async () => {
    const app = appWith({ trustProxy: 1 });
    const { form, res } = await signIn(app, stack.keys.auditor, { 'X-Forwarded-Proto': 'https' });
    expect(res.status).toBe(303);
    expect(secure(cookieNamed(form, 'cce_sign_in'))).toBe(true);
    expect(secure(cookieNamed(res, 'cce_session'))).toBe(true);
  });

  it('are not Secure over plain http, nor when an untrusted sender claims https', async () => {
    for (const [app, headers] of [
      [appWith({ trustProxy: 1 }), {}],
      [appWith(), { 'X-Forwarded-Proto': 'https' }],
    ] as const) {
      const { form, res } = await signIn(app, stack.keys.auditor, headers);
      expect(res.status).toBe(303);
      expect(secure(cookieNamed(form, 'cce_sign_in'))).toBe(false);
      expect(secure(cookieNamed(res, 'cce_session'))).toBe(false);
    }
  });
});
