import { fileTransport, type MessageTransport } from '../../activities';
import { decide, extend, getCase } from '../../workflows/complaint-messages';
import { actedOn } from '../support/acted-on';
import { saveHistory } from '../support/case-assertions';
import { portalComplaint } from '../support/complaints';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';

// Issue 13 item 5 (R12): the 3 working days for the extension notice run from the extension, so
// a mail outage that holds the notice up makes it late; before, the clock started only once the
// delivery had succeeded and an outage was never flagged.
let mailDown = true;
let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack({
    transport: (dir): MessageTransport => {
      const files = fileTransport(dir);
      return {
        async send(message) {
          if (mailDown && message.channel === 'email') throw new Error('connect ECONNREFUSED 127.0.0.1:25');
          await files.send(message);
        },
      };
    },
  });
});
afterAll(async () => {
  await stack?.stop();
});

it('flags the extension notice late when a mail outage holds it past 3 working days, and sends it after (R12)', async () => {
  const filed = await stack.file(portalComplaint('akimat-almaty'));
  const extension = await filed.handle.executeUpdate(extend, {
    args: [{ reason: 'additional_information', workingDays: 2 }, await actedOn(filed.handle)],
  });
  // The first tries run inside the workflow task that starts the clock: it starts seconds late.
  await stack.env.sleep(Date.parse(extension.noticeDueBy) - (await stack.env.currentTimeMs()) + 60_000);
  const late = (await filed.handle.query(getCase)).stages[0].extensions[0];
  expect(late.noticeBreached).toBe(true);
  expect(late.noticeSentAt).toBeUndefined();
  const breach = await stack.db
    .selectFrom('complaint_events')
    .select(['kind', 'data'])
    .where('complaint_id', '=', filed.complaintId)
    .where('kind', '=', 'extension_notice_late')
    .execute();
  expect(breach).toEqual([{ kind: 'extension_notice_late', data: { noticeDueBy: extension.noticeDueBy } }]);

  mailDown = false; // the mail server is back: the retried delivery goes, and the notice is sent
  await stack.env.sleep(2 * 3_600_000); // retries are at most an hour apart
  const sent = (await filed.handle.query(getCase)).stages[0].extensions[0];
  expect(sent.noticeSentAt).toBeDefined();
  const email = await stack.db
    .selectFrom('notifications')
    .select('status')
    .where('complaint_id', '=', filed.complaintId)
    .where('notification_key', 'like', '%extension-1:email')
    .executeTakeFirstOrThrow();
  expect(email.status).toBe('sent');
  await filed.handle.executeUpdate(decide, {
    args: [
      { outcome: 'satisfied', reasoning: 'The certificate was issued.', decidedBy: 'Досаев Е.А.' },
      await actedOn(filed.handle),
    ],
  });
  await filed.handle.result();
  await saveHistory('extension-notice-late-in-outage', filed.handle);
}, 240_000);
