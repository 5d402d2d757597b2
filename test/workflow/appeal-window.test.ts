import { randomUUID } from 'node:crypto';
import { fileComplaint } from '../../api/complaint-client';
import { decide, escalate, getCase, letterPosted } from '../../workflows/complaint-messages';
import { actedOn } from '../support/acted-on';
import { saveHistory } from '../support/case-assertions';
import { officeComplaint, portalComplaint } from '../support/complaints';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';

let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(async () => {
  await stack?.stop();
});

const DAY = 86_400_000;
const decision = { outcome: 'rejected' as const, reasoning: 'The licence conditions were not met.' };

it('counts the appeal window of a paper answer from the day the post room posted it (R9, R13)', async () => {
  const filed = await stack.file(officeComplaint('akimat-almaty'));
  await filed.handle.executeUpdate(decide, { args: [decision, await actedOn(filed.handle)] });
  // 40 days without the letter leaving: the window has not begun, the case stays open.
  await stack.env.sleep(40 * DAY);
  const waiting = await filed.handle.query(getCase);
  expect(waiting.status).toBe('decided');
  expect(waiting.stages[0].answerDeliveredAt).toBeUndefined();

  const letter = await stack.db
    .selectFrom('notifications')
    .select('notification_key')
    .where('complaint_id', '=', filed.complaintId)
    .where('purpose', '=', 'answer')
    .where('channel', '=', 'post')
    .executeTakeFirstOrThrow();
  const postedAt = new Date(await stack.env.currentTimeMs()).toISOString();
  await filed.handle.signal(letterPosted, { notificationKey: letter.notification_key, postedAt });
  await stack.env.sleep(20 * DAY); // 60 days after the decision, 20 after the posting
  const delivered = await filed.handle.query(getCase);
  expect(delivered.stages[0].answerDeliveredAt).toBe(postedAt);
  expect(Date.parse(delivered.stages[0].appealWindowEndsAt!) - Date.parse(postedAt)).toBe(30 * DAY);
  const second = await filed.handle.executeUpdate(escalate, { args: [{}, await actedOn(filed.handle, 'portal')] });
  expect(second.bodyId).toBe('qcb-almaty');
  const event = await stack.db
    .selectFrom('complaint_events')
    .select('data')
    .where('complaint_id', '=', filed.complaintId)
    .where('kind', '=', 'answer_delivered')
    .executeTakeFirstOrThrow();
  expect(event.data).toMatchObject({ deliveredAt: postedAt });
  await filed.handle.terminate('test done');
});

it("gives the law's term in calendar months from an electronic answer, then closes; later appeals are refused", async () => {
  const complaintId = randomUUID();
  const receivedAt = new Date(await stack.env.currentTimeMs());
  await fileComplaint(stack.env.client, {
    complaintId,
    complaint: portalComplaint('con-almaty'),
    receivedAt,
    appealWindowDays: 0,
    appealWindowMonths: 3,
    taskQueue: stack.taskQueue,
  });
  const handle = stack.handle(complaintId);
  await handle.executeUpdate(decide, { args: [decision, await actedOn(handle)] });
  await stack.env.sleep(80 * DAY);
  const open = await handle.query(getCase);
  expect(open.status).toBe('decided');
  const months = (a: string, b: string) =>
    (new Date(b).getUTCFullYear() - new Date(a).getUTCFullYear()) * 12 +
    new Date(b).getUTCMonth() -
    new Date(a).getUTCMonth();
  expect(months(open.stages[0].answerDeliveredAt!, open.stages[0].appealWindowEndsAt!)).toBe(3);
  await stack.env.sleep(15 * DAY);
  expect((await handle.result()).status).toBe('closed');
  // The case is closed: an escalation now reaches no running workflow (the API answers 409 case_closed).
  await expect(handle.executeUpdate(escalate, { args: [{}, await actedOn(handle, 'portal')] })).rejects.toThrow();
  await saveHistory('decided-window-in-months-closed', handle);
});
