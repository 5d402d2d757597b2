import { decide, getCase, handOverAnswer } from '../../workflows/complaint-messages';
import { actedOn } from '../support/acted-on';
import { expectRegisterAgrees, saveHistory } from '../support/case-assertions';
import { officeComplaint } from '../support/complaints';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';

// R8: a paper answer handed over at the office is delivered then; the appeal window runs from the
// hand-over and the case closes when it ends (the saved history covers the update for replay).
let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(async () => {
  await stack?.stop();
});

const DAY = 86_400_000;

it('closes a paper case the appeal window after its answer was handed over at the office (R8, R13)', async () => {
  const filed = await stack.file(officeComplaint('akimat-almaty'));
  await filed.handle.executeUpdate(decide, {
    args: [
      { outcome: 'rejected', reasoning: 'The licence was refused on the grounds stated in the act.' },
      await actedOn(filed.handle),
    ],
  });
  await stack.env.sleep(2 * DAY); // the complainant comes for the answer two days later
  const handed = await filed.handle.executeUpdate(handOverAnswer, {
    args: [
      { outcome: 'handed_over', recipient: { role: 'complainant', identityDocument: 'удостоверение личности' } },
      await actedOn(filed.handle),
    ],
  });
  const stage = (await filed.handle.query(getCase)).stages[0];
  expect(stage.answerDeliveredAt).toBe(handed.at);
  expect(Date.parse(stage.appealWindowEndsAt!) - Date.parse(handed.at)).toBe(30 * DAY);

  await stack.env.sleep(30 * DAY + 1000);
  const final = await filed.handle.result();
  expect(final.status).toBe('closed');
  await expectRegisterAgrees(stack.db, filed.handle);
  await saveHistory('handed-over-closed', filed.handle);
});
