// Requests that must end as a 4xx of their own and never take the process down: form field names
// that reach a prototype, JSON nested past the depth limit on every route that takes JSON, a form
// with too many fields, ciphertext that does not open, a workbench position in year 0000.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { MAX_JSON_DEPTH } from '../../api/json-depth';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { portalComplaint } from '../support/complaints';

let stack: ApiStack;
let official: ReturnType<typeof request.agent>;
let token: string;
beforeAll(async () => {
  stack = await startApiStack({ payloadKeys: `live:${randomBytes(32).toString('base64')}` });
  official = request.agent(stack.app);
  const form = await official.get('/app/sign-in').expect(200);
  await official
    .post('/app/sign-in')
    .type('form')
    .send({ _csrf: tokenIn(form.text), apiKey: stack.keys['official:akimat-almaty'] })
    .expect(303);
  token = tokenIn((await official.get('/app').expect(200)).text);
});
afterAll(async () => {
  await stack?.stop();
});
afterEach(() => {
  // A failed run must not leave the rest of the file on a polluted prototype.
  delete (Object.prototype as Record<string, unknown>).x;
});

const as = (key: string) => ({ Authorization: `Bearer ${key}` });
const MADE_UP_ID = '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';

function tokenIn(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1];
}

const errorLinesIn = (logs: string[]) => logs.map((l) => JSON.parse(l)).filter((l) => l.status >= 500 || l.level >= 50);

describe('form field names that reach a prototype', () => {
  it.each([['__proto__.x=1'], ['constructor.prototype.x=1'], ['recipient.__proto__=1'], ['prototype.x=1']])(
    '%s is a 400 page; Object.prototype stays clean and the next requests, /metrics too, are answered',
    async (field) => {
      const logged = stack.logs.length;
      const res = await official
        .post(`/app/cases/${MADE_UP_ID}/actions/assign`)
        .type('form')
        .send(`_csrf=${encodeURIComponent(token)}&${field}`);
      expect(res.status).toBe(400);
      expect(res.type).toBe('text/html');
      expect(({} as Record<string, unknown>).x).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('x');
      expect((await official.get('/app').expect(200)).text).toContain('Акимат города Алматы');
      const metrics = await request(stack.app).get('/metrics').expect(200);
      expect(metrics.text).toContain('http_request_duration_seconds');
      expect(errorLinesIn(stack.logs.slice(logged))).toEqual([]);
    },
  );

  it('a metric that cannot be recorded ends in a log line, not in the process', async () => {
    // As if a prototype had been polluted anyway: the request's labels carry one name more and
    // prom-client refuses them. Only this histogram sees it; a polluted Object.prototype would
    // also reach the process-wide collectors (the GC observer), which no request handler guards.
    const histogram = stack.metrics.requestDuration;
    const observe = histogram.observe;
    histogram.observe = ((labels: Record<string, string>, value: number) =>
      Reflect.apply(observe, histogram, [{ ...labels, x: '1' }, value])) as typeof observe;
    let res: request.Response;
    try {
      res = await request(stack.app).get('/no-such-route');
      await new Promise((done) => setImmediate(done));
    } finally {
      histogram.observe = observe;
    }
    expect(res.status).toBe(404);
    expect(stack.logs.map((l) => JSON.parse(l))).toContainEqual(
      expect.objectContaining({ msg: 'request not measured', route: 'unmatched', error: 'Error' }),
    );
    await request(stack.app).get('/metrics').expect(200);
  });
});

describe(`JSON nested past ${MAX_JSON_DEPTH} levels`, () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const routes: [string, 'post' | 'put', string, string][] = [
    ['filing', 'post', '/v1/complaints', 'intake'],
    ['decision', 'post', `/v1/complaints/${MADE_UP_ID}/decision`, 'official:akimat-almaty'],
    ['withdrawal', 'post', `/v1/complaints/${MADE_UP_ID}/withdrawal`, 'intake'],
    ['calendar', 'put', '/v1/calendar/2026', 'admin'],
    ['codec', 'post', '/v1/codec/decode', 'auditor'],
  ];
  it.each(routes)('the %s route refuses it, unwalked, as 400 too_deep', async (_name, method, path, role) => {
    const agent = request(stack.app);
    const res = await agent[method](path)
      .set(as(stack.keys[role]))
      .set('Idempotency-Key', `deep-${path}`)
      .set('Content-Type', 'application/json')
      .send(deep);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'too_deep', message: expect.any(String), details: [] });
  });

  it('a field nested past the limit inside a filing is refused too; one level less reaches the schema', async () => {
    // n objects inside one another, as a field of the complaint (itself the first level)
    const nest = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    const tooDeep = JSON.stringify(portalComplaint()).replace(/}$/, `,"extra":${nest(MAX_JSON_DEPTH)}}`);
    const res = await request(stack.app)
      .post('/v1/complaints')
      .set(as(stack.keys.intake))
      .set('Content-Type', 'application/json')
      .send(tooDeep);
    expect(res.body.error.code).toBe('too_deep');
    const deepest = JSON.stringify(portalComplaint()).replace(/}$/, `,"extra":${nest(MAX_JSON_DEPTH - 1)}}`);
    const shaped = await request(stack.app)
      .post('/v1/complaints')
      .set(as(stack.keys.intake))
      .set('Content-Type', 'application/json')
      .send(deepest);
    expect(shaped.status).toBe(400);
    expect(shaped.body.error.code).toBe('invalid_request'); // the schema's answer: no field "extra"
  });
});

describe('4xx, not 500', () => {
  it('a sign-in form with 60 fields is a 413 page, unread', async () => {
    const browser = request.agent(stack.app);
    const form = await browser.get('/app/sign-in').expect(200);
    const fields = Array.from({ length: 59 }, (_, i) => `f${i}=1`).join('&');
    const res = await browser
      .post('/app/sign-in')
      .type('form')
      .send(`_csrf=${encodeURIComponent(tokenIn(form.text))}&${fields}`);
    expect(res.status).toBe(413);
    expect(res.type).toBe('text/html');
  });

  it.each([
    ['garbage under a key id no key has', 'the-callers-own-key-id'],
    ['garbage under the live key id', 'live'],
  ])('ciphertext that does not open (%s) is 422, and the key id it names is not logged', async (_name, keyId) => {
    const logged = stack.logs.length;
    const res = await request(stack.app)
      .post('/v1/codec/decode')
      .set(as(stack.keys.auditor))
      .send({
        payloads: [
          {
            metadata: {
              encoding: Buffer.from('binary/encrypted').toString('base64'),
              'encryption-key-id': Buffer.from(keyId).toString('base64'),
            },
            data: randomBytes(48).toString('base64'),
          },
        ],
      });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('undecodable_payload');
    const lines = stack.logs.slice(logged).join('\n');
    expect(lines).not.toContain('the-callers-own-key-id');
    expect(errorLinesIn(stack.logs.slice(logged))).toEqual([]);
  });

  it.each([
    ['in year 0000', { deadline: '0000-01-01T00:00:00.000Z', id: MADE_UP_ID }],
    ['in year 9999', { deadline: '9999-12-31T00:00:00.000Z', id: MADE_UP_ID }],
    ['that is not a position', 'not a position'],
  ])('a workbench position %s is a 400 page', async (_name, position) => {
    const after = Buffer.from(JSON.stringify(position)).toString('base64url');
    const res = await official.get(`/app?after=${after}`);
    expect(res.status).toBe(400);
    expect(res.type).toBe('text/html');
  });
});
