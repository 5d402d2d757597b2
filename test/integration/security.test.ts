import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { format } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createApiKey } from '../../db/api-keys';
import { fileComplaint } from '../../api/complaint-client';
import { caseHistory } from '../../api/history';
import { HTML_CSP } from '../../api/html';
import { aesGcmCodec, payloadKeysFrom } from '../../platform/payload-codec';
import { complaintWorkflowId, getCase } from '../../workflows/complaint-messages';
import { IIN, officeComplaint, portalComplaint } from '../support/complaints';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { TEST_PROCEDURE } from '../support/procedure';

const oldKey = `old:${randomBytes(32).toString('base64')}`;
const newKey = `new:${randomBytes(32).toString('base64')}`;
let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack({ payloadKeys: `${oldKey},${newKey}` });
});
afterAll(async () => {
  await stack?.stop();
});

const as = (key: string) => ({ Authorization: `Bearer ${key}` });
/** Every byte field named `field` in a history: the stored payload data, as the server keeps it. */
function payloadBytes(node: unknown, field = 'data'): Uint8Array[] {
  if (!node || typeof node !== 'object') return [];
  if (node instanceof Uint8Array) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === field && value instanceof Uint8Array ? [value] : payloadBytes(value, field),
  );
}

const PERSONAL = [IIN, 'Ахметов', 'Кенесары', 'erlan@example.kz', '+77011234567', '940140000385', 'пр. Абая, 1'];

it('keeps personal data out of the Temporal history when the payload codec is on; auditors still read it', async () => {
  const filed = await request(stack.app)
    .post('/v1/complaints')
    .set(as(stack.keys.intake))
    .send(portalComplaint('con-almaty'));
  expect(filed.status).toBe(201);

  // Straight from Temporal, without our codec: ciphertext only.
  const plain = new Client({ connection: await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! }) });
  const history = await plain.workflow.getHandle(complaintWorkflowId(filed.body.id)).fetchHistory();
  const stored = payloadBytes(history)
    .map((bytes) => Buffer.from(bytes).toString('utf8'))
    .join('\n');
  expect(stored.length).toBeGreaterThan(100);
  for (const item of PERSONAL) expect(stored).not.toContain(item);
  expect(payloadBytes(history, 'encoding').map((b) => Buffer.from(b).toString())).toContain('binary/encrypted');
  await plain.connection.close();

  // Through the API, for an auditor: decoded.
  const decoded = await request(stack.app).get(`/v1/complaints/${filed.body.id}/history`).set(as(stack.keys.auditor));
  expect(decoded.status).toBe(200);
  expect(JSON.stringify(decoded.body)).toContain(IIN);
  // The workflow itself works on decoded data.
  expect((await stack.client.workflow.getHandle(complaintWorkflowId(filed.body.id)).query(getCase)).channel).toBe(
    'portal',
  );
});

it('decodes for the Temporal UI through /v1/codec, for auditors only', async () => {
  const [encoded] = await stack.client.options.loadedDataConverter.payloadCodecs[0].encode([
    { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify({ iin: IIN })) },
  ]);
  const body = {
    payloads: [
      {
        metadata: {
          encoding: Buffer.from(encoded.metadata!.encoding!).toString('base64'),
          'encryption-key-id': Buffer.from(encoded.metadata!['encryption-key-id']!).toString('base64'),
        },
        data: Buffer.from(encoded.data!).toString('base64'),
      },
    ],
  };
  const decoded = await request(stack.app).post('/v1/codec/decode').set(as(stack.keys.auditor)).send(body);
  expect(decoded.status).toBe(200);
  expect(Buffer.from(decoded.body.payloads[0].data, 'base64').toString()).toBe(JSON.stringify({ iin: IIN }));
  for (const role of ['intake', 'portal', 'admin', 'official:con-almaty']) {
    const refused = await request(stack.app)
      .post('/v1/codec/decode')
      .set(as(stack.keys[role]))
      .set('X-Complainant-Id', IIN)
      .send(body);
    expect(refused.status).toBe(403);
  }
});

it('reads histories written under a rotated-out key', async () => {
  const rotated = new Client({
    connection: stack.client.connection,
    dataConverter: { payloadCodecs: [aesGcmCodec(payloadKeysFrom(`${oldKey},${newKey}`, 'old')!)] },
  });
  const [sealed] = await rotated.options.loadedDataConverter.payloadCodecs[0].encode([
    { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"x"') },
  ]);
  expect(Buffer.from(sealed.metadata!['encryption-key-id']!).toString()).toBe('old');
  const [opened] = await stack.client.options.loadedDataConverter.payloadCodecs[0].decode([sealed]);
  expect(Buffer.from(opened.data!).toString()).toBe('"x"');
});

it('sends security headers and a request id on every answer', async () => {
  const res = await request(stack.app).get('/healthz').set('X-Request-Id', 'abc-123');
  expect(res.headers).toMatchObject({
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
    'x-request-id': 'abc-123',
  });
  expect(res.headers['content-security-policy']).toContain("default-src 'none'");
});

it('lets no other site frame a receipt or a letter (frame-ancestors)', async () => {
  const filed = await request(stack.app)
    .post('/v1/complaints')
    .set(as(stack.keys.intake))
    .send(officeComplaint('con-almaty'));
  expect(filed.status).toBe(201);
  const receipt = await request(stack.app).get(`/v1/complaints/${filed.body.id}/receipt`).set(as(stack.keys.intake));
  expect(receipt.status).toBe(200);
  expect(receipt.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(HTML_CSP).toContain("frame-ancestors 'none'"); // the letters' policy too
});

it('seals payloads with the live key for no caller: /v1/codec/encode passes them through', async () => {
  const payload = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: 'e30=' };
  const res = await request(stack.app)
    .post('/v1/codec/encode')
    .set(as(stack.keys.auditor))
    .send({ payloads: [payload] });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ payloads: [payload] }); // no encryption-key-id, nothing sealed
  const admin = await request(stack.app).post('/v1/codec/encode').set(as(stack.keys.admin)).send({ payloads: [] });
  expect(admin.status).toBe(403);
});

it('limits requests per API key', async () => {
  const app = createApp({
    db: stack.db,
    client: stack.client,
    taskQueue: stack.taskQueue,
    procedure: TEST_PROCEDURE,
    rateLimitPerMinute: 5,
    log: () => undefined,
  });
  const { key } = await createApiKey(stack.db, 'auditor', null);
  const statuses = [];
  for (let i = 0; i < 7; i++) statuses.push((await request(app).get('/v1/bodies').set(as(key))).status);
  expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
  expect((await request(app).get('/v1/bodies').set(as(stack.keys.auditor))).status).toBe(200);
});

it('logs no personal data, however a request ends', async () => {
  const written: string[] = [];
  const spies = [jest.spyOn(process.stdout, 'write'), jest.spyOn(process.stderr, 'write')].map((spy) =>
    spy.mockImplementation(((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    }) as never),
  );
  try {
    await request(stack.app).post('/v1/complaints').set(as(stack.keys.intake)).send(officeComplaint('akimat-almaty'));
    await request(stack.app)
      .post('/v1/complaints')
      .set(as(stack.keys.intake))
      .send({ ...portalComplaint(), complainant: { ...portalComplaint().complainant, iin: '870412300150' } });
    await request(stack.app)
      .post('/v1/complaints')
      .set(as(stack.keys.intake))
      .set('Content-Type', 'application/json')
      .send(`{"iin":"${IIN}",`);
    await request(stack.app).get('/v1/complaints').set(as(stack.keys.portal)).set('X-Complainant-Id', IIN);
    await request(stack.app).get(`/v1/complaints?status=${IIN}`).set(as(stack.keys.auditor));
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
  const everything = [...written, ...stack.logs].join('\n');
  expect(stack.logs.length).toBeGreaterThan(3);
  for (const item of PERSONAL) expect(everything).not.toContain(item);
});

// A register write that fails quotes the complaint (IIN included) in PostgreSQL's
// error; the worker logged it on every retry and kept it in the history's failure messages.
it("logs no personal data when a register write fails in the worker, and keeps none in the history's failures", async () => {
  const written: string[] = [];
  const spies = [jest.spyOn(process.stdout, 'write'), jest.spyOn(process.stderr, 'write')].map((spy) =>
    spy.mockImplementation(((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    }) as never),
  );
  // The SDK's logger writes through console (jest's own, here).
  for (const level of ['error', 'warn', 'info', 'log'] as const) {
    spies.push(
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        written.push(format(...args));
      }) as never,
    );
  }
  const complaintId = randomUUID();
  let refusal: unknown;
  try {
    const hostile = { ...portalComplaint('con-almaty'), reasons: `Not issued\u0000 to ${IIN}, Ахметов, пр. Абая, 1` };
    refusal = await fileComplaint(stack.client, {
      complaintId,
      complaint: hostile,
      receivedAt: new Date(),
      appealWindowDays: 30,
      taskQueue: stack.taskQueue,
    }).catch((e: unknown) => e);
    await stack.client.workflow.getHandle(complaintWorkflowId(complaintId)).result();
    // The worker's log line comes through the SDK's logger a moment later.
    for (let i = 0; i < 100 && !/registerComplaint|SQLSTATE/.test(written.join('')); i++)
      await new Promise((ok) => setTimeout(ok, 100));
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
  expect(String((refusal as { cause?: { message?: string } }).cause?.message)).toMatch(/SQLSTATE 22P05/);
  expect(written.join('')).toMatch(/registerComplaint|SQLSTATE/); // the worker did log the failure
  // The history's failures, decoded as an auditor reads them (their messages are encrypted in Temporal).
  const failuresIn = (node: unknown): unknown[] =>
    !node || typeof node !== 'object'
      ? []
      : Object.entries(node).flatMap(([key, value]) => (key === 'failure' ? [value] : failuresIn(value)));
  const decoded = await caseHistory(stack.client, stack.db, complaintId);
  const failures = JSON.stringify(failuresIn(decoded?.events));
  expect(failures).toContain('SQLSTATE 22P05');
  const everything = [...written, failures].join('\n');
  for (const item of PERSONAL) expect(everything).not.toContain(item);
});

it('accepts the bearer scheme in any letter case', async () => {
  for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
    expect(
      (await request(stack.app).get('/v1/bodies').set('Authorization', `${scheme} ${stack.keys.auditor}`)).status,
    ).toBe(200);
  }
  expect((await request(stack.app).get('/v1/bodies').set('Authorization', `Basic ${stack.keys.auditor}`)).status).toBe(
    401,
  );
});

// /metrics takes no key, so by default only the machine itself reads it.
it('serves /metrics to loopback only unless METRICS_FROM=any', async () => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  expect(external).toBeDefined(); // the test needs an address other than loopback to come from
  const statusFrom = async (from: 'loopback' | 'any', host: string) => {
    const app = createApp({
      db: stack.db,
      client: stack.client,
      taskQueue: stack.taskQueue,
      procedure: TEST_PROCEDURE,
      log: () => undefined,
      metricsFrom: from,
    });
    const server = app.listen(0, '0.0.0.0');
    await new Promise((ok) => server.once('listening', ok));
    try {
      return (await fetch(`http://${host}:${(server.address() as AddressInfo).port}/metrics`)).status;
    } finally {
      server.close();
    }
  };
  expect(await statusFrom('loopback', '127.0.0.1')).toBe(200);
  expect(await statusFrom('loopback', external!)).toBe(404);
  expect(await statusFrom('any', external!)).toBe(200);
});
