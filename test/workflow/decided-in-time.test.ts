import { assign, decide } from '../../workflows/complaint-messages';
import { portalComplaint } from '../support/complaints';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';
import { expectRegisterAgrees, saveHistory } from '../support/case-assertions';
import { actedOn } from '../support/acted-on';

let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(async () => {
  await stack?.stop();
});

it('registers, assigns, decides within 5 working days and closes after the appeal window (R3, R4, R8)', async () => {
  const receipt = await stack.file(portalComplaint('con-almaty'));
  expect(receipt.incomingNumber).toMatch(/^CON-\d{4}-000001$/);
  expect(receipt.answerPlace).toContain('personal cabinet');

  await receipt.handle.executeUpdate(assign, {
    args: [{ officialName: 'Серикова А.Б.' }, await actedOn(receipt.handle)],
  });
  await receipt.handle.executeUpdate(decide, {
    args: [
      {
        outcome: 'satisfied',
        reasoning: 'The certificate has been issued; the delay is confirmed.',
        decidedBy: 'Ахметова Г.К.',
      },
      await actedOn(receipt.handle),
    ],
  });
  expect((await expectRegisterAgrees(stack.db, receipt.handle)).status).toBe('decided');

  const final = await receipt.handle.result();
  expect(final.status).toBe('closed');
  expect(final.stages[0].decision?.outcome).toBe('satisfied');

  const row = await stack.db
    .selectFrom('complaints')
    .selectAll()
    .where('id', '=', receipt.complaintId)
    .executeTakeFirstOrThrow();
  expect(row).toMatchObject({
    status: 'closed',
    outcome: 'satisfied',
    incoming_number: receipt.incomingNumber,
    overdue: false,
  });
  const marks = await stack.db
    .selectFrom('complaint_events')
    .select('mark')
    .where('complaint_id', '=', receipt.complaintId)
    .where('mark', 'is not', null)
    .orderBy('id')
    .execute();
  expect(marks.map((m) => m.mark)).toEqual(['delivered', 'registered', 'in_execution', 'answered']);
  const answers = await stack.db
    .selectFrom('notifications')
    .select(['channel', 'status'])
    .where('complaint_id', '=', receipt.complaintId)
    .where('purpose', '=', 'answer')
    .orderBy('channel')
    .execute();
  expect(answers).toEqual([
    { channel: 'cabinet', status: 'sent' },
    { channel: 'email', status: 'sent' },
    { channel: 'sms', status: 'sent' },
  ]);
  await saveHistory('assigned-decided-closed', receipt.handle);
});

it('shows all four R4 marks in order on a case answered without an assignment; a refusal shows the refusal mark and its ground', async () => {
  const marksOf = async (complaintId: string) =>
    (
      await stack.db
        .selectFrom('complaint_events')
        .select('mark')
        .where('complaint_id', '=', complaintId)
        .where('mark', 'is not', null)
        .orderBy('id')
        .execute()
    ).map((m) => m.mark);
  const answered = await stack.file(portalComplaint('con-almaty'));
  await answered.handle.executeUpdate(decide, {
    args: [
      { outcome: 'rejected', reasoning: 'The service was provided within its term.', decidedBy: 'Ахметова Г.К.' },
      await actedOn(answered.handle),
    ],
  });
  expect(await marksOf(answered.complaintId)).toEqual(['delivered', 'registered', 'in_execution', 'answered']);
  const refused = await stack.file(portalComplaint('con-almaty'));
  await refused.handle.executeUpdate(decide, {
    args: [
      {
        outcome: 'refused_to_review',
        refusalGround: 'no_essence_stated',
        reasoning: 'The complaint states no essence of the matter.',
        decidedBy: 'Ахметова Г.К.',
      },
      await actedOn(refused.handle),
    ],
  });
  expect(await marksOf(refused.complaintId)).toEqual(['delivered', 'registered', 'refused']);
  // The complainant is told the ground of the refusal; the timeline keeps it.
  const notice = await stack.db
    .selectFrom('notifications')
    .select('text_ru')
    .where('complaint_id', '=', refused.complaintId)
    .where('purpose', '=', 'answer')
    .where('channel', '=', 'cabinet')
    .executeTakeFirstOrThrow();
  expect(notice.text_ru).toContain('Основание: в жалобе не изложена суть.');
  const event = await stack.db
    .selectFrom('complaint_events')
    .select('data')
    .where('complaint_id', '=', refused.complaintId)
    .where('kind', '=', 'decided')
    .executeTakeFirstOrThrow();
  expect(event.data).toMatchObject({ outcome: 'refused_to_review', refusalGround: 'no_essence_stated' });
  await stack.env.sleep(31 * 86_400_000); // the appeal window passes unused
  expect((await refused.handle.result()).status).toBe('closed');
  await saveHistory('refused-with-ground-closed', refused.handle);
});
