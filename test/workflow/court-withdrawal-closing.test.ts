import { assign, decide, getCase, referToCourt, withdraw } from '../../workflows/complaint-messages';
import { officeComplaint, portalComplaint } from '../support/complaints';
import {
  eventsAddedBy,
  expectRegisterAgrees,
  expectRejected,
  saveHistory,
  WORKFLOW_TASK_EVENTS,
} from '../support/case-assertions';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';
import { actedOn } from '../support/acted-on';

let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(async () => {
  await stack?.stop();
});

const DAY = 86_400_000;
const decision = {
  outcome: 'refused_to_review' as const,
  refusalGround: 'repeated_already_answered' as const,
  reasoning: 'The complaint repeats one already answered on the merits.',
  decidedBy: 'Ахметова Г.К.',
};

it('refers a decided case to court within the appeal window (R13)', async () => {
  const filed = await stack.file(officeComplaint('con-almaty'));
  expect(filed.receivedBy).toBe('Сапарова Д.К.');
  await expectRejected(
    filed.handle.executeUpdate(referToCourt, { args: [{}, await actedOn(filed.handle, 'portal')] }),
    /after a decision or once the term has passed/,
  );
  await filed.handle.executeUpdate(decide, { args: [decision, await actedOn(filed.handle)] });
  await stack.env.sleep(29 * DAY);
  await filed.handle.executeUpdate(referToCourt, {
    args: [{ note: 'Filed a claim.' }, await actedOn(filed.handle, 'portal')],
  });
  const final = await filed.handle.result();
  expect(final.status).toBe('referred_to_court');
  await expectRegisterAgrees(stack.db, filed.handle, final);
  const marks = await stack.db
    .selectFrom('complaint_events')
    .select(['kind', 'mark'])
    .where('complaint_id', '=', filed.complaintId)
    .orderBy('id')
    .execute();
  expect(marks.map((m) => m.mark ?? m.kind)).toEqual(['delivered', 'registered', 'refused', 'referred_to_court']);
  const letter = await stack.db
    .selectFrom('notifications')
    .select(['channel', 'purpose'])
    .where('complaint_id', '=', filed.complaintId)
    .execute();
  expect(letter).toEqual([{ channel: 'post', purpose: 'answer' }]); // a paper complaint is answered by post (R8)
  await saveHistory('decided-court', filed.handle);
});

it('withdraws before a decision, and refuses every action afterwards', async () => {
  const filed = await stack.file(portalComplaint('con-almaty'));
  await filed.handle.executeUpdate(assign, { args: [{ officialName: 'Серикова А.Б.' }, await actedOn(filed.handle)] });
  await filed.handle.executeUpdate(withdraw, { args: [{ note: 'Resolved.' }, await actedOn(filed.handle, 'portal')] });
  const final = await filed.handle.result();
  expect(final.status).toBe('withdrawn');
  await expectRegisterAgrees(stack.db, filed.handle, final);
  await expect(filed.handle.executeUpdate(decide, { args: [decision, await actedOn(filed.handle)] })).rejects.toThrow();
  await saveHistory('assigned-withdrawn', filed.handle);
});

it('refuses withdrawal, assignment and a second decision after the decision, writing nothing', async () => {
  const filed = await stack.file(portalComplaint('con-almaty'));
  await filed.handle.executeUpdate(decide, { args: [decision, await actedOn(filed.handle)] });
  for (const [update, args, reason] of [
    [withdraw, {}, /cannot be withdrawn/],
    [assign, { officialName: 'X Y.' }, /cannot be assigned/],
    [decide, decision, /cannot be decided/],
  ] as const) {
    await expectRejected(
      filed.handle.executeUpdate(update as any, { args: [args, await actedOn(filed.handle)] }),
      reason,
    );
    const added = await eventsAddedBy(filed.handle, async () =>
      filed.handle.executeUpdate(update as any, { args: [args, await actedOn(filed.handle)] }),
    );
    expect(added.filter((e) => !WORKFLOW_TASK_EVENTS.test(e))).toEqual([]);
  }
  await expectRegisterAgrees(stack.db, filed.handle);
});

it('closes the case when the appeal window passes with no escalation or court referral', async () => {
  const filed = await stack.file(portalComplaint('mlsp'));
  await filed.handle.executeUpdate(decide, {
    args: [{ ...decision, outcome: 'satisfied', decidedBy: 'Ертаев А.Б.' }, await actedOn(filed.handle)],
  });
  await stack.env.sleep(29 * DAY);
  expect((await filed.handle.query(getCase)).status).toBe('decided');
  await stack.env.sleep(2 * DAY);
  const final = await filed.handle.result();
  expect(final.status).toBe('closed');
  await expectRegisterAgrees(stack.db, filed.handle, final);
  await saveHistory('decided-closed', filed.handle);
});
