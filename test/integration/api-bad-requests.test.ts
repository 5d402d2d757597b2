// Bad requests: each gets its status and error code, and nothing changes anywhere — not in
// Postgres, not in Temporal (no workflow started, no event added to a history).
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { complaintWorkflowId } from '../../workflows/complaint-messages';
import { apiAs, eventually, headersFor, type Caller } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { anAppeal, BIN, IIN, officeComplaint, portalComplaint, REPRESENTATIVE_IIN } from '../support/complaints';

let stack: ApiStack;
const ids = { atCon: '', atAkimat: '', closed: '' };

const portal = portalComplaint('con-almaty');
const office = officeComplaint('akimat-almaty');
const representative = {
  surname: 'Серіков',
  firstName: 'Асқар',
  iin: REPRESENTATIVE_IIN,
  powerOfAttorney: { number: 'ДВ-17', issuedAt: '2025-01-10' },
};
const wrongCheckDigit = (n: string) => n.slice(0, 11) + String((Number(n[11]) + 1) % 10);
const decision = {
  outcome: 'rejected',
  reasoning: 'The service was provided within its term.',
  decidedBy: 'Ахметова Г.К.',
};
const extension = { reason: 'additional_information', workingDays: 3 };
const FILED_KEY = 'bad-requests-at-con';

interface BadRequest {
  name: string;
  method?: 'get' | 'post' | 'put';
  path: string;
  as?: Caller;
  body?: unknown;
  /** A raw body with this content type instead of JSON. */
  raw?: { type: string; text: string };
  headers?: Record<string, string>;
  status: number;
  code: string;
}

const file = (name: string, body: unknown, status: number, code: string): BadRequest => ({
  name,
  method: 'post',
  path: '/v1/complaints',
  as: 'intake',
  body,
  status,
  code,
});
const act = (
  name: string,
  action: string,
  id: keyof typeof ids | 'unknown' | 'malformed',
  as: Caller,
  body: unknown,
  status: number,
  code: string,
): BadRequest => ({ name, method: 'post', path: `/v1/complaints/:${id}/${action}`, as, body, status, code });

const BAD: BadRequest[] = [
  // the request itself
  {
    name: 'malformed JSON',
    method: 'post',
    path: '/v1/complaints',
    as: 'intake',
    raw: { type: 'application/json', text: '{"channel": "portal",' },
    status: 400,
    code: 'malformed_json',
  },
  {
    name: 'a JSON string, not an object',
    method: 'post',
    path: '/v1/complaints',
    as: 'intake',
    raw: { type: 'application/json', text: '"complaint"' },
    status: 400,
    code: 'malformed_json',
  },
  {
    name: 'plain text',
    method: 'post',
    path: '/v1/complaints',
    as: 'intake',
    raw: { type: 'text/plain', text: 'I complain' },
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'a form',
    method: 'post',
    path: '/v1/complaints',
    as: 'intake',
    raw: { type: 'application/x-www-form-urlencoded', text: 'channel=portal' },
    status: 415,
    code: 'unsupported_media_type',
  },
  file('a body over 256 KiB', { ...portal, reasons: 'x'.repeat(300 * 1024) }, 413, 'payload_too_large'),
  file('an empty object', {}, 400, 'invalid_request'),
  file('an array', [portal], 400, 'invalid_request'),
  file('an unknown field', { ...portal, priority: 'high' }, 400, 'invalid_request'),
  {
    name: 'an Idempotency-Key with spaces',
    method: 'post',
    path: '/v1/complaints',
    as: 'intake',
    body: portal,
    headers: { 'Idempotency-Key': 'my key' },
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'an Idempotency-Key sent before with another complaint',
    method: 'post',
    path: '/v1/complaints',
    as: 'intake',
    body: { ...portal, reasons: 'Another complaint altogether.' },
    headers: { 'Idempotency-Key': FILED_KEY },
    status: 409,
    code: 'idempotency_key_reused',
  },
  // the complaint's content (R2, R3, R5, R6, R7)
  file('no complainant', { ...portal, complainant: undefined }, 400, 'invalid_request'),
  file('an unknown channel', { ...portal, channel: 'fax' }, 422, 'validation_failed'),
  file(
    'an IIN with a wrong check digit',
    { ...portal, complainant: { ...portal.complainant, iin: wrongCheckDigit(IIN) } },
    422,
    'validation_failed',
  ),
  file(
    'an IIN of 11 digits',
    { ...portal, complainant: { ...portal.complainant, iin: IIN.slice(0, 11) } },
    422,
    'validation_failed',
  ),
  file(
    'a BIN with a wrong check digit',
    { ...office, complainant: { ...office.complainant, bin: wrongCheckDigit(BIN) } },
    422,
    'validation_failed',
  ),
  file(
    'a BIN whose entity type digit is not 4-6',
    { ...office, complainant: { ...office.complainant, bin: IIN } },
    422,
    'validation_failed',
  ),
  file('an unsigned complaint', { ...portal, signature: undefined }, 400, 'invalid_request'),
  file(
    'a portal complaint signed by hand',
    { ...portal, signature: { signedBy: 'complainant', method: 'handwritten' } },
    422,
    'validation_failed',
  ),
  file(
    'a letter signed digitally',
    {
      ...office,
      channel: 'post',
      receivedBy: undefined,
      signature: { signedBy: 'complainant', method: 'digital', reference: 'EDS-1' },
    },
    422,
    'validation_failed',
  ),
  file(
    'a digital signature without an EDS reference',
    { ...portal, signature: { signedBy: 'complainant', method: 'digital' } },
    422,
    'validation_failed',
  ),
  file('an office complaint without the receiver (R3)', { ...office, receivedBy: undefined }, 422, 'validation_failed'),
  file('a portal complaint naming a receiver', { ...portal, receivedBy: 'Сапарова Д.К.' }, 422, 'validation_failed'),
  file('a receiver without initials', { ...office, receivedBy: 'Сапарова' }, 422, 'validation_failed'),
  file(
    'signed by a representative who is not there',
    { ...portal, signature: { ...portal.signature, signedBy: 'representative' } },
    422,
    'validation_failed',
  ),
  // R6: well-formed, but signed on no authority: neither a power of attorney nor by law.
  file(
    'a representative without a power of attorney or an authority by law',
    {
      ...portal,
      representative: { ...representative, powerOfAttorney: undefined },
      signature: { ...portal.signature, signedBy: 'representative' },
    },
    422,
    'validation_failed',
  ),
  file(
    "a legal entity's complaint that does not name who signed it (R6)",
    {
      ...portal,
      complainant: { kind: 'legal_entity', name: 'ТОО «Дала»', bin: BIN, postalAddress: 'г. Алматы, пр. Абая, 1' },
    },
    422,
    'validation_failed',
  ),
  file('a representative present but the complainant signs', { ...portal, representative }, 422, 'validation_failed'),
  file(
    'a power of attorney valid until before its issue',
    {
      ...portal,
      representative: {
        ...representative,
        powerOfAttorney: { number: 'ДВ-17', issuedAt: '2025-01-10', validUntil: '2024-12-31' },
      },
      signature: { ...portal.signature, signedBy: 'representative' },
    },
    422,
    'validation_failed',
  ),
  file('empty reasons', { ...portal, reasons: '   ' }, 422, 'validation_failed'),
  file('demands over the limit', { ...portal, demands: 'd'.repeat(5001) }, 422, 'validation_failed'),
  file(
    'an e-mail that is not one',
    { ...portal, complainant: { ...portal.complainant, email: 'erlan@' } },
    422,
    'validation_failed',
  ),
  file(
    'a phone that is not Kazakh',
    { ...portal, complainant: { ...portal.complainant, phone: '12345' } },
    422,
    'validation_failed',
  ),
  file(
    'an attachment with a bad sha256',
    { ...portal, attachments: [{ name: 'scan.pdf', sha256: 'abc', size: 10 }] },
    422,
    'validation_failed',
  ),
  file('addressed to a body that does not exist', { ...portal, addressedTo: 'no-such-body' }, 422, 'unknown_body'),
  // who may file
  {
    name: 'filed by an official',
    method: 'post',
    path: '/v1/complaints',
    as: 'official:con-almaty',
    body: portal,
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'filed without a key',
    method: 'post',
    path: '/v1/complaints',
    as: 'none',
    body: portal,
    status: 401,
    code: 'unauthenticated',
  },
  {
    name: 'the portal without X-Complainant-Id',
    method: 'get',
    path: '/v1/complaints',
    as: 'portal',
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'the portal naming an invalid IIN',
    method: 'get',
    path: '/v1/complaints',
    as: { portal: wrongCheckDigit(IIN) },
    status: 400,
    code: 'invalid_request',
  },
  // officials' actions (R8, R11)
  act(
    'an extension of 11 working days',
    'extension',
    'atAkimat',
    'official:akimat-almaty',
    { ...extension, workingDays: 11 },
    422,
    'validation_failed',
  ),
  act(
    'an extension of 0 days',
    'extension',
    'atAkimat',
    'official:akimat-almaty',
    { ...extension, workingDays: 0 },
    422,
    'validation_failed',
  ),
  act(
    'an extension for an unknown reason',
    'extension',
    'atAkimat',
    'official:akimat-almaty',
    { ...extension, reason: 'holidays' },
    422,
    'validation_failed',
  ),
  act(
    'an extension at a provider, which may not extend',
    'extension',
    'atCon',
    'official:con-almaty',
    extension,
    409,
    'transition_not_allowed',
  ),
  act(
    'a decision without reasoning',
    'decision',
    'atAkimat',
    'official:akimat-almaty',
    { outcome: 'rejected', decidedBy: 'Досаев Е.А.' },
    400,
    'invalid_request',
  ),
  act(
    'a decision with a one-word reasoning',
    'decision',
    'atAkimat',
    'official:akimat-almaty',
    { ...decision, reasoning: 'No.' },
    422,
    'validation_failed',
  ),
  act(
    'a decision with an unknown outcome',
    'decision',
    'atAkimat',
    'official:akimat-almaty',
    { ...decision, outcome: 'maybe' },
    422,
    'validation_failed',
  ),
  act('an assignment without a name', 'assignment', 'atAkimat', 'official:akimat-almaty', {}, 400, 'invalid_request'),
  act(
    'a decision on an unknown complaint',
    'decision',
    'unknown',
    'official:con-almaty',
    decision,
    404,
    'complaint_not_found',
  ),
  act(
    'a decision on a malformed id',
    'decision',
    'malformed',
    'official:con-almaty',
    decision,
    404,
    'complaint_not_found',
  ),
  act('a decision on a withdrawn complaint', 'decision', 'closed', 'official:con-almaty', decision, 409, 'case_closed'),
  act(
    'an assignment on a withdrawn complaint',
    'assignment',
    'closed',
    'official:con-almaty',
    { officialName: 'Ахметова Г.' },
    409,
    'case_closed',
  ),
  act(
    'a decision by a foreign body',
    'decision',
    'atCon',
    'official:akimat-almaty',
    decision,
    404,
    'complaint_not_found',
  ),
  act('a decision by the portal', 'decision', 'atCon', { portal: IIN }, decision, 403, 'forbidden'),
  act(
    'an assignment by the auditor',
    'assignment',
    'atCon',
    'auditor',
    { officialName: 'Ахметова Г.' },
    403,
    'forbidden',
  ),
  // complainants' actions (R9, R13)
  act(
    'an escalation before any decision',
    'escalation',
    'atCon',
    { portal: IIN },
    anAppeal(),
    409,
    'transition_not_allowed',
  ),
  act(
    'an escalation without its reasons and demands (R7)',
    'escalation',
    'atCon',
    { portal: IIN },
    { reason: 'I disagree.' },
    400,
    'invalid_request',
  ),
  act(
    'an escalation through the portal signed by hand',
    'escalation',
    'atCon',
    { portal: IIN },
    { ...anAppeal(), signature: { signedBy: 'complainant', method: 'handwritten' } },
    422,
    'validation_failed',
  ),
  act(
    'a court referral before any decision',
    'court-referral',
    'atCon',
    { portal: IIN },
    { court: 'СМАС г. Алматы' },
    409,
    'transition_not_allowed',
  ),
  act('a withdrawal of a withdrawn complaint', 'withdrawal', 'closed', { portal: IIN }, {}, 409, 'case_closed'),
  act(
    'a withdrawal by another complainant',
    'withdrawal',
    'atCon',
    { portal: REPRESENTATIVE_IIN },
    {},
    404,
    'complaint_not_found',
  ),
  act(
    'an escalation with an unknown field',
    'escalation',
    'atCon',
    { portal: IIN },
    { to: 'court' },
    400,
    'invalid_request',
  ),
  // bodies, calendar, outbox, list
  {
    name: 'a body whose code belongs to another',
    method: 'post',
    path: '/v1/bodies',
    as: 'admin',
    body: {
      id: 'con-almaty-2',
      code: 'CON',
      kind: 'service_provider',
      nameKk: 'Қ',
      nameRu: 'Р',
      postalAddress: 'Алматы',
      head: {
        position: 'Директор',
        surname: 'Тестов',
        initials: 'Т.',
        email: 'head@example.kz',
        phone: '+77010000000',
      },
      escalatesTo: 'qcb-almaty',
    },
    status: 409,
    code: 'body_code_taken',
  },
  {
    name: 'a provider with no quality-control body above it (R9)',
    method: 'post',
    path: '/v1/bodies',
    as: 'admin',
    body: {
      id: 'lone-provider',
      code: 'LONE',
      kind: 'service_provider',
      nameKk: 'Қ',
      nameRu: 'Р',
      postalAddress: 'Алматы',
      head: {
        position: 'Директор',
        surname: 'Тестов',
        initials: 'Т.',
        email: 'head@example.kz',
        phone: '+77010000000',
      },
    },
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'a local executive body with no quality-control body above it (R9)',
    method: 'post',
    path: '/v1/bodies',
    as: 'admin',
    body: {
      id: 'lone-akimat',
      code: 'LAKM',
      kind: 'local_executive_body',
      nameKk: 'Қ',
      nameRu: 'Р',
      postalAddress: 'Алматы',
      head: {
        position: 'Аким',
        surname: 'Тестов',
        initials: 'Т.',
        email: 'head@example.kz',
        phone: '+77010000000',
      },
    },
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'a central state body with no quality-control body above it (R9)',
    method: 'post',
    path: '/v1/bodies',
    as: 'admin',
    body: {
      id: 'lone-ministry',
      code: 'LMIN',
      kind: 'central_state_body',
      nameKk: 'Қ',
      nameRu: 'Р',
      postalAddress: 'Алматы',
      head: {
        position: 'Аким',
        surname: 'Тестов',
        initials: 'Т.',
        email: 'head@example.kz',
        phone: '+77010000000',
      },
    },
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'a quality-control body with a term of its own (R10)',
    method: 'post',
    path: '/v1/bodies',
    as: 'admin',
    body: {
      id: 'qcb-short',
      code: 'QCS',
      kind: 'quality_control_body',
      nameKk: 'Қ',
      nameRu: 'Р',
      postalAddress: 'Алматы',
      head: {
        position: 'Директор',
        surname: 'Тестов',
        initials: 'Т.',
        email: 'head@example.kz',
        phone: '+77010000000',
      },
      reviewTermDays: 10,
    },
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'the quality-control body of others made a plain provider',
    method: 'post',
    path: '/v1/bodies',
    as: 'admin',
    body: {
      id: 'qcb-almaty',
      code: 'QCB',
      kind: 'local_executive_body',
      nameKk: 'Қ',
      nameRu: 'Р',
      postalAddress: 'Алматы',
      head: {
        position: 'Директор',
        surname: 'Тестов',
        initials: 'Т.',
        email: 'head@example.kz',
        phone: '+77010000000',
      },
      escalatesTo: 'qcb-almaty',
    },
    status: 409,
    code: 'body_in_use',
  },
  file(
    'a power of attorney that expired before the filing (R6)',
    {
      ...portal,
      representative: {
        ...representative,
        powerOfAttorney: { number: 'ДВ-17', issuedAt: '2025-01-10', validUntil: '2025-06-30' },
      },
      signature: { ...portal.signature, signedBy: 'representative' },
    },
    422,
    'validation_failed',
  ),
  file(
    'a power of attorney issued after the filing (R6)',
    {
      ...portal,
      representative: { ...representative, powerOfAttorney: { number: 'ДВ-17', issuedAt: '2099-01-10' } },
      signature: { ...portal.signature, signedBy: 'representative' },
    },
    422,
    'validation_failed',
  ),
  act(
    'a refusal to review without its ground',
    'decision',
    'atCon',
    'official:con-almaty',
    { ...decision, outcome: 'refused_to_review' },
    422,
    'validation_failed',
  ),
  act(
    'a ground on an answer that is no refusal',
    'decision',
    'atCon',
    'official:con-almaty',
    { ...decision, refusalGround: 'anonymous' },
    422,
    'validation_failed',
  ),
  {
    name: 'a provider that claims it may extend',
    method: 'post',
    path: '/v1/bodies',
    as: 'admin',
    body: {
      id: 'ext-provider',
      code: 'EXT',
      kind: 'service_provider',
      nameKk: 'Қ',
      nameRu: 'Р',
      postalAddress: 'Алматы',
      head: {
        position: 'Директор',
        surname: 'Тестов',
        initials: 'Т.',
        email: 'head@example.kz',
        phone: '+77010000000',
      },
      canExtend: true,
    },
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'a calendar day outside the year',
    method: 'put',
    path: '/v1/calendar/2030',
    as: 'admin',
    body: { days: [{ date: '2031-01-01', kind: 'holiday', name: 'New Year' }] },
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'a weekday made a working day',
    method: 'put',
    path: '/v1/calendar/2030',
    as: 'admin',
    body: { days: [{ date: '2030-01-02', kind: 'working_day', name: 'Wednesday' }] },
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'a calendar day of an unknown kind',
    method: 'put',
    path: '/v1/calendar/2030',
    as: 'admin',
    body: { days: [{ date: '2030-01-01', kind: 'feast', name: 'New Year' }] },
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'a calendar year that is not a year',
    method: 'put',
    path: '/v1/calendar/twenty',
    as: 'admin',
    body: { days: [] },
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'a letter posted without a tracking number',
    method: 'post',
    path: '/v1/outbox/1/posted',
    as: 'admin',
    body: {},
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'a letter id that is not a number',
    method: 'post',
    path: '/v1/outbox/abc/posted',
    as: 'admin',
    body: { trackingNumber: 'RR123456785KZ' },
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'a list page of 500',
    method: 'get',
    path: '/v1/complaints?limit=500',
    as: 'auditor',
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'a list filter on an unknown status',
    method: 'get',
    path: '/v1/complaints?status=lost',
    as: 'auditor',
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'a forged cursor',
    method: 'get',
    path: '/v1/complaints?cursor=bm90LWEtY3Vyc29y',
    as: 'auditor',
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'an unknown list parameter',
    method: 'get',
    path: '/v1/complaints?sort=name',
    as: 'auditor',
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'a deadline without a body',
    method: 'get',
    path: '/v1/calendar/deadline',
    as: 'intake',
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'a deadline at an unknown body',
    method: 'get',
    path: '/v1/calendar/deadline?bodyId=no-such-body',
    as: 'intake',
    status: 404,
    code: 'body_not_found',
  },
  { name: 'an unknown route', method: 'get', path: '/v1/appeals', as: 'auditor', status: 404, code: 'not_found' },
];

const count = async (
  table:
    'complaints' | 'complaint_events' | 'notifications' | 'review_stages' | 'bodies' | 'calendar_days' | 'api_keys',
) =>
  Number(
    (
      await stack.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Everything a bad request must leave as it was. */
async function snapshot() {
  const tables = [
    'complaints',
    'complaint_events',
    'notifications',
    'review_stages',
    'bodies',
    'calendar_days',
    'api_keys',
  ] as const;
  const rows = Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)] as const)));
  const workflows = (await stack.client.workflow.count(`TaskQueue = "${stack.taskQueue}"`)).count;
  const historyLengths = await Promise.all(
    Object.values(ids).map(
      async (id) => (await stack.client.workflow.getHandle(complaintWorkflowId(id)).fetchHistory()).events?.length ?? 0,
    ),
  );
  return { rows, workflows, historyLengths };
}

beforeAll(async () => {
  stack = await startApiStack();
  const api = apiAs(stack);
  ids.atCon = (await api.post('/v1/complaints', 'intake', portal).set('Idempotency-Key', FILED_KEY)).body.id;
  ids.atAkimat = (await api.post('/v1/complaints', 'intake', office)).body.id;
  ids.closed = (await api.post('/v1/complaints', 'intake', portal)).body.id;
  expect((await api.post(`/v1/complaints/${ids.closed}/withdrawal`, { portal: IIN }, {})).status).toBe(200);
  await stack.client.workflow.getHandle(complaintWorkflowId(ids.closed)).result();
  // Visibility is eventually consistent: wait until it shows the three workflows.
  await eventually(
    async () =>
      (await stack.client.workflow.count(`TaskQueue = "${stack.taskQueue}"`)).count === 3 ? true : undefined,
    'visibility',
  );
});
afterAll(async () => {
  await stack?.stop();
});

it.each(BAD.map((b) => [b.name, b] as const))('%s', async (_name, bad) => {
  const before = await snapshot();
  const path = bad.path
    .replace(':unknown', randomUUID())
    .replace(':malformed', 'not-a-uuid')
    .replace(/:(atCon|atAkimat|closed)/, (_m, k: keyof typeof ids) => ids[k]);
  const agent = request(stack.app);
  const req = agent[bad.method ?? 'get'](path)
    .set(headersFor(stack, bad.as ?? 'none'))
    .set(bad.headers ?? {});
  const res = bad.raw
    ? await req.set('Content-Type', bad.raw.type).send(bad.raw.text)
    : await (bad.body !== undefined ? req.send(bad.body as object) : req);
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: bad.status, code: bad.code });
  expect(res.body.error).toEqual({ code: bad.code, message: expect.any(String), details: expect.any(Array) });
  expect(await snapshot()).toEqual(before);
});

it('answers a repeated Idempotency-Key with the same complaint by the case it filed', async () => {
  const again = await apiAs(stack).post('/v1/complaints', 'intake', portal).set('Idempotency-Key', FILED_KEY);
  expect({ status: again.status, id: again.body.id }).toEqual({ status: 201, id: ids.atCon });
});

it('says where the content is wrong', async () => {
  const res = await apiAs(stack).post('/v1/complaints', 'intake', {
    ...portal,
    complainant: { ...portal.complainant, iin: wrongCheckDigit(IIN) },
  });
  expect(res.body.error.details).toEqual([{ path: 'body.complainant.iin', message: 'IIN check digit is invalid' }]);
});

it('never logs personal data of a failed request', async () => {
  // Failed requests that carry the complainant's IIN, name and address in their body or headers,
  // each with its own request id so its log line can be found.
  const failing = [
    { requestId: 'personal-data-422', status: 422, send: () => filing({ ...portal, channel: 'fax' }) },
    { requestId: 'personal-data-409', status: 409, send: () => filing(office).set('Idempotency-Key', FILED_KEY) },
    {
      requestId: 'personal-data-404',
      status: 404,
      send: () =>
        request(stack.app)
          .get(`/v1/complaints/${randomUUID()}`)
          .set(headersFor(stack, { portal: IIN })),
    },
  ];
  for (const f of failing) expect((await f.send().set('X-Request-Id', f.requestId)).status).toBe(f.status);

  const lines = stack.logs.map((l) => JSON.parse(l) as { requestId?: string; status?: number });
  for (const { requestId, status } of failing)
    expect(lines).toContainEqual(expect.objectContaining({ requestId, status }));
  const logged = stack.logs.join('\n');
  for (const secret of [IIN, BIN, 'Ахметов', 'Кенесары']) expect(logged).not.toContain(secret);
});

const filing = (body: unknown) =>
  request(stack.app)
    .post('/v1/complaints')
    .set(headersFor(stack, 'intake'))
    .send(body as object);

it.each([
  ['the codec', '/v1/codec/decode', 'auditor'],
  ['a withdrawal, whose fields are all optional', `/v1/complaints/${randomUUID()}/withdrawal`, 'intake'],
  ['a filing', '/v1/complaints', 'intake'],
] as const)('%s sent with no body at all is a 400 naming the body, not an empty object', async (_name, path, role) => {
  const res = await request(stack.app)
    .post(path)
    .set(headersFor(stack, role as Caller));
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code: 'invalid_request', details: [{ path: 'body', message: 'required' }] });
});
