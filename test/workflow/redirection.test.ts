import { decide, getCase, redirect } from '../../workflows/complaint-messages';
import { actedOn } from '../support/acted-on';
import { expectRegisterAgrees, expectRejected, saveHistory } from '../support/case-assertions';
import { officeComplaint, portalComplaint } from '../support/complaints';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';

// R1: the addressed body forwards a complaint to the competent body within 3 working days of its
// receipt; the competent body registers it with its own number and term and reviews it.

let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(async () => {
  await stack?.stop();
});

const reason = 'The certificate is issued by the akimat, not by the provider named in the complaint.';

it('forwards to the competent body, which registers it with its own number and term and decides it (R1)', async () => {
  // A Monday, so the 3 working days are plain.
  const filed = await stack.file(portalComplaint('con-almaty'), new Date('2026-12-07T04:00:00Z'));
  expect(filed.incomingNumber).toMatch(/^CON-/);
  const first = (await filed.handle.query(getCase)).stages[0];
  expect(first.redirectableUntil).toBe('2026-12-10T19:00:00.000Z'); // end of Thursday, Almaty time

  const receipt = await filed.handle.executeUpdate(redirect, {
    args: [{ toBodyId: 'akimat-almaty', reason }, await actedOn(filed.handle)],
  });
  expect(receipt).toMatchObject({ stage: 2, bodyId: 'akimat-almaty' });
  expect(receipt.incomingNumber).toMatch(/^AKM-\d{4}-\d{6}$/);

  const c = await expectRegisterAgrees(stack.db, filed.handle);
  expect(c.stages[0].redirection).toMatchObject({ toBodyId: 'akimat-almaty', reason, by: { role: 'official' } });
  expect(c.stages[1]).toMatchObject({ redirectedFrom: 'con-almaty', reviewTermDays: 5 });
  expect(c.stages[1].redirectableUntil).toBeUndefined();
  expect(c.status).toBe('under_review');

  // The first body may no longer act on it.
  const firstOn = { stage: 1, bodyId: 'con-almaty', actor: (await actedOn(filed.handle)).actor };
  await expectRejected(
    filed.handle.executeUpdate(decide, { args: [{ outcome: 'rejected', reasoning: 'Not ours to say.' }, firstOn] }),
    /is at review stage 2 at akimat-almaty/,
  );

  await filed.handle.executeUpdate(decide, {
    args: [{ outcome: 'satisfied', reasoning: 'The certificate is issued today.' }, await actedOn(filed.handle)],
  });
  const final = await filed.handle.result();
  expect(final.status).toBe('closed');
  expect(final.stages.map((stage: { bodyId: string }) => stage.bodyId)).toEqual(['con-almaty', 'akimat-almaty']);

  const events = await stack.db
    .selectFrom('complaint_events')
    .select(['stage', 'kind'])
    .where('complaint_id', '=', filed.complaintId)
    .orderBy('id')
    .execute();
  expect(events.map((e) => `${e.stage}:${e.kind}`).slice(0, 5)).toEqual([
    '1:delivered',
    '1:registered',
    '2:delivered',
    '2:registered',
    '1:redirected',
  ]);
  const notices = await stack.db
    .selectFrom('notifications')
    .select(['channel', 'text_ru'])
    .where('complaint_id', '=', filed.complaintId)
    .where('purpose', '=', 'redirection_notice')
    .orderBy('channel')
    .execute();
  expect(notices.map((n) => n.channel)).toEqual(['cabinet', 'email', 'sms']);
  expect(notices[0].text_ru).toContain(`направлена по компетенции`);
  expect(notices[0].text_ru).toContain(receipt.incomingNumber);
  await saveHistory('redirected-decided-closed', filed.handle);
});

it('refuses a redirection after 3 working days, to the same body, or a second time', async () => {
  // The clock of the test server has moved on past the first case's appeal window: filed now.
  const filed = await stack.file(officeComplaint('akimat-almaty'));
  await expectRejected(
    filed.handle.executeUpdate(redirect, {
      args: [{ toBodyId: 'akimat-almaty', reason }, await actedOn(filed.handle)],
    }),
    /already at akimat-almaty/,
  );

  await filed.handle.executeUpdate(redirect, { args: [{ toBodyId: 'mlsp', reason }, await actedOn(filed.handle)] });
  await expectRejected(
    filed.handle.executeUpdate(redirect, { args: [{ toBodyId: 'gov4c', reason }, await actedOn(filed.handle)] }),
    /only the body the complaint was addressed to/,
  );

  // Past the end of the third working day after receipt, however many holidays lie between.
  const late = await stack.file(officeComplaint('akimat-almaty'));
  const { redirectableUntil } = (await late.handle.query(getCase)).stages[0];
  await stack.env.sleep(Date.parse(redirectableUntil!) - (await stack.env.currentTimeMs()) + 60_000);
  await expectRejected(
    late.handle.executeUpdate(redirect, { args: [{ toBodyId: 'mlsp', reason }, await actedOn(late.handle)] }),
    /within 3 working days/,
  );
});

it('refuses a refusal on outside_competence while the complaint can still be forwarded, and takes it after (R1)', async () => {
  // Filed at the test server's clock: the 3 working days for forwarding run from now.
  const filed = await stack.file(officeComplaint('akimat-almaty'));
  const { redirectableUntil } = (await filed.handle.query(getCase)).stages[0];
  const refusal = {
    outcome: 'refused_to_review' as const,
    refusalGround: 'outside_competence' as const,
    reasoning: 'The certificate is issued by the ministry, not by the akimat.',
  };
  await expectRejected(
    filed.handle.executeUpdate(decide, { args: [refusal, await actedOn(filed.handle)] }),
    /forward it to the competent body/,
  );
  expect((await filed.handle.query(getCase)).status).toBe('under_review');

  // Once the days for forwarding have passed the body may refuse on that ground.
  await stack.env.sleep(Date.parse(redirectableUntil!) - (await stack.env.currentTimeMs()) + 60_000);
  const record = await filed.handle.executeUpdate(decide, { args: [refusal, await actedOn(filed.handle)] });
  expect(record).toMatchObject({ outcome: 'refused_to_review', refusalGround: 'outside_competence' });
});
