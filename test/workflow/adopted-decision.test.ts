import { recordDecision } from '../../activities/review';
import { adoptRecordedDecision, decide, getCase } from '../../workflows/complaint-messages';
import { actedOn } from '../support/acted-on';
import { expectRegisterAgrees, expectRejected, saveHistory } from '../support/case-assertions';
import { portalComplaint } from '../support/complaints';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';

// R8: a decision the register recorded and the workflow lost (a point-in-time restore between the
// register's write and the workflow task that held it) is given back by reconcile: the workflow
// takes it as recorded, and the case goes on to its appeal window and closing (saved for replay).
let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(async () => {
  await stack?.stop();
});

const DAY = 86_400_000;

it('takes the decision only the register kept, as recorded, and then refuses another (R8, R13)', async () => {
  const filed = await stack.file(portalComplaint('akimat-almaty'));
  const decision = {
    outcome: 'satisfied' as const,
    reasoning: 'The certificate was issued on the day of the complaint.',
    decidedBy: 'Досаев Е.А.',
    decidedAt: new Date((await stack.env.currentTimeMs()) - 60_000).toISOString(),
  };
  // The register's write, as the workflow's local activity made it before the restore.
  await recordDecision(stack.db, { complaintId: filed.complaintId, stage: 1, decision });
  await expectRejected(
    filed.handle.executeUpdate(adoptRecordedDecision, { args: [{ stage: 2, decision }] }),
    /stage 2/,
  );
  const adopted = await filed.handle.executeUpdate(adoptRecordedDecision, { args: [{ stage: 1, decision }] });
  expect(adopted).toMatchObject(decision);
  const state = await filed.handle.query(getCase);
  expect(state.status).toBe('decided');
  expect(state.stages[0].decision).toMatchObject(decision);
  // Decided now: neither a second adoption nor an official's decision is taken.
  await expectRejected(
    filed.handle.executeUpdate(adoptRecordedDecision, { args: [{ stage: 1, decision }] }),
    /cannot be decided/,
  );
  await expectRejected(
    filed.handle.executeUpdate(decide, {
      args: [{ outcome: 'rejected', reasoning: 'Another answer entirely.' }, await actedOn(filed.handle)],
    }),
    /cannot be decided/,
  );
  await stack.env.sleep(31 * DAY);
  const final = await filed.handle.result();
  expect(final.status).toBe('closed');
  await expectRegisterAgrees(stack.db, filed.handle);
  await saveHistory('adopted-decision-closed', filed.handle);
});
