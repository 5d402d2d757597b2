// R1 over HTTP: an official of the addressed body forwards a complaint to the competent body; the
// register, the list, the search attributes and the complainant's notice follow it there.
import { randomUUID } from 'node:crypto';
import { fileComplaint } from '../../api/complaint-client';
import { escalatedStages } from '../../db/sla-stages';
import { complaintWorkflowId } from '../../workflows/complaint-messages';
import { apiAs, eventually } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { BIN, officeComplaint } from '../support/complaints';

let stack: ApiStack;
let api: ReturnType<typeof apiAs>;
beforeAll(async () => {
  stack = await startApiStack();
  api = apiAs(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const reason = 'Land plot certificates are issued by the akimat; the provider has no part in it.';

it('forwards a paper complaint to the competent body: its own number and term, a letter to the complainant, the list and search follow', async () => {
  const filed = await api.post('/v1/complaints', 'intake', officeComplaint('con-almaty'));
  expect(filed.status).toBe(201);
  const id = filed.body.id as string;

  const redirected = await api.post(`/v1/complaints/${id}/redirection`, 'official:con-almaty', {
    toBodyId: 'akimat-almaty',
    reason,
  });
  expect(redirected.status).toBe(200);
  expect(redirected.body).toMatchObject({ stage: 2, bodyId: 'akimat-almaty' });
  expect(redirected.body.incomingNumber).toMatch(/^AKM-\d{4}-\d{6}$/);

  // The case is the akimat's now: its official sees and may decide it, the provider's does not.
  expect((await api.get(`/v1/complaints/${id}`, 'official:con-almaty')).status).toBe(404);
  const atAkimat = await api.get(`/v1/complaints/${id}`, 'official:akimat-almaty');
  expect(atAkimat.body).toMatchObject({
    stage: 2,
    status: 'under_review',
    reviewingBodyId: 'akimat-almaty',
    incomingNumber: redirected.body.incomingNumber,
    deadline: redirected.body.deadline,
  });
  // The printed receipt (R3) is the competent body's: its number and its name.
  const receipt = await api.get(`/v1/complaints/${id}/receipt`, 'intake');
  expect(receipt.text).toContain(redirected.body.incomingNumber);
  expect(receipt.text).toContain('Акимат города Алматы');
  const list = await api.get('/v1/complaints', 'official:akimat-almaty');
  expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);

  // The timeline shows the hand-off: redirected at stage 1, delivered from con-almaty at stage 2.
  const timeline = await eventually(async () => {
    const t = await api.get(`/v1/complaints/${id}/timeline`, { portal: BIN });
    return t.body.events.some((e: { kind: string }) => e.kind === 'redirected') ? t.body.events : undefined;
  }, 'the redirection on the timeline');
  const handOff = timeline.find((e: { kind: string }) => e.kind === 'redirected');
  expect(handOff).toMatchObject({
    stage: 1,
    data: { toBodyId: 'akimat-almaty', reason, incomingNumber: redirected.body.incomingNumber },
  });
  expect(handOff.data.by).toMatchObject({ role: 'official' });
  expect(
    timeline.find((e: { kind: string; stage: number }) => e.kind === 'delivered' && e.stage === 2).data,
  ).toMatchObject({ redirectedFrom: 'con-almaty' });

  // A paper complaint is told in writing: a letter for the post room, in both languages.
  const letter = await eventually(async () => {
    const outbox = await api.get('/v1/outbox?channel=post', 'admin');
    return outbox.body.items.find(
      (l: { complaintId: string; purpose: string }) => l.complaintId === id && l.purpose === 'redirection_notice',
    );
  }, 'the redirection letter');
  expect(letter.textRu).toContain('направлена по компетенции');
  expect(letter.textRu).toContain(redirected.body.incomingNumber);
  expect(letter.textKk).toContain('құзыреті бойынша');

  // The Temporal search attribute follows the competent body; the history holds the hand-off.
  const found = await eventually(async () => {
    const ids: string[] = [];
    const query = `WorkflowId = "${complaintWorkflowId(id)}" AND ReviewingBody = "akimat-almaty"`;
    for await (const w of stack.client.workflow.list({ query })) ids.push(w.workflowId);
    return ids.length ? ids : undefined;
  }, 'ReviewingBody to follow the redirection');
  expect(found).toEqual([complaintWorkflowId(id)]);
  const history = await api.get(`/v1/complaints/${id}/history`, 'auditor');
  const accepted = history.body.events.filter(
    (e: { eventType: string }) => e.eventType === 'WorkflowExecutionUpdateAccepted',
  );
  expect(
    accepted.map(
      (e: { workflowExecutionUpdateAcceptedEventAttributes: { acceptedRequest: { input: { name: string } } } }) =>
        e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest.input.name,
    ),
  ).toContain('redirect');

  // The SLA dashboard does not count the hand-off as an escalation (R9): the complainant did not appeal.
  expect(await escalatedStages(stack.db, { bodyId: 'con-almaty' })).toEqual([]);

  // Forwarded once: the competent body reviews it.
  const again = await api.post(`/v1/complaints/${id}/redirection`, 'official:akimat-almaty', {
    toBodyId: 'mlsp',
    reason,
  });
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('transition_not_allowed');
});

it('refuses a redirection to no body of use: unknown, the same body, a quality-control body', async () => {
  const filed = await api.post('/v1/complaints', 'intake', officeComplaint('con-almaty'));
  for (const [toBodyId, words] of [
    ['no-such-body', /no body no-such-body/],
    ['con-almaty', /already at con-almaty/],
    ['qcb-almaty', /quality-control body/],
  ] as const) {
    const refused = await api.post(`/v1/complaints/${filed.body.id}/redirection`, 'official:con-almaty', {
      toBodyId,
      reason,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'invalid_redirection_target',
      message: expect.stringMatching(words),
    });
  }
  const noReason = await api.post(`/v1/complaints/${filed.body.id}/redirection`, 'official:con-almaty', {
    toBodyId: 'akimat-almaty',
  });
  expect(noReason.status).toBe(400);
  // The complainant does not forward their own complaint.
  expect(
    (await api.post(`/v1/complaints/${filed.body.id}/redirection`, 'intake', { toBodyId: 'akimat-almaty', reason }))
      .status,
  ).toBe(403);
});

it('refuses a redirection more than 3 working days after receipt (409 redirection_too_late)', async () => {
  const complaintId = randomUUID();
  // Received two weeks ago: the addressed body's time to forward it has passed.
  await fileComplaint(stack.client, {
    complaintId,
    complaint: officeComplaint('con-almaty'),
    receivedAt: new Date(Date.now() - 14 * 86_400_000),
    appealWindowDays: 30,
    taskQueue: stack.taskQueue,
  });
  const late = await api.post(`/v1/complaints/${complaintId}/redirection`, 'official:con-almaty', {
    toBodyId: 'akimat-almaty',
    reason,
  });
  expect(late.status).toBe(409);
  expect(late.body.error).toMatchObject({
    code: 'redirection_too_late',
    message: expect.stringContaining('within 3 working days'),
  });
});

it('refuses a refusal on outside_competence while the complaint can be forwarded (409 forward_to_competent_body)', async () => {
  const filed = await api.post('/v1/complaints', 'intake', officeComplaint('con-almaty'));
  expect(filed.status).toBe(201);
  const refused = await api.post(`/v1/complaints/${filed.body.id}/decision`, 'official:con-almaty', {
    outcome: 'refused_to_review',
    refusalGround: 'outside_competence',
    reasoning: 'Land plot certificates are issued by the akimat.',
  });
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatchObject({
    code: 'forward_to_competent_body',
    message: expect.stringContaining('forward it to the competent body'),
  });
  // The complaint is still the body's to forward.
  expect((await api.get(`/v1/complaints/${filed.body.id}`, 'official:con-almaty')).body.status).toBe('under_review');
});
