// Text that PostgreSQL cannot store (NUL, lone surrogates) or that would
// make a printed name read as another (control, invisible, text-direction characters) is refused
// in every text field of every request body with a 400 naming the field; a register write that
// PostgreSQL refuses anyway fails for good (no retry loop) and the filing is refused, not lost.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { createActivities, fileTransport } from '../../activities';
import { fileComplaint } from '../../api/complaint-client';
import { complaintWorkflowId } from '../../workflows/complaint-messages';
import { apiAs, type Caller } from '../support/api-client';
import { saveHistory } from '../support/case-assertions';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { anAppeal, BIN, IIN, officeComplaint, portalComplaint, REPRESENTATIVE_IIN } from '../support/complaints';

let stack: ApiStack;
let api: ReturnType<typeof apiAs>;
let caseId = '';
beforeAll(async () => {
  stack = await startApiStack();
  api = apiAs(stack);
  const filed = await api.post('/v1/complaints', 'intake', portalComplaint('akimat-almaty'));
  expect(filed.status).toBe(201);
  caseId = filed.body.id;
});
afterAll(async () => {
  await stack?.stop();
});

/** NUL, a lone surrogate of each kind, C0/C1 controls and DEL, bidi overrides and isolates, zero-width and BOM. */
export const HOSTILE = [
  '\u0000',
  '\ud800',
  '\udfff',
  '\u0001',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u202e',
  '\u202a',
  '\u2066',
  '\u2069',
  '\u200b',
  '\u200d',
  '\u200f',
  '\ufeff',
  '\u2028',
  '\u3164',
];

/** Every string in a request body, by its path. */
function stringLeaves(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'string') return [path];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  return [];
}

function withText(body: unknown, path: string[], char: string): unknown {
  const copy = JSON.parse(JSON.stringify(body));
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1];
  const value: string = node[last];
  node[last] = `${value.slice(0, 2)}${char}${value.slice(2)}`;
  return copy;
}

const representative = {
  surname: 'Серіков',
  firstName: 'Асқар',
  patronymic: 'Болатұлы',
  iin: REPRESENTATIVE_IIN,
  powerOfAttorney: { number: 'ДВ-17', issuedAt: '2025-01-10', validUntil: '2027-01-10' },
};
const attachments = [{ name: 'scan.pdf', sha256: 'a'.repeat(64), size: 10 }];

// Every request body of the API, with every optional text field present.
const bodies: Array<{ name: string; path: () => string; as: Caller; method?: 'post' | 'put'; body: unknown }> = [
  {
    name: 'filing (individual, portal)',
    path: () => '/v1/complaints',
    as: 'intake',
    body: portalComplaint('con-almaty', { attachments }),
  },
  {
    name: 'filing (legal entity, office, representative)',
    path: () => '/v1/complaints',
    as: 'intake',
    body: officeComplaint('akimat-almaty', {
      representative,
      signature: { signedBy: 'representative', method: 'handwritten' },
      attachments,
    }),
  },
  {
    name: 'assignment',
    path: () => `/v1/complaints/${caseId}/assignment`,
    as: 'official:akimat-almaty',
    body: { officialName: 'Серикова А.Б.' },
  },
  {
    name: 'extension',
    path: () => `/v1/complaints/${caseId}/extension`,
    as: 'official:akimat-almaty',
    body: { reason: 'additional_information', workingDays: 2, explanation: 'A request was sent to the registry.' },
  },
  {
    name: 'decision',
    path: () => `/v1/complaints/${caseId}/decision`,
    as: 'official:akimat-almaty',
    body: { outcome: 'rejected', reasoning: 'The service was provided within its term.', decidedBy: 'Досаев Е.А.' },
  },
  {
    name: 'escalation',
    path: () => `/v1/complaints/${caseId}/escalation`,
    as: { portal: IIN },
    body: anAppeal(),
  },
  {
    name: 'court referral',
    path: () => `/v1/complaints/${caseId}/court-referral`,
    as: { portal: IIN },
    body: { court: 'Almaty court', note: 'Filed.' },
  },
  {
    name: 'withdrawal',
    path: () => `/v1/complaints/${caseId}/withdrawal`,
    as: { portal: IIN },
    body: { note: 'Resolved.' },
  },
  {
    name: 'body',
    path: () => '/v1/bodies',
    as: 'admin',
    body: {
      id: 'hostile-body',
      code: 'HST',
      kind: 'local_executive_body',
      nameKk: 'Әкімдік',
      nameRu: 'Акимат',
      postalAddress: 'г. Алматы, 1',
      head: { position: 'Аким', surname: 'Сапаров', initials: 'Н.К.' },
      escalatesTo: 'qcb-almaty',
    },
  },
  {
    name: 'calendar year',
    path: () => '/v1/calendar/2031',
    as: 'admin',
    method: 'put',
    body: { days: [{ date: '2031-01-01', kind: 'holiday', name: 'Жаңа жыл' }] },
  },
  { name: 'letter posted', path: () => '/v1/outbox/1/posted', as: 'admin', body: { trackingNumber: 'RR123456789KZ' } },
];

it.each(bodies)(
  'refuses NUL, lone surrogates, control and invisible characters in every text field: $name',
  async ({ path, as, method, body }) => {
    const leaves = stringLeaves(body);
    expect(leaves.length).toBeGreaterThan(0);
    for (const leaf of leaves) {
      for (const char of HOSTILE) {
        const res = await api[method ?? 'post'](path(), as, withText(body, leaf, char) as object);
        const where = `${leaf.join('.')} with U+${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
        expect({ where, status: res.status, code: res.body.error?.code }).toEqual({
          where,
          status: 400,
          code: 'invalid_text',
        });
        expect({ where, paths: res.body.error.details.map((d: { path: string }) => d.path) }).toEqual({
          where,
          paths: [['body', ...leaf].join('.')],
        });
      }
    }
    // A hostile key is refused too.
    expect((await api[method ?? 'post'](path(), as, { ...(body as object), 'x\u0000': 'y' })).status).toBe(400);
  },
);

it('refuses a line break or tab in one-line fields but keeps them in free text', async () => {
  for (const [leaf, char] of [
    [['complainant', 'name'], '\n'],
    [['receivedBy'], '\t'],
    [['complainant', 'postalAddress'], '\r'],
  ] as const) {
    const res = await api.post(
      '/v1/complaints',
      'intake',
      withText(officeComplaint('akimat-almaty'), [...leaf], char) as object,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(['body', ...leaf].join('.'));
  }
  const multiline = await api.post(
    '/v1/complaints',
    'intake',
    portalComplaint('con-almaty', {
      reasons: 'First:\n\tthe certificate was not issued.\r\nSecond: no answer.',
      demands: 'Issue it.\nAnswer in writing.',
    }),
  );
  expect(multiline.status).toBe(201);
});

it('nothing reaches the register or Temporal from a refused request', async () => {
  const before = await stack.db
    .selectFrom('complaints')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const res = await api.post(
    '/v1/complaints',
    'intake',
    portalComplaint('con-almaty', { reasons: 'Not issued\u0000 at all.' }),
  );
  expect(res.status).toBe(400);
  const after = await stack.db
    .selectFrom('complaints')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  expect(after.n).toBe(before.n);
});

// Past the API (another client of Temporal, or a value the rule does not foresee): PostgreSQL
// refuses it, the activity fails for good, the workflow refuses the filing and ends. Before, the
// activity was retried forever and the filing hung.
it('a filing the register cannot store is refused at once, ends its workflow, and leaves nothing half-registered', async () => {
  const complaintId = randomUUID();
  const started = Date.now();
  const err = await fileComplaint(stack.client, {
    complaintId,
    complaint: portalComplaint('con-almaty', { reasons: `The certificate\u0000 was not issued (IIN ${IIN}).` }),
    receivedAt: new Date(),
    appealWindowDays: 30,
    taskQueue: stack.taskQueue,
  }).catch((e: unknown) => e);
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe('UnstorableValue');
  expect(cause.message).toMatch(/SQLSTATE 22/);
  expect(cause.message).not.toContain(IIN);
  const handle = stack.client.workflow.getHandle(complaintWorkflowId(complaintId));
  expect(await handle.result()).toMatchObject({ status: 'not_registered', stages: [] });
  await saveHistory('not-registered-unstorable-text', handle);
  expect(
    await stack.db.selectFrom('complaints').select('id').where('id', '=', complaintId).executeTakeFirst(),
  ).toBeUndefined();
  expect(
    await stack.db
      .selectFrom('complaint_events')
      .select('id')
      .where('complaint_id', '=', complaintId)
      .executeTakeFirst(),
  ).toBeUndefined();
});

it('a register write PostgreSQL refuses fails non-retryably, its message scrubbed of the complaint', async () => {
  const acts = createActivities({ db: stack.db, transport: fileTransport(stack.outboxDir), temporal: stack.client });
  const complaintId = randomUUID();
  const err = (await acts
    .registerComplaint({
      complaintId,
      workflowId: complaintWorkflowId(complaintId),
      stage: 1,
      bodyId: 'con-almaty',
      receivedAt: new Date().toISOString(),
      receivedBy: null,
      complaint: { ...officeComplaint('con-almaty'), reasons: `Refused\u0000 for ${BIN}` },
      filedBy: 'key_test',
    })
    .catch((e: unknown) => e)) as ApplicationFailure;
  expect(err).toMatchObject({ type: 'UnstorableValue', nonRetryable: true });
  expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toMatch(
    new RegExp(`${BIN}|Дала|Абая`),
  );
});

// Item 6: a record written before the rule (or by hand) still never prints an invisible or
// text-direction character on a receipt.
it('keeps text-direction and invisible characters out of printed receipts', async () => {
  const row = await stack.db
    .selectFrom('complaints')
    .select('input')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const input = row.input as ReturnType<typeof portalComplaint>;
  const spoofed = { ...input, complainant: { ...input.complainant, surname: 'Ахм\u202eвотем\u202c\u200b' } };
  await stack.db
    .updateTable('complaints')
    .set({ input: JSON.stringify(spoofed) })
    .where('id', '=', caseId)
    .execute();
  const receipt = await api.get(`/v1/complaints/${caseId}/receipt`, 'intake');
  expect(receipt.status).toBe(200);
  expect(receipt.text).toContain('Ахмвотем');
  expect(receipt.text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/);
});
