import { randomUUID } from 'node:crypto';
import { fileComplaint } from '../../api/complaint-client';
import { complaintWorkflowId, escalate, getCase, withdraw } from '../../workflows/complaint-messages';
import { actedOn } from '../support/acted-on';
import { expectRegisterAgrees } from '../support/case-assertions';
import { portalComplaint } from '../support/complaints';
import { startApiStack, type ApiStack } from '../support/api-stack';

// R9, SPEC "withdrawal": an overdue case's complainant escalates and withdraws at the same moment;
// exactly one is honoured. On the real dev server: the Java time-skipping server fails a workflow
// task with two updates in flight (UNHANDLED_COMMAND) and then answers Internal to every retry,
// which hung this test there about one run in three. The case is filed as received weeks ago, so
// its term is already over when it is registered.
let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(async () => {
  await stack?.stop();
});

it('honours a withdrawal or an escalation of an overdue case, never both', async () => {
  for (let round = 0; round < 3; round++) {
    const complaintId = randomUUID();
    await fileComplaint(stack.client, {
      complaintId,
      complaint: portalComplaint('gov4c'),
      receivedAt: new Date(Date.now() - 30 * 86_400_000),
      appealWindowDays: 30,
      taskQueue: stack.taskQueue,
    });
    const handle = stack.client.workflow.getHandle(complaintWorkflowId(complaintId));
    for (let i = 0; i < 100 && !(await handle.query(getCase)).stages[0]?.overdue; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const portal = await actedOn(handle, 'portal');
    const [escalated, withdrawn] = await Promise.allSettled([
      handle.executeUpdate(escalate, { args: [{}, portal] }),
      handle.executeUpdate(withdraw, { args: [{ note: 'Resolved.' }, portal] }),
    ]);
    expect([escalated.status, withdrawn.status].filter((s) => s === 'fulfilled')).toHaveLength(1);
    const state = await expectRegisterAgrees(stack.db, handle);
    if (withdrawn.status === 'fulfilled') {
      expect(state).toMatchObject({ status: 'withdrawn' });
      expect(state.stages).toHaveLength(1);
    } else {
      expect(state).toMatchObject({
        status: 'under_review',
        stages: [{ stage: 1 }, { stage: 2, bodyId: 'qcb-almaty' }],
      });
      await handle.executeUpdate(withdraw, { args: [{}, await actedOn(handle, 'portal')] });
    }
    expect(await handle.result()).toMatchObject({ status: 'withdrawn' });
  }
});
