import { randomUUID } from 'node:crypto';
import { fileComplaint } from '../../api/complaint-client';
import { complaintWorkflowId, decide, escalate, extend, referToCourt } from '../../workflows/complaint-messages';
import { portalComplaint } from '../support/complaints';
import { expectRejected, historyLength } from '../support/case-assertions';
import { startApiStack, type ApiStack } from '../support/api-stack';

let stack: ApiStack;
beforeAll(async () => { stack = await startApiStack(); });
afterAll(async () => { await stack?.stop(); });

it('refuses illegal transitions on the dev server without adding a single event to the history', async () => {
  const complaintId = randomUUID();
  await fileComplaint(stack.client, {
    complaintId, complaint: portalComplaint('con-almaty'), receivedAt: new Date(), appealWindowDays: 30, taskQueue: stack.taskQueue,
  });
  const handle = stack.client.workflow.getHandle(complaintWorkflowId(complaintId));
  const before = await historyLength(handle);
  await expectRejected(handle.executeUpdate(extend, { args: [{ reason: 'additional_information', workingDays: 3 }] }), /may not extend/);
  await expectRejected(handle.executeUpdate(escalate, { args: [{}] }), /after a decision or once the term has passed/);
  await expectRejected(handle.executeUpdate(referToCourt, { args: [{}] }), /after a decision/);
  expect(await historyLength(handle)).toBe(before);

  await handle.executeUpdate(decide, { args: [{ outcome: 'satisfied', reasoning: 'Issued the certificate today.', decidedBy: 'Ахметова Г.К.' }] });
  const decided = await historyLength(handle);
  await expectRejected(handle.executeUpdate(decide, { args: [{ outcome: 'rejected', reasoning: 'Second thoughts here.', decidedBy: 'X Y.' }] }), /cannot be decided/);
  expect(await historyLength(handle)).toBe(decided);
});
