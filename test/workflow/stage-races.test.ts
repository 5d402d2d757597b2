import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { decide, escalate, getCase } from '../../workflows/complaint-messages';
import { actedOn } from '../support/acted-on';
import { expectRegisterAgrees, expectRejected } from '../support/case-assertions';
import { portalComplaint } from '../support/complaints';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';

// An action is for the stage and body its caller saw. Once
// an escalation is being registered, or a later stage is open, it is refused, never accepted and
// then applied to the new stage or overwritten by it.
let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(async () => {
  await stack?.stop();
});

const decision = { outcome: 'rejected' as const, reasoning: 'The service was provided within the standard term.' };
const skipPast = async (deadline: string) =>
  stack.env.sleep(Date.parse(deadline) - (await stack.env.currentTimeMs()) + 60_000);
const failureType = (err: unknown) =>
  ((err as WorkflowUpdateFailedError).cause as ApplicationFailure | undefined)?.type;

it('refuses a first-stage decision sent while the escalation is registered, and after it (stage_changed)', async () => {
  const filed = await stack.file(portalComplaint('con-almaty'));
  await skipPast(filed.deadline);
  const firstStage = await actedOn(filed.handle); // what the first body's official saw: stage 1 at con-almaty
  // The escalation is accepted (its handler has claimed the case) and its stage is being registered.
  const escalation = filed.handle.executeUpdate(escalate, {
    args: [{ reason: 'No answer in time.' }, await actedOn(filed.handle, 'portal')],
  });
  for (let i = 0; i < 100 && !(await filed.handle.query(getCase)).stages[0].escalation; i++)
    await new Promise((r) => setTimeout(r, 20));
  const during = await filed.handle.executeUpdate(decide, { args: [decision, firstStage] }).catch((e: unknown) => e);
  expect(failureType(during)).toBe('StageChanged');
  await escalation;

  const after = await filed.handle.executeUpdate(decide, { args: [decision, firstStage] }).catch((e: unknown) => e);
  expect(failureType(after)).toBe('StageChanged');
  await expectRejected(
    filed.handle.executeUpdate(decide, { args: [decision, firstStage] }),
    /was for review stage 1 at con-almaty; the case is at review stage 2 at qcb-almaty/,
  );
  const state = await expectRegisterAgrees(stack.db, filed.handle);
  expect(state).toMatchObject({ status: 'under_review', stages: [{ bodyId: 'con-almaty' }, { bodyId: 'qcb-almaty' }] });
  expect(state.stages.map((s) => s.decision)).toEqual([undefined, undefined]);

  // The quality-control body's own official, on its own stage, decides.
  const signed = await filed.handle.executeUpdate(decide, { args: [decision, await actedOn(filed.handle)] });
  expect(signed).toMatchObject({
    decidedBy: 'Сейткали А.М.',
    signedBy: { role: 'official', person: { surname: 'Сейткали' } },
  });
  expect((await filed.handle.result()).status).toBe('closed');
});

// The race of a withdrawal and an escalation on an overdue case runs on the dev server
// (test/integration/overdue-race.test.ts).

it('refuses text the register cannot store in an action, writing nothing, and takes the next good one', async () => {
  const filed = await stack.file(portalComplaint('con-almaty'));
  for (const bad of ['\u0000', '\ud800', '\u202e', '\u0007']) {
    const err = await filed.handle
      .executeUpdate(decide, {
        args: [{ ...decision, reasoning: `Refused${bad} for a reason.` }, await actedOn(filed.handle)],
      })
      .catch((e: unknown) => e);
    expect(failureType(err)).toBe('UnstorableValue');
    expect(String((err as WorkflowUpdateFailedError).cause?.message)).toMatch(/^body\.reasoning contains U\+/);
  }
  expect((await filed.handle.query(getCase)).status).toBe('under_review');
  await filed.handle.executeUpdate(decide, { args: [decision, await actedOn(filed.handle)] });
  await expectRegisterAgrees(stack.db, filed.handle);
});
