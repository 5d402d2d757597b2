// R7, R9: the appeal to the quality-control body is a complaint (reasons, demands, signed by its
// channel), on the timeline and shown to that body's official and in the case file; R3: its
// number and term reach the complainant in the complaint's form. R13: a court referral after the
// appeal window is recorded, not refused. Through the API, on the time-skipping server.
import request from 'supertest';
import { createApp } from '../../api/app';
import { createApiKey, type Role } from '../../db/api-keys';
import { headOf, listBodies } from '../../db/bodies';
import { lastDayOfTerm } from '../../domain/calendar';
import { apiAs } from '../support/api-client';
import { saveHistory } from '../support/case-assertions';
import type { ApiStack } from '../support/api-stack';
import { anAppeal, IIN, officeComplaint, portalComplaint } from '../support/complaints';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';
import { TEST_PROCEDURE } from '../support/procedure';

let stack: WorkflowStack;
let app: ReturnType<typeof createApp>;
let api: ReturnType<typeof apiAs>;
const keys: Record<string, string> = {};
beforeAll(async () => {
  stack = await startWorkflowStack();
  app = createApp({
    db: stack.db,
    client: stack.env.client,
    taskQueue: stack.taskQueue,
    procedure: TEST_PROCEDURE,
    rateLimitPerMinute: 0,
    log: () => undefined,
  });
  for (const role of ['intake', 'portal', 'auditor', 'admin'] as Role[])
    keys[role] = (await createApiKey(stack.db, role, null)).key;
  for (const body of await listBodies(stack.db))
    keys[`official:${body.id}`] = (await createApiKey(stack.db, 'official', body.id, null, headOf(body))).key;
  api = apiAs({ app, keys } as unknown as ApiStack);
});
afterAll(async () => {
  await stack?.stop();
});

const decision = { outcome: 'rejected', reasoning: 'The service was provided within the standard term.' };

async function fileAndDecide(complaint: object, official: string): Promise<string> {
  const filed = await api.post('/v1/complaints', 'intake', complaint);
  expect(filed.status).toBe(201);
  expect((await api.post(`/v1/complaints/${filed.body.id}/decision`, official, decision)).status).toBe(200);
  return filed.body.id;
}

const notices = (id: string) =>
  stack.db
    .selectFrom('notifications')
    .select(['channel', 'status', 'text_ru', 'text_kk'])
    .where('complaint_id', '=', id)
    .where('purpose', '=', 'escalation_receipt')
    .orderBy('id')
    .execute();

it('takes a paper appeal with its reasons and demands, signed by hand: on the timeline, shown to the QCB, a letter with its number and term (R3, R7, R9)', async () => {
  const id = await fileAndDecide(officeComplaint('akimat-almaty'), 'official:akimat-almaty');
  const path = `/v1/complaints/${id}/escalation`;

  // The old form (a reason only) is not a complaint: reasons, demands and a signature are required.
  const old = await api.post(path, 'intake', { reason: 'I disagree.' });
  expect(old.status).toBe(400);
  const paths = old.body.error.details.map((d: { path: string }) => d.path);
  expect(paths).toEqual(expect.arrayContaining(['body.reasons', 'body.demands', 'body.signature']));
  // Brought to the office on paper, it is signed by hand, as the complaint was.
  const byEds = await api.post(path, 'intake', anAppeal('digital'));
  expect(byEds.status).toBe(422);
  expect(byEds.body.error.details).toEqual([
    { path: 'body.signature.method', message: expect.stringMatching(/paper appeal .* signed by hand/) },
  ]);

  const appeal = anAppeal('handwritten');
  const escalated = await api.post(path, 'intake', appeal);
  expect(escalated.status).toBe(200);
  expect(escalated.body).toMatchObject({ stage: 2, bodyId: 'qcb-almaty' });

  const events = await stack.db
    .selectFrom('complaint_events')
    .select(['stage', 'kind', 'data'])
    .where('complaint_id', '=', id)
    .where('kind', '=', 'escalated')
    .execute();
  expect(events).toEqual([
    {
      stage: 2,
      kind: 'escalated',
      data: expect.objectContaining({ ...appeal, fromStage: 1, incomingNumber: escalated.body.incomingNumber }),
    },
  ]);

  // R3: the quality-control body's number and term go to the complainant by letter (post room).
  const letters = await notices(id);
  expect(letters.map((n) => `${n.channel}:${n.status}`)).toEqual(['post:pending']);
  const lastDay = lastDayOfTerm(escalated.body.deadline);
  expect(letters[0].text_ru).toContain(escalated.body.incomingNumber);
  expect(letters[0].text_ru).toContain(lastDay);
  expect(letters[0].text_kk).toContain(escalated.body.incomingNumber);
  const postRoom = await api.get('/v1/outbox?channel=post', 'admin');
  expect(postRoom.body.items).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ complaintId: id, purpose: 'escalation_receipt', status: 'pending' }),
    ]),
  );

  // The quality-control body's official reads the appeal: JSON, the case page; and the case file.
  const atQcb = await api.get(`/v1/complaints/${id}`, 'official:qcb-almaty');
  expect(atQcb.body.stages.map((s: { appeal: unknown }) => s.appeal)).toEqual([
    null,
    expect.objectContaining({ reasons: appeal.reasons, demands: appeal.demands, signature: appeal.signature }),
  ]);
  const official = request.agent(app);
  const form = await official.get('/app/sign-in').expect(200);
  await official
    .post('/app/sign-in')
    .type('form')
    .send({ _csrf: /name="_csrf" value="([^"]+)"/.exec(form.text)![1], apiKey: keys['official:qcb-almaty'] })
    .expect(303);
  const page = await official.get(`/app/cases/${id}`).expect(200);
  expect(page.text).toContain(appeal.reasons);
  expect(page.text).toContain(appeal.demands);
  const caseFile = await api.get(`/v1/complaints/${id}/case-file`, 'auditor');
  expect(caseFile.body.stages[1].appeal).toMatchObject({ reasons: appeal.reasons, demands: appeal.demands });
  expect(caseFile.body.timeline.map((e: { kind: string }) => e.kind)).toContain('escalated');
});

it('tells an electronic complainant the appeal’s number and term in the personal cabinet (R3, R4, R9)', async () => {
  const id = await fileAndDecide(portalComplaint('con-almaty'), 'official:con-almaty');
  const escalated = await api.post(`/v1/complaints/${id}/escalation`, { portal: IIN }, anAppeal());
  expect(escalated.status).toBe(200);
  await stack.env.sleep(1_000);
  const sent = await notices(id);
  expect(sent.map((n) => n.channel).sort()).toEqual(['cabinet', 'email', 'sms']);
  const timeline = await api.get(`/v1/complaints/${id}/timeline`, { portal: IIN });
  const inCabinet = timeline.body.events.find((e: { kind: string }) => e.kind === 'notice:escalation_receipt');
  expect(inCabinet?.data.textRu).toContain(escalated.body.incomingNumber);

  // The quality-control body answers; the case closes after the window. Its history is saved for replay.
  expect((await api.post(`/v1/complaints/${id}/decision`, 'official:qcb-almaty', decision)).status).toBe(200);
  expect((await stack.handle(id).result()).status).toBe('closed');
  await saveHistory('decided-appeal-with-reasons-decided-closed', stack.handle(id));
});

it('records a court referral after the appeal window, on the closed case, and serves the case file (R13)', async () => {
  const id = await fileAndDecide(portalComplaint('con-almaty'), 'official:con-almaty');
  // The answer is in the cabinet; the appeal window passes unused and the case closes.
  expect((await stack.handle(id).result()).status).toBe('closed');
  expect((await api.get(`/v1/complaints/${id}`, { portal: IIN })).body.status).toBe('closed');

  const court = 'Specialised inter-district administrative court of Almaty';
  const referred = await api.post(`/v1/complaints/${id}/court-referral`, { portal: IIN }, { court });
  expect(referred.status).toBe(200);
  expect(referred.body).toMatchObject({
    status: 'referred_to_court',
    courtReferral: { court, afterAppealWindow: true, by: { role: 'portal' } },
    links: { caseFile: `/v1/complaints/${id}/case-file` },
  });
  expect((await api.get(`/v1/complaints/${id}`, { portal: IIN })).body.status).toBe('referred_to_court');
  const caseFile = await api.get(referred.body.links.caseFile, { portal: IIN });
  expect(caseFile.status).toBe(200);
  expect(caseFile.body.timeline.filter((e: { kind: string }) => e.kind === 'referred_to_court')).toEqual([
    expect.objectContaining({ data: expect.objectContaining({ court, afterAppealWindow: true }) }),
  ]);
  // Once recorded, the case has ended: a second referral has nothing to refer.
  expect((await api.post(`/v1/complaints/${id}/court-referral`, { portal: IIN }, { court })).status).toBe(409);
});
