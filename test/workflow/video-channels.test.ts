import { decide } from '../../workflows/complaint-messages';
import { actedOn } from '../support/acted-on';
import { portalComplaint } from '../support/complaints';
import { expectRegisterAgrees, saveHistory } from '../support/case-assertions';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';

let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(async () => {
  await stack?.stop();
});

it('registers a video appeal recorded at a State Corporation branch with its employee and recording, and answers it (R3, R5)', async () => {
  const filed = await stack.file(
    portalComplaint('gov4c', {
      channel: 'video_appeal',
      signature: { signedBy: 'complainant', method: 'video' },
      receivedBy: 'Ким О.',
      videoAppeal: { recordingReference: 'VA-2026-0042' },
    }),
  );
  expect(filed.receivedBy).toBe('Ким О.');
  expect(filed.filingPlace).toMatch(/video appeal recorded at a branch of the State Corporation/);
  await filed.handle.executeUpdate(decide, {
    args: [
      { outcome: 'satisfied', reasoning: 'The certificate has been issued today.', decidedBy: 'Нурланов Е.С.' },
      await actedOn(filed.handle),
    ],
  });
  expect((await filed.handle.result()).status).toBe('closed');
  const row = await stack.db
    .selectFrom('complaints')
    .select(['channel', 'form', 'input'])
    .where('id', '=', filed.complaintId)
    .executeTakeFirstOrThrow();
  expect(row).toMatchObject({
    channel: 'video_appeal',
    form: 'electronic',
    input: expect.objectContaining({ videoAppeal: { recordingReference: 'VA-2026-0042' } }),
  });
  await expectRegisterAgrees(stack.db, filed.handle);
  await saveHistory('video-appeal-decided-closed', filed.handle);
});
