// R8: a paper answer handed over at the office, or refused by the complainant, is the answer's
// delivery: recorded with who handed it over and to whom, and the appeal window runs from it.
import { complaintWorkflowId, getCase } from '../../workflows/complaint-messages';
import { apiAs, eventually } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { officeComplaint, portalComplaint } from '../support/complaints';

let stack: ApiStack;
let api: ReturnType<typeof apiAs>;
beforeAll(async () => {
  stack = await startApiStack();
  api = apiAs(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const official = 'official:akimat-almaty';
const answer = { outcome: 'rejected', reasoning: 'The licence was refused on the grounds stated in the act.' };
const DOCUMENT = 'удостоверение личности № 045678912';

async function decidedPaperCase(): Promise<{ id: string; decidedAt: string }> {
  const filed = await api.post('/v1/complaints', 'intake', officeComplaint('akimat-almaty'));
  expect(filed.status).toBe(201);
  const decided = await api.post(`/v1/complaints/${filed.body.id}/decision`, official, answer);
  expect(decided.status).toBe(200);
  return { id: filed.body.id, decidedAt: decided.body.decidedAt };
}

const stageOf = async (id: string) =>
  (await stack.client.workflow.getHandle(complaintWorkflowId(id)).query(getCase)).stages[0];
const timelineOf = async (id: string) =>
  (await api.get(`/v1/complaints/${id}/timeline`, official)).body.events as Array<{
    kind: string;
    at: string;
    data: Record<string, unknown>;
  }>;

it('records a hand-over at the office as the delivery of the answer; the appeal window runs from it', async () => {
  const { id, decidedAt } = await decidedPaperCase();
  const before = await api.post(`/v1/complaints/${id}/answer-handover`, official, {
    outcome: 'handed_over',
    at: new Date(Date.parse(decidedAt) - 1000).toISOString(),
    recipient: { role: 'complainant', identityDocument: DOCUMENT },
  });
  expect(before.status).toBe(409);
  expect(before.body.error.message).toMatch(/before the answer was decided/);
  // Handed over a moment after the answer, recorded a little later.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const at = new Date(Date.parse(decidedAt) + 500).toISOString();
  const handed = await api.post(`/v1/complaints/${id}/answer-handover`, official, {
    outcome: 'handed_over',
    at,
    recipient: { role: 'complainant', identityDocument: DOCUMENT },
  });
  expect(handed.status).toBe(200);
  expect(handed.body).toMatchObject({
    outcome: 'handed_over',
    at,
    recipient: { role: 'complainant', identityDocument: DOCUMENT },
    by: { role: 'official', person: { surname: expect.any(String) } },
  });

  const stage = await eventually(async () => {
    const s = await stageOf(id);
    return s.appealWindowEndsAt ? s : undefined;
  }, 'the appeal window to start');
  expect(stage.answerDeliveredAt).toBe(at);
  expect(Date.parse(stage.appealWindowEndsAt!) - Date.parse(at)).toBe(30 * 86_400_000);

  const events = await eventually(async () => {
    const e = await timelineOf(id);
    return e.some((x) => x.kind === 'answer_delivered') ? e : undefined;
  }, 'the delivery on the timeline');
  const handOver = events.find((e) => e.kind === 'answer_handed_over');
  expect(handOver).toMatchObject({ at, data: { recipient: { role: 'complainant', identityDocument: DOCUMENT } } });
  expect(handOver!.data.by).toMatchObject({ role: 'official' });
  expect(events.find((e) => e.kind === 'answer_delivered')!.data).toMatchObject({ deliveredAt: at });

  // Once delivered it is not handed over again, nor refused.
  const again = await api.post(`/v1/complaints/${id}/answer-handover`, official, { outcome: 'refused_to_collect' });
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('transition_not_allowed');
  // The recipient's document is on the case file and timeline, never in the API's log.
  expect(stack.logs.join('\n')).not.toContain('045678912');
});

it("records the complainant's refusal to collect the answer as its delivery", async () => {
  const { id } = await decidedPaperCase();
  const refused = await api.post(`/v1/complaints/${id}/answer-handover`, official, {
    outcome: 'refused_to_collect',
    note: 'Invited by telephone twice; refused to come for the answer.',
  });
  expect(refused.status).toBe(200);
  const stage = await eventually(async () => {
    const s = await stageOf(id);
    return s.answerDeliveredAt ? s : undefined;
  }, 'the answer to count as delivered');
  expect(stage.answerDeliveredAt).toBe(refused.body.at);
  expect((await timelineOf(id)).map((e) => e.kind)).toContain('answer_refused_to_collect');
});

it('refuses a hand-over before the answer, of an electronic answer, in the future, or without a recipient', async () => {
  const filed = await api.post('/v1/complaints', 'intake', officeComplaint('akimat-almaty'));
  const early = await api.post(`/v1/complaints/${filed.body.id}/answer-handover`, official, {
    outcome: 'refused_to_collect',
  });
  expect(early.status).toBe(409);
  expect(early.body.error.message).toMatch(/under_review has no answer to hand over/);

  const electronic = await api.post('/v1/complaints', 'intake', portalComplaint('akimat-almaty'));
  expect((await api.post(`/v1/complaints/${electronic.body.id}/decision`, official, answer)).status).toBe(200);
  const cabinet = await api.post(`/v1/complaints/${electronic.body.id}/answer-handover`, official, {
    outcome: 'refused_to_collect',
  });
  expect(cabinet.status).toBe(409);
  expect(cabinet.body.error.message).toMatch(/personal cabinet/);

  const { id } = await decidedPaperCase();
  const future = await api.post(`/v1/complaints/${id}/answer-handover`, official, {
    outcome: 'refused_to_collect',
    at: new Date(Date.now() + 3_600_000).toISOString(),
  });
  expect(future.status).toBe(409);
  expect(future.body.error.message).toMatch(/future/);
  const nobody = await api.post(`/v1/complaints/${id}/answer-handover`, official, { outcome: 'handed_over' });
  expect(nobody.status).toBe(422);
  expect(JSON.stringify(nobody.body)).toContain('body.recipient');
  // Only an official acts; the portal may not record its own hand-over.
  expect(
    (await api.post(`/v1/complaints/${id}/answer-handover`, 'intake', { outcome: 'refused_to_collect' })).status,
  ).toBe(403);
});
