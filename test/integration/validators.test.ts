import { randomUUID } from 'node:crypto';
import { fileComplaint } from '../../api/complaint-client';
import { complaintWorkflowId, decide, escalate, extend, referToCourt } from '../../workflows/complaint-messages';
import { portalComplaint } from '../support/complaints';
import { eventsAddedBy, expectRejected, historyLength, WORKFLOW_TASK_EVENTS } from '../support/case-assertions';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { actedOn } from '../support/acted-on';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(async () => {
  await stack?.stop();
});

it('refuses illegal transitions on the dev server without adding a single event to the history', async () => {
  const complaintId = randomUUID();
  await fileComplaint(stack.client, {
    complaintId,
    complaint: portalComplaint('con-almaty'),
    receivedAt: new Date(),
    appealWindowDays: 30,
    taskQueue: stack.taskQueue,
  });
  const handle = stack.client.workflow.getHandle(complaintWorkflowId(complaintId));
  const before = await historyLength(handle);
  await expectRejected(
    handle.executeUpdate(extend, {
      args: [{ reason: 'additional_information', workingDays: 3 }, await actedOn(handle)],
    }),
    /may not extend/,
  );
  await expectRejected(
    handle.executeUpdate(escalate, { args: [{}, await actedOn(handle, 'portal')] }),
    /after a decision or once the term has passed/,
  );
  await expectRejected(
    handle.executeUpdate(referToCourt, { args: [{}, await actedOn(handle, 'portal')] }),
    /after a decision/,
  );
  expect(await historyLength(handle)).toBe(before);

  await handle.executeUpdate(decide, {
    args: [
      { outcome: 'satisfied', reasoning: 'Issued the certificate today.', decidedBy: 'Ахметова Г.К.' },
      await actedOn(handle),
    ],
  });
  // Once the case waits in its appeal window (the last events are that wait's markers and timer,
  // not a completed workflow task), the dev server keeps the refused update's workflow task: three
  // task events, and nothing of the refused decision.
  const official = await actedOn(handle);
  const added = await eventsAddedBy(handle, () =>
    expectRejected(
      handle.executeUpdate(decide, {
        args: [{ outcome: 'rejected', reasoning: 'Second thoughts here.', decidedBy: 'X Y.' }, official],
      }),
      /cannot be decided/,
    ),
  );
  expect(added.filter((type) => !WORKFLOW_TASK_EVENTS.test(type))).toEqual([]);
});

const second = (iso: string, delta: number) =>
  new Date(Date.parse(iso) + delta * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

it('lets auditors filter complaints by search attributes (CaseStatus, ReviewingBody, Overdue, Channel, ReviewDeadline)', async () => {
  const complaintId = randomUUID();
  const receipt = await fileComplaint(stack.client, {
    complaintId,
    complaint: portalComplaint('gov4c'),
    receivedAt: new Date(),
    appealWindowDays: 30,
    taskQueue: stack.taskQueue,
  });
  const query =
    `CaseStatus = "under_review" AND ReviewingBody = "gov4c" AND Overdue = false AND Channel = "portal" ` +
    `AND ReviewDeadline > "${second(receipt.deadline, -1)}" AND ReviewDeadline < "${second(receipt.deadline, 1)}" ` +
    `AND TaskQueue = "${stack.taskQueue}"`;
  let found: string[] = [];
  for (let i = 0; i < 50 && found.length === 0; i++) {
    found = [];
    for await (const w of stack.client.workflow.list({ query })) found.push(w.workflowId);
    if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(found).toEqual([complaintWorkflowId(complaintId)]);
});
