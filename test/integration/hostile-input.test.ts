// Crafted input is a 400 or 404 in the one error shape, never a 500;
// a flood of bad keys from one address is throttled (a valid key from it is still served).
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { createApp } from '../../api/app';
import { hashApiKey } from '../../db/api-keys';
import { encodeCursor } from '../../api/routes/complaint-list';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { portalComplaint } from '../support/complaints';
import { TEST_PROCEDURE } from '../support/procedure';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(async () => {
  await stack?.stop();
});

const as = (key: string) => ({ Authorization: `Bearer ${key}` });
const hyphens = '-'.repeat(36);
const cursorOf = (receivedAt: string) => encodeCursor({ receivedAt, id: '0b6c3a5e-5f1e-4a6e-9f3c-2d2f3c4b5a69' });

interface Crafted {
  name: string;
  method?: 'get' | 'post';
  path: string;
  role: string;
  status: number;
  gzip?: boolean;
  br?: boolean;
}

const CRAFTED: Crafted[] = [
  { name: 'a NUL as a body id', path: '/v1/bodies/%00', role: 'auditor', status: 400 },
  { name: '%FF in a path', path: '/v1/bodies/%FF', role: 'auditor', status: 400 },
  { name: '%FF in a case path', path: '/v1/complaints/%FF/timeline', role: 'auditor', status: 400 },
  { name: 'a case id of 36 hyphens', path: `/v1/complaints/${hyphens}`, role: 'auditor', status: 404 },
  {
    name: 'an action on a case id of 36 hyphens',
    method: 'post',
    path: `/v1/complaints/${hyphens}/withdrawal`,
    role: 'intake',
    status: 404,
  },
  {
    name: 'a cursor in month 13',
    path: `/v1/complaints?cursor=${cursorOf('2026-13-01T00:00:00.000000Z')}`,
    role: 'auditor',
    status: 400,
  },
  {
    name: 'a cursor on 31 February',
    path: `/v1/complaints?cursor=${cursorOf('2026-02-31T00:00:00.000000Z')}`,
    role: 'auditor',
    status: 400,
  },
  {
    name: 'registeredFrom in year 0000',
    path: '/v1/complaints?registeredFrom=0000-01-01',
    role: 'auditor',
    status: 400,
  },
  { name: 'registeredTo in year 9999', path: '/v1/complaints?registeredTo=9999-12-31', role: 'auditor', status: 400 },
  {
    name: 'deadlineBefore in year 0000',
    path: '/v1/complaints?deadlineBefore=0000-01-01',
    role: 'auditor',
    status: 400,
  },
  {
    name: 'deadlineBefore at an instant in year 0000',
    path: '/v1/complaints?deadlineBefore=0000-01-01T00:00:00Z',
    role: 'auditor',
    status: 400,
  },
  { name: 'a report from year 0000', path: '/v1/reports/sla?registeredFrom=0000-01-01', role: 'auditor', status: 400 },
  { name: 'a report to year 9999', path: '/v1/reports/sla?registeredTo=9999-12-31', role: 'auditor', status: 400 },
  {
    name: 'a deadline from year 0000',
    path: '/v1/calendar/deadline?bodyId=con-almaty&from=0000-01-01T00:00:00Z',
    role: 'auditor',
    status: 400,
  },
  {
    name: 'a deadline from year 9999',
    path: '/v1/calendar/deadline?bodyId=con-almaty&from=9999-12-31T00:00:00Z',
    role: 'auditor',
    status: 400,
  },
  { name: 'a corrupt gzip body', method: 'post', path: '/v1/complaints', role: 'intake', status: 400, gzip: true },
  { name: 'a corrupt br body', method: 'post', path: '/v1/complaints', role: 'intake', status: 400, br: true },
];

it.each(CRAFTED.map((c) => [c.name, c] as const))('%s: %#', async (_name, crafted) => {
  let req = request(stack.app)[crafted.method ?? 'get'](crafted.path).set(as(stack.keys[crafted.role]));
  if (crafted.gzip || crafted.br) {
    const corrupt = gzipSync(Buffer.from(JSON.stringify(portalComplaint()))).subarray(0, 40);
    req = req.set('Content-Type', 'application/json').set('Content-Encoding', crafted.gzip ? 'gzip' : 'br');
    const res = await req.send(crafted.br ? Buffer.from('not brotli at all, not at all') : corrupt);
    expect(res.status).toBe(crafted.status);
    expect(res.body.error).toEqual({
      code: expect.any(String),
      message: expect.any(String),
      details: expect.any(Array),
    });
    return;
  }
  const res = crafted.method === 'post' ? await req.send({}) : await req;
  expect(res.status).toBe(crafted.status);
  expect(res.body.error).toEqual({ code: expect.any(String), message: expect.any(String), details: expect.any(Array) });
});

it('logs no 500 for any of them', () => {
  expect(stack.logs.filter((l) => JSON.parse(l).status >= 500)).toEqual([]);
});

describe('before authentication', () => {
  it('throttles one address sending bad keys, with Retry-After', async () => {
    const app = createApp({
      db: stack.db,
      client: stack.client,
      taskQueue: stack.taskQueue,
      procedure: TEST_PROCEDURE,
      authFailuresPerMinute: 5,
      log: () => undefined,
    });
    const statuses: number[] = [];
    let last: request.Response | undefined;
    for (let i = 0; i < 8; i++) {
      last = await request(app)
        .get('/v1/bodies')
        .set(as(`cce_intake_never-issued-${i}`));
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.body.error.code).toBe('rate_limited');
    expect(last!.headers.ratelimit).toBeDefined();
  });

  it('does not count requests with a valid key', async () => {
    const app = createApp({
      db: stack.db,
      client: stack.client,
      taskQueue: stack.taskQueue,
      procedure: TEST_PROCEDURE,
      authFailuresPerMinute: 3,
      log: () => undefined,
    });
    for (let i = 0; i < 10; i++)
      expect((await request(app).get('/v1/bodies').set(as(stack.keys.auditor))).status).toBe(200);
    expect((await request(app).get('/v1/bodies').set(as('cce_auditor_bad'))).status).toBe(401);
  });

  it('remembers an unknown key briefly: no database lookup for its repeats', async () => {
    const app = createApp({
      db: stack.db,
      client: stack.client,
      taskQueue: stack.taskQueue,
      procedure: TEST_PROCEDURE,
      log: () => undefined,
    });
    const key = `cce_auditor_made-after-its-first-try-${Date.now()}`;
    expect((await request(app).get('/v1/bodies').set(as(key))).status).toBe(401);
    // The key now exists in the register; the app still answers from its memory of the miss.
    await stack.db
      .insertInto('api_keys')
      .values({
        id: `key_${Date.now()}`,
        key_hash: hashApiKey(key),
        role: 'auditor',
        body_id: null,
        label: null,
        revoked_at: null,
      })
      .execute();
    const repeat = await request(app).get('/v1/bodies').set(as(key));
    expect(repeat.status).toBe(401);
    expect(repeat.headers['www-authenticate']).toMatch(/^Bearer/);
    // Another app (a fresh replica) looks it up and finds it.
    const fresh = createApp({
      db: stack.db,
      client: stack.client,
      taskQueue: stack.taskQueue,
      procedure: TEST_PROCEDURE,
      log: () => undefined,
    });
    expect((await request(fresh).get('/v1/bodies').set(as(key))).status).toBe(200);
  });
});
