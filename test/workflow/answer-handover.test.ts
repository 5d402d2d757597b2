import { decide, getCase, handOverAnswer } from '../../workflows/complaint-messages';
import { actedOn } from '../support/acted-on';
import { expectRejected, saveHistory } from '../support/case-assertions';
import { officeComplaint } from '../support/complaints';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';

// R8: a paper answer handed over at the office is delivered then: the appeal window runs from the
// hand-over, not from a posting that may never come, and the case closes when it ends.

let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(async () => {
  await stack?.stop();
});

it('starts the appeal window at the hand-over of a paper answer and closes the case after it (R8, R9, R13)', async () => {
  const filed = await stack.file(officeComplaint('akimat-almaty'));
  const record = await filed.handle.executeUpdate(decide, {
    args: [{ outcome: 'rejected', reasoning: 'The act was lawful.' }, await actedOn(filed.handle)],
  });
  // The letter of the answer is not posted: without the hand-over the window would not start.
  expect((await filed.handle.query(getCase)).stages[0].answerDeliveredAt).toBeUndefined();

  const handedOver = await filed.handle.executeUpdate(handOverAnswer, {
    args: [
      { outcome: 'handed_over', recipient: { role: 'representative', identityDocument: 'passport N 12345678' } },
      await actedOn(filed.handle),
    ],
  });
  expect(Date.parse(handedOver.at)).toBeGreaterThanOrEqual(Date.parse(record.decidedAt));
  await expectRejected(
    filed.handle.executeUpdate(handOverAnswer, {
      args: [{ outcome: 'refused_to_collect' }, await actedOn(filed.handle)],
    }),
    /already recorded/,
  );

  const final = await filed.handle.result();
  expect(final.status).toBe('closed');
  expect(final.stages[0].answerDeliveredAt).toBe(handedOver.at);
  expect(Date.parse(final.stages[0].appealWindowEndsAt!) - Date.parse(handedOver.at)).toBe(30 * 86_400_000);
  const kinds = await stack.db
    .selectFrom('complaint_events')
    .select('kind')
    .where('complaint_id', '=', filed.complaintId)
    .orderBy('id')
    .execute();
  expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['answer_handed_over', 'answer_delivered']));
  await saveHistory('decided-handed-over-closed', filed.handle);
});
