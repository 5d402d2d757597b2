// The role matrix of SPEC "Users and roles": every route × every kind of caller.
import request from 'supertest';
import { createApiKey } from '../../db/api-keys';
import { apiAs, eventually, headersFor, type Caller } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { anAppeal, IIN, portalComplaint, REPRESENTATIVE_IIN } from '../support/complaints';

const CALLERS = [
  'intake',
  'intake-other',
  'official',
  'official-foreign',
  'portal',
  'portal-other',
  'portal-unnamed',
  'auditor',
  'admin',
  'no-key',
  'bad-key',
] as const;
type CallerName = (typeof CALLERS)[number];

const callerOf: Record<CallerName, Caller> = {
  intake: 'intake', // the intake that filed the cases
  'intake-other': 'intake2',
  official: 'official:con-almaty', // the body reviewing the cases
  'official-foreign': 'official:akimat-almaty',
  portal: { portal: IIN }, // the complainant of the cases
  'portal-other': { portal: REPRESENTATIVE_IIN },
  'portal-unnamed': 'portal', // no X-Complainant-Id
  auditor: 'auditor',
  admin: 'admin',
  'no-key': 'none',
  'bad-key': 'bad',
};

const body = {
  id: 'matrix-provider',
  code: 'MTX',
  kind: 'service_provider',
  nameKk: 'Тест қызмет берушісі',
  nameRu: 'Тестовый услугодатель',
  postalAddress: 'г. Алматы, ул. Тестовая, 1',
  head: { position: 'Директор', surname: 'Тестов', initials: 'Т.Т.', email: 'head@example.kz', phone: '+77010000000' },
  escalatesTo: 'qcb-almaty',
};

// Statuses in the order of CALLERS. `:open` is a case under review at con-almaty, `:closed` a withdrawn one.
type Row = [operation: string, path: string, body: object | undefined, statuses: string];
const x = '401 401'; // no key, bad key
const readers = `200 404 200 404 200 404 400 200 403 ${x}`;
// The portal names its complainant (X-Complainant-Id) only where it reads or acts on cases; elsewhere it is a portal key like any.
const everyone = `200 200 200 200 200 200 200 200 200 ${x}`;
const adminOnly = (allowed: number) => `403 403 403 403 403 403 403 403 ${allowed} ${x}`;
const officialsAct = `403 403 409 404 403 403 403 403 403 ${x}`;
const complainantsAct = `409 404 403 403 409 404 400 403 403 ${x}`;
const open = `200 200 200 200 200 200 200 200 200 200 200`;
// Webhooks: the intake that owns one, another intake, and an admin (who sees every subscription).
const subscribers = (owner: number, other: number) => `${owner} ${other} 403 403 403 403 403 403 ${owner} ${x}`;
const NO_WEBHOOK = '00000000-0000-4000-8000-000000000000';

const MATRIX: Row[] = [
  ['post /v1/complaints', '/v1/complaints', portalComplaint('con-almaty'), `201 201 403 403 403 403 403 403 403 ${x}`],
  ['get /v1/complaints', '/v1/complaints', undefined, `200 200 200 200 200 200 400 200 403 ${x}`],
  ['get /v1/complaints/{id}', '/v1/complaints/:open', undefined, readers],
  ['get /v1/complaints/{id}/timeline', '/v1/complaints/:open/timeline', undefined, readers],
  ['get /v1/complaints/{id}/receipt', '/v1/complaints/:open/receipt?lang=kk', undefined, readers],
  ['get /v1/complaints/{id}/case-file', '/v1/complaints/:open/case-file', undefined, readers],
  [
    'get /v1/complaints/{id}/history',
    '/v1/complaints/:open/history',
    undefined,
    `403 403 403 403 403 403 403 200 403 ${x}`,
  ],
  [
    'post /v1/complaints/{id}/assignment',
    '/v1/complaints/:closed/assignment',
    { officialName: 'Ахметова Г.' },
    officialsAct,
  ],
  [
    'post /v1/complaints/{id}/extension',
    '/v1/complaints/:closed/extension',
    { reason: 'additional_information', workingDays: 1 },
    officialsAct,
  ],
  [
    'post /v1/complaints/{id}/decision',
    '/v1/complaints/:closed/decision',
    { outcome: 'rejected', reasoning: 'Reasoned answer text.', decidedBy: 'Ахметова Г.К.' },
    officialsAct,
  ],
  [
    'post /v1/complaints/{id}/answer-handover',
    '/v1/complaints/:closed/answer-handover',
    { outcome: 'refused_to_collect' },
    officialsAct,
  ],
  [
    'post /v1/complaints/{id}/redirection',
    '/v1/complaints/:closed/redirection',
    { toBodyId: 'akimat-almaty', reason: 'The akimat is competent to review it.' },
    officialsAct,
  ],
  ['post /v1/complaints/{id}/escalation', '/v1/complaints/:open/escalation', anAppeal(), complainantsAct],
  ['post /v1/complaints/{id}/court-referral', '/v1/complaints/:open/court-referral', {}, complainantsAct],
  ['post /v1/complaints/{id}/withdrawal', '/v1/complaints/:closed/withdrawal', {}, complainantsAct],
  ['get /v1/bodies', '/v1/bodies', undefined, everyone],
  ['get /v1/bodies/{id}', '/v1/bodies/con-almaty', undefined, everyone],
  ['post /v1/bodies', '/v1/bodies', body, adminOnly(201)],
  ['get /v1/calendar/deadline', '/v1/calendar/deadline?bodyId=con-almaty', undefined, everyone],
  ['get /v1/calendar/{year}', '/v1/calendar/2026', undefined, everyone],
  [
    'put /v1/calendar/{year}',
    '/v1/calendar/2031',
    { days: [{ date: '2031-01-01', kind: 'holiday', name: 'New Year' }], confirmUnusual: true },
    adminOnly(200),
  ],
  ['get /v1/reports/sla', '/v1/reports/sla', undefined, `403 403 200 200 403 403 403 200 200 ${x}`],
  ['get /v1/outbox', '/v1/outbox?channel=post', undefined, adminOnly(200)],
  ['get /v1/outbox/{id}/letter', '/v1/outbox/999999/letter', undefined, adminOnly(404)],
  ['post /v1/outbox/{id}/posted', '/v1/outbox/999999/posted', { trackingNumber: 'RR123456785KZ' }, adminOnly(404)],
  [
    'post /v1/outbox/{id}/delivered',
    '/v1/outbox/999999/delivered',
    { deliveredAt: '2026-01-05T10:00:00Z' },
    adminOnly(404),
  ],
  ['post /v1/codec/decode', '/v1/codec/decode', { payloads: [] }, `403 403 403 403 403 403 403 200 403 ${x}`],
  ['post /v1/codec/encode', '/v1/codec/encode', { payloads: [] }, `403 403 403 403 403 403 403 200 403 ${x}`],
  ['get /v1/events', '/v1/events', undefined, `200 200 200 200 403 403 403 200 200 ${x}`],
  ['post /v1/webhooks', '/v1/webhooks', { url: 'https://receiver.example.kz/hooks' }, subscribers(201, 201)],
  ['get /v1/webhooks', '/v1/webhooks', undefined, subscribers(200, 200)],
  ['get /v1/webhooks/{id}', '/v1/webhooks/:webhook', undefined, subscribers(200, 404)],
  ['delete /v1/webhooks/{id}', `/v1/webhooks/${NO_WEBHOOK}`, undefined, subscribers(404, 404)],
  ['post /v1/webhooks/{id}/secret', '/v1/webhooks/:webhook/secret', undefined, subscribers(200, 404)],
  ['post /v1/webhooks/{id}/enable', '/v1/webhooks/:webhook/enable', undefined, subscribers(200, 404)],
  ['get /v1/webhooks/{id}/deliveries', '/v1/webhooks/:webhook/deliveries', undefined, subscribers(200, 404)],
  [
    'post /v1/webhooks/{id}/deliveries/{deliveryId}/resend',
    '/v1/webhooks/:webhook/deliveries/999999/resend',
    undefined,
    subscribers(404, 404),
  ],
  ['get /healthz', '/healthz', undefined, open],
  ['get /readyz', '/readyz', undefined, open],
  ['get /metrics', '/metrics', undefined, open],
  ['get /openapi.json', '/openapi.json', undefined, open],
  ['get /docs', '/docs', undefined, open],
];

let stack: ApiStack;
const ids = { open: '', closed: '', webhook: '' };

beforeAll(async () => {
  stack = await startApiStack();
  stack.keys.intake2 = (await createApiKey(stack.db, 'intake', null)).key;
  const api = apiAs(stack);
  ids.open = (await api.post('/v1/complaints', 'intake', portalComplaint('con-almaty'))).body.id;
  ids.closed = (await api.post('/v1/complaints', 'intake', portalComplaint('con-almaty'))).body.id;
  ids.webhook = (await api.post('/v1/webhooks', 'intake', { url: 'https://receiver.example.kz/matrix' })).body.id;
  expect((await api.post(`/v1/complaints/${ids.closed}/withdrawal`, { portal: IIN }, {})).status).toBe(200);
  await eventually(async () => {
    const row = await stack.db
      .selectFrom('complaints')
      .select('status')
      .where('id', '=', ids.closed)
      .executeTakeFirstOrThrow();
    return row.status === 'withdrawn' ? true : undefined;
  }, 'the withdrawn case to close');
});
afterAll(async () => {
  await stack?.stop();
});

it('covers every operation of the OpenAPI document', async () => {
  const doc = (await request(stack.app).get('/openapi.json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => `${m} ${path}`),
  );
  expect(MATRIX.map((r) => r[0]).sort()).toEqual(documented.sort());
});

describe.each(MATRIX)('%s', (_operation, pathTemplate, requestBody, statuses) => {
  const expected = statuses.split(' ').map(Number);
  it.each(CALLERS.map((caller, i) => [caller, expected[i]] as const))('%s → %i', async (caller, status) => {
    const [method] = _operation.split(' ');
    const path = pathTemplate
      .replace(':open', ids.open)
      .replace(':closed', ids.closed)
      .replace(':webhook', ids.webhook);
    const headers = headersFor(stack, callerOf[caller]);
    const req = request(stack.app)[method as 'get' | 'post' | 'put' | 'delete'](path).set(headers);
    if (method === 'post' && path === '/v1/complaints') req.set('Idempotency-Key', `matrix-${caller}`);
    const res = await (requestBody ? req.send(requestBody) : req);
    expect({ status: res.status, code: res.body?.error?.code }).toMatchObject({ status });
    if (status >= 400)
      expect(res.body.error).toEqual({
        code: expect.any(String),
        message: expect.any(String),
        details: expect.any(Array),
      });
  });
});

describe('what each reader sees in the case list', () => {
  const sees: Record<CallerName, boolean | null> = {
    intake: true,
    'intake-other': false,
    official: true,
    'official-foreign': false,
    portal: true,
    'portal-other': false,
    'portal-unnamed': null,
    auditor: true,
    admin: null,
    'no-key': null,
    'bad-key': null,
  };
  it.each(CALLERS.filter((c) => sees[c] !== null))('%s', async (caller) => {
    const res = await request(stack.app).get('/v1/complaints?limit=100').set(headersFor(stack, callerOf[caller]));
    expect(res.body.items.map((c: { id: string }) => c.id).includes(ids.open)).toBe(sees[caller]);
  });
});
