import { readdirSync } from 'node:fs';
import { decide, escalate, extend, getCase, referToCourt } from '../../workflows/complaint-messages';
import { portalComplaint } from '../support/complaints';
import { expectRegisterAgrees, expectRejected, saveHistory } from '../support/case-assertions';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';
import { loadCalendarData } from '../../db/calendar';
import { almatyDate, createWorkingCalendar, reviewDeadline } from '../../domain/calendar';
import { actedOn } from '../support/acted-on';

let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(async () => {
  await stack?.stop();
});

const decision = (decidedBy: string) => ({
  outcome: 'rejected' as const,
  reasoning: 'The service was provided within the standard term.',
  decidedBy,
});
const waitFor = async (probe: () => Promise<boolean>) => {
  for (const until = Date.now() + 20_000; !(await probe());) {
    if (Date.now() > until) throw new Error('timed out waiting for the digest');
    await new Promise((ok) => setTimeout(ok, 100));
  }
};
const skipPast = async (deadline: string) =>
  stack.env.sleep(Date.parse(deadline) - (await stack.env.currentTimeMs()) + 60_000);

it("marks the case overdue past the term, tells the complainant, alerts the head in the body's daily digest, and still takes a decision (R1, R8, R9)", async () => {
  const filed = await stack.file(portalComplaint('con-almaty'));
  await skipPast(filed.deadline);
  const overdue = await expectRegisterAgrees(stack.db, filed.handle);
  expect(overdue).toMatchObject({ status: 'under_review', stages: [expect.objectContaining({ overdue: true })] });
  const notices = await stack.db
    .selectFrom('notifications')
    .select(['purpose', 'channel', 'recipient', 'status'])
    .where('complaint_id', '=', filed.complaintId)
    .where('purpose', 'in', ['head_alert', 'overdue_notice'])
    .orderBy('id')
    .execute();
  expect(notices.map((n) => `${n.purpose}:${n.channel}:${n.status}`)).toEqual([
    'overdue_notice:cabinet:sent',
    'overdue_notice:email:sent',
    'overdue_notice:sms:sent',
  ]);
  // R1: the head hears of it in the body's digest of the day (run by a Schedule in production),
  // at the head's own e-mail and phone (db/seeds/demo-bodies.ts), by the configured transports.
  // Started, not awaited: awaiting a result lets the test server skip time (years, here).
  await stack.env.client.workflow.start('overdueDigestWorkflow', {
    taskQueue: stack.taskQueue,
    workflowId: 'overdue-digest-test',
    args: [],
  });
  const day = almatyDate(new Date(filed.deadline)); // the day whose 00:00 ended the term
  await waitFor(async () => {
    const sent = await stack.db
      .selectFrom('head_digests')
      .select('id')
      .where('day', '=', day)
      .where('status', '=', 'sent')
      .execute();
    return sent.length === 2;
  });
  const digests = await stack.db
    .selectFrom('head_digests')
    .select(['body_id', 'channel', 'recipient', 'status', 'text_ru'])
    .where('day', '=', day)
    .orderBy('channel')
    .execute();
  expect(digests.map((d) => `${d.body_id}:${d.channel}:${d.recipient}:${d.status}`)).toEqual([
    'con-almaty:email:head@con-almaty.example.kz:sent',
    'con-almaty:sms:+77272000102:sent',
  ]);
  expect(digests[0].text_ru).toContain(filed.incomingNumber);
  expect(readdirSync(stack.outboxDir)).toEqual(
    expect.arrayContaining([`digest-con-almaty-${day}-email.json`, `digest-con-almaty-${day}-sms.json`]),
  );

  await filed.handle.executeUpdate(decide, { args: [decision('Ахметова Г.К.'), await actedOn(filed.handle)] });
  await expectRegisterAgrees(stack.db, filed.handle);
  await expectRejected(
    filed.handle.executeUpdate(decide, { args: [decision('Ахметова Г.К.'), await actedOn(filed.handle)] }),
    /cannot be decided/,
  );
  expect((await filed.handle.result()).status).toBe('closed');
  await saveHistory('overdue-then-decided', filed.handle);
});

it('escalates after a decision to the quality-control body: new number, 15 working days, extension there too (R9, R10, R11)', async () => {
  const filed = await stack.file(portalComplaint('con-almaty'));
  await filed.handle.executeUpdate(decide, { args: [decision('Ахметова Г.К.'), await actedOn(filed.handle)] });
  await stack.env.sleep(5 * 86_400_000); // within the 30-day appeal window

  const second = await filed.handle.executeUpdate(escalate, {
    args: [{ reason: 'I disagree with the answer.' }, await actedOn(filed.handle, 'portal')],
  });
  expect(second.stage).toBe(2);
  expect(second.bodyId).toBe('qcb-almaty');
  expect(second.incomingNumber).toMatch(/^QCB-\d{4}-\d{6}$/);
  const calendar = createWorkingCalendar(await loadCalendarData(stack.db));
  expect(second.deadline).toBe(reviewDeadline(second.registeredOn, 15, calendar).endsAt.toISOString());
  await expectRegisterAgrees(stack.db, filed.handle);

  await filed.handle.executeUpdate(extend, {
    args: [{ reason: 'additional_study_or_inspection', workingDays: 10 }, await actedOn(filed.handle)],
  });
  await filed.handle.executeUpdate(decide, { args: [decision('Сейткали А.М.'), await actedOn(filed.handle)] });
  await expectRejected(
    filed.handle.executeUpdate(escalate, { args: [{}, await actedOn(filed.handle, 'portal')] }),
    /next step is court/,
  );
  // After the quality-control body's answer the complainant is pointed to court, not back to that body (R13).
  const answers = await stack.db
    .selectFrom('notifications')
    .select(['notification_key', 'text_ru'])
    .where('complaint_id', '=', filed.complaintId)
    .where('purpose', '=', 'answer')
    .where('channel', '=', 'cabinet')
    .orderBy('id')
    .execute();
  expect(answers.map((a) => /уполномоченный орган/.test(a.text_ru))).toEqual([true, false]);
  expect(answers[1].text_ru).toContain('в суд');
  await filed.handle.executeUpdate(referToCourt, {
    args: [
      { court: 'Specialised inter-district administrative court of Almaty' },
      await actedOn(filed.handle, 'portal'),
    ],
  });
  const final = await filed.handle.result();
  expect(final.status).toBe('referred_to_court');
  expect(final.stages.map((s: { incomingNumber: string }) => s.incomingNumber)).toEqual([
    filed.incomingNumber,
    second.incomingNumber,
  ]);
  await expectRegisterAgrees(stack.db, filed.handle, final);
  const closing = await stack.db
    .selectFrom('complaints')
    .select(['status', 'closed_at'])
    .where('id', '=', filed.complaintId)
    .executeTakeFirstOrThrow();
  expect(closing.status).toBe('referred_to_court');
  expect(closing.closed_at).not.toBeNull();
  await saveHistory('decided-escalated-extended-decided-court', filed.handle);
});

it('escalates an unanswered complaint once it is overdue, but not before (R9)', async () => {
  const filed = await stack.file(portalComplaint('gov4c'));
  await expectRejected(
    filed.handle.executeUpdate(escalate, { args: [{}, await actedOn(filed.handle, 'portal')] }),
    /after a decision or once the term has passed/,
  );
  await skipPast(filed.deadline);
  const second = await filed.handle.executeUpdate(escalate, { args: [{}, await actedOn(filed.handle, 'portal')] });
  expect(second.bodyId).toBe('qcb-almaty');
  const state = await expectRegisterAgrees(stack.db, filed.handle);
  expect(state.stages[0].decision).toBeUndefined();
  expect(state.stages[0].overdue).toBe(true);
  expect((await filed.handle.query(getCase)).stages).toHaveLength(2);
  await filed.handle.executeUpdate(decide, { args: [decision('Сейткали А.М.'), await actedOn(filed.handle)] });
  expect((await filed.handle.result()).status).toBe('closed');
  await saveHistory('overdue-escalated-decided', filed.handle);
});
