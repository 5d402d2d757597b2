import { fileTransport, type MessageTransport } from '../../activities';
import { decide, extend, getCase } from '../../workflows/complaint-messages';
import { actedOn } from '../support/acted-on';
import { saveHistory } from '../support/case-assertions';
import { portalComplaint } from '../support/complaints';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';

// R12: the 3 working days for the extension notice run from the extension. An electronic notice
// is given when it is entered in the personal cabinet; a mail outage that holds the e-mail up
// past the 3 days does not make it late (before, the retried e-mail flagged it late).
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

it('an electronic extension notice entered in the cabinet is in time though a mail outage holds the e-mail past 3 working days (R12)', async () => {
  const filed = await stack.file(portalComplaint('akimat-almaty'));
  const extension = await filed.handle.executeUpdate(extend, {
    args: [{ reason: 'additional_information', workingDays: 2 }, await actedOn(filed.handle)],
  });
  // The first tries run inside the workflow task that starts the clock: it starts seconds late.
  await stack.env.sleep(Date.parse(extension.noticeDueBy) - (await stack.env.currentTimeMs()) + 60_000);
  const given = (await filed.handle.query(getCase)).stages[0].extensions[0];
  expect(given.noticeBreached).toBeUndefined();
  expect(Date.parse(given.noticeInCabinetAt!)).toBeLessThan(Date.parse(extension.noticeDueBy));
  expect(given.noticeSentAt).toBeUndefined(); // the e-mail is still being retried
  const breach = await stack.db
    .selectFrom('complaint_events')
    .select(['kind', 'data'])
    .where('complaint_id', '=', filed.complaintId)
    .where('kind', '=', 'extension_notice_late')
    .execute();
  expect(breach).toEqual([]);

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
  await saveHistory('extension-notice-in-cabinet-mail-outage', filed.handle);
}, 240_000);
