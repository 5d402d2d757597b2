// The contract a client generator and a fuzzer accept. Every operation is named and
// secured, says what it answers (success and errors) with schemas, declares only the headers it
// reads; unknown methods are 405 with Allow; 401, 429 and 503 carry their headers.
import request from 'supertest';
import { createApp } from '../../api/app';
import { createApiKey } from '../../db/api-keys';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { IIN } from '../support/complaints';
import { TEST_PROCEDURE } from '../support/procedure';

interface Operation {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<
    string,
    {
      content?: Record<string, { schema?: unknown }>;
      headers?: Record<string, unknown>;
      links?: Record<string, { operationId: string }>;
    }
  >;
}
type Document = { servers?: unknown[]; paths: Record<string, Record<string, Operation>> };

let stack: ApiStack;
let doc: Document;
let operations: Array<[string, Operation]>;
beforeAll(async () => {
  stack = await startApiStack();
  doc = (await request(stack.app).get('/openapi.json')).body;
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([m, op]) => [`${m} ${path}`, op] as [string, Operation]),
  );
});
afterAll(async () => {
  await stack?.stop();
});

const as = (key: string) => ({ Authorization: `Bearer ${key}` });

describe('the document', () => {
  it('names the server and every operation, uniquely, with a summary and security', () => {
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(operations.length).toBeGreaterThanOrEqual(30);
    const ids = operations.map(([, op]) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [, op] of operations) {
      expect(op.summary).toEqual(expect.any(String));
      expect(Array.isArray(op.security)).toBe(true);
    }
  });

  it('gives every answer a media type, every JSON answer a schema, every error the Error schema', () => {
    for (const [name, op] of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        const media = Object.entries(response.content ?? {});
        expect({ name, status, media: media.length }).toEqual({ name, status, media: 1 });
        const [type, { schema }] = media[0];
        if (type === 'application/json')
          expect({ name, status, schema: !!schema }).toEqual({ name, status, schema: true });
        if (Number(status) >= 400)
          expect({ name, status, schema }).toEqual({ name, status, schema: { $ref: '#/components/schemas/Error' } });
      }
    }
  });

  it('lists the errors each keyed operation can answer, with Retry-After and WWW-Authenticate', () => {
    for (const [name, op] of operations.filter(([, o]) => (o.security ?? []).length > 0)) {
      expect({ name, statuses: Object.keys(op.responses) }).toEqual({
        name,
        statuses: expect.arrayContaining(['401', '429', '503']),
      });
      expect(op.responses['401'].headers).toHaveProperty('WWW-Authenticate');
      expect(op.responses['429'].headers).toHaveProperty('Retry-After');
      expect(op.responses['503'].headers).toHaveProperty('Retry-After');
    }
    const file = doc.paths['/v1/complaints'].post;
    expect(Object.keys(file.responses).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '422',
      '429',
      '503',
    ]);
  });

  it('declares Idempotency-Key on filing only, X-Complainant-Id only where cases are read or acted on', () => {
    const withHeader = (name: string) =>
      operations
        .filter(([, op]) => (op.parameters ?? []).some((p) => p.in === 'header' && p.name === name))
        .map(([n]) => n);
    expect(withHeader('Idempotency-Key')).toEqual(['post /v1/complaints']);
    const complainant = withHeader('X-Complainant-Id');
    expect(complainant).toContain('get /v1/complaints/{id}');
    expect(complainant).toContain('post /v1/complaints/{id}/withdrawal');
    expect(complainant.every((n) => n.includes('/v1/complaints'))).toBe(true);
    expect(complainant).not.toContain('post /v1/complaints');
    expect(complainant).not.toContain('get /v1/complaints/{id}/history');
  });

  it('links the filing to the case routes', () => {
    const links = doc.paths['/v1/complaints'].post.responses['201'].links ?? {};
    const targets = Object.values(links)
      .map((l) => l.operationId)
      .sort();
    const caseOperations = operations
      .filter(([n]) => n.includes('/v1/complaints/{id}'))
      .map(([, op]) => op.operationId)
      .sort();
    expect(targets).toEqual(caseOperations);
  });
});

describe('the server keeps it', () => {
  it('answers an undeclared method on a known path 405 with Allow', async () => {
    for (const method of ['delete', 'patch', 'trace'] as const) {
      const res = await request(stack.app)[method]('/v1/bodies').set(as(stack.keys.admin));
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, POST, HEAD');
      if (method !== 'trace') expect(res.body.error.code).toBe('method_not_allowed');
    }
    // A literal path is not taken by a parameterised one declared after it (`/calendar/{year}`).
    const shadowed = await request(stack.app).put('/v1/calendar/deadline').set(as(stack.keys.admin)).send({ days: [] });
    expect({ status: shadowed.status, allow: shadowed.headers.allow }).toEqual({ status: 405, allow: 'GET, HEAD' });
    const put = await request(stack.app).put('/healthz');
    expect({ status: put.status, allow: put.headers.allow }).toEqual({ status: 405, allow: 'GET, HEAD' });
  });

  it('answers 401 with WWW-Authenticate', async () => {
    for (const headers of [{}, as('cce_admin_not-a-key')]) {
      const res = await request(stack.app).get('/v1/bodies').set(headers);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
    }
  });

  it('lets the portal read what is not a case without naming a complainant, and refuses a malformed one where cases are read', async () => {
    expect((await request(stack.app).get('/v1/bodies').set(as(stack.keys.portal))).status).toBe(200);
    expect((await request(stack.app).get('/v1/complaints').set(as(stack.keys.portal))).status).toBe(400);
    expect(
      (await request(stack.app).get('/v1/complaints').set(as(stack.keys.portal)).set('X-Complainant-Id', IIN)).status,
    ).toBe(200);
    expect(
      (await request(stack.app).get('/v1/complaints').set(as(stack.keys.auditor)).set('X-Complainant-Id', 'x')).status,
    ).toBe(400);
  });

  it('limits requests per API key across replicas, with RateLimit headers and Retry-After', async () => {
    const replica = () =>
      createApp({
        db: stack.db,
        client: stack.client,
        taskQueue: stack.taskQueue,
        procedure: TEST_PROCEDURE,
        rateLimitPerMinute: 4,
        log: () => undefined,
      });
    const [a, b] = [replica(), replica()];
    const { key } = await createApiKey(stack.db, 'auditor', null);
    const statuses = [];
    let last: request.Response | undefined;
    for (const app of [a, b, a, b, a, b]) {
      last = await request(app).get('/v1/bodies').set(as(key));
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect(last!.headers['ratelimit-policy']).toBeDefined();
    expect(last!.headers.ratelimit).toMatch(/r=0/);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.body.error.code).toBe('rate_limited');
    // Another key has its own allowance.
    expect((await request(a).get('/v1/bodies').set(as(stack.keys.auditor))).status).toBe(200);
  });

  it('logs the request id on every line, errors included', async () => {
    const before = stack.logs.length;
    await request(stack.app).get('/v1/bodies/%FF').set(as(stack.keys.auditor)).set('X-Request-Id', 'trace-me-1');
    const lines = stack.logs.slice(before).map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.requestId).toBe('trace-me-1');
  });
});
