import { decide, extend, getCase, letterPosted } from '../../workflows/complaint-messages';
import { loadCalendarData } from '../../db/calendar';
import { almatyDate, createWorkingCalendar, reviewDeadline } from '../../domain/calendar';
import { officeComplaint, portalComplaint } from '../support/complaints';
import {
  eventsAddedBy,
  expectRegisterAgrees,
  expectRejected,
  saveHistory,
  WORKFLOW_TASK_EVENTS,
} from '../support/case-assertions';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';
import { actedOn } from '../support/acted-on';

let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(async () => {
  await stack?.stop();
});

const DAY = 86_400_000;
const decision = {
  outcome: 'partially_satisfied' as const,
  reasoning: 'Verified on site; part of the demands is justified.',
  decidedBy: 'Досаев Е.А.',
};

async function expectedDeadline(lastDeadline: string, workingDays: number) {
  const calendar = createWorkingCalendar(await loadCalendarData(stack.db));
  return reviewDeadline(almatyDate(new Date(Date.parse(lastDeadline) - 1)), workingDays, calendar).endsAt.toISOString();
}

it('extends an electronic complaint by working days, at most 10 in all, and notifies electronically at once (R11, R12)', async () => {
  const filed = await stack.file(portalComplaint('akimat-almaty'));
  const first = await filed.handle.executeUpdate(extend, {
    args: [{ reason: 'additional_information', workingDays: 4 }, await actedOn(filed.handle)],
  });
  expect(first.deadline).toBe(await expectedDeadline(filed.deadline, 4));
  const second = await filed.handle.executeUpdate(extend, {
    args: [
      { reason: 'additional_study_or_inspection', workingDays: 6, explanation: 'On-site inspection.' },
      await actedOn(filed.handle),
    ],
  });
  expect(second.deadline).toBe(await expectedDeadline(first.deadline, 6));

  await expectRejected(
    filed.handle.executeUpdate(extend, {
      args: [{ reason: 'additional_information', workingDays: 1 }, await actedOn(filed.handle)],
    }),
    /at most 10 working days/,
  );
  const added = await eventsAddedBy(filed.handle, async () =>
    filed.handle.executeUpdate(extend, {
      args: [{ reason: 'additional_information', workingDays: 1 }, await actedOn(filed.handle)],
    }),
  );
  expect(added.filter((e) => !WORKFLOW_TASK_EVENTS.test(e))).toEqual([]);

  const state = await expectRegisterAgrees(stack.db, filed.handle);
  expect(state.stages[0].extendedDays).toBe(10);
  expect(state.stages[0].extensions.every((e) => e.noticeSentAt && !e.noticeBreached)).toBe(true);
  const notices = await stack.db
    .selectFrom('notifications')
    .select(['channel', 'status', 'text_ru'])
    .where('complaint_id', '=', filed.complaintId)
    .where('purpose', '=', 'extension_notice')
    .orderBy('id')
    .execute();
  expect(notices.map((n) => `${n.channel}:${n.status}`)).toEqual([
    'cabinet:sent',
    'email:sent',
    'sms:sent',
    'cabinet:sent',
    'email:sent',
    'sms:sent',
  ]);
  expect(notices[0].text_ru).toContain('необходимо получение дополнительной информации');

  await filed.handle.executeUpdate(decide, { args: [decision, await actedOn(filed.handle)] });
  await filed.handle.result();
  await saveHistory('extended-electronic', filed.handle);
});

it('sends the notice of a paper complaint in writing: on time once the post room posts it (R12)', async () => {
  const filed = await stack.file(officeComplaint('akimat-almaty'));
  const extension = await filed.handle.executeUpdate(extend, {
    args: [{ reason: 'additional_information', workingDays: 2 }, await actedOn(filed.handle)],
  });
  const letter = await stack.db
    .selectFrom('notifications')
    .select(['notification_key', 'channel', 'status', 'recipient'])
    .where('complaint_id', '=', filed.complaintId)
    .where('purpose', '=', 'extension_notice')
    .executeTakeFirstOrThrow();
  expect(letter).toMatchObject({ channel: 'post', status: 'pending', recipient: 'г. Алматы, пр. Абая, 1' });
  expect((await filed.handle.query(getCase)).stages[0].extensions[0].noticeSentAt).toBeUndefined();

  await stack.env.sleep(DAY);
  await filed.handle.signal(letterPosted, {
    notificationKey: letter.notification_key,
    postedAt: new Date().toISOString(),
  });
  await stack.env.sleep(Date.parse(extension.noticeDueBy) - (await stack.env.currentTimeMs()) + 1000);
  const sent = (await filed.handle.query(getCase)).stages[0].extensions[0];
  expect(sent.noticeSentAt).toBeDefined();
  expect(sent.noticeBreached).toBeUndefined();
  await filed.handle.executeUpdate(decide, { args: [decision, await actedOn(filed.handle)] });
  await postAnswerLetter(filed.complaintId, filed.handle);
  await filed.handle.result();
  await saveHistory('extended-paper-notice-posted', filed.handle);
});

it('records the breach when the written notice is not sent within 3 working days (R12)', async () => {
  const filed = await stack.file(officeComplaint('akimat-almaty'));
  const extension = await filed.handle.executeUpdate(extend, {
    args: [{ reason: 'additional_study_or_inspection', workingDays: 3 }, await actedOn(filed.handle)],
  });
  await stack.env.sleep(Date.parse(extension.noticeDueBy) - (await stack.env.currentTimeMs()) + 1000);
  const late = (await filed.handle.query(getCase)).stages[0].extensions[0];
  expect(late.noticeBreached).toBe(true);
  const breach = await stack.db
    .selectFrom('complaint_events')
    .select('kind')
    .where('complaint_id', '=', filed.complaintId)
    .where('kind', '=', 'extension_notice_late')
    .execute();
  expect(breach).toHaveLength(1);
  const letter = await stack.db
    .selectFrom('notifications')
    .select('notification_key')
    .where('complaint_id', '=', filed.complaintId)
    .where('purpose', '=', 'extension_notice')
    .executeTakeFirstOrThrow();
  await filed.handle.signal(letterPosted, {
    notificationKey: letter.notification_key,
    postedAt: new Date().toISOString(),
  });
  await filed.handle.executeUpdate(decide, { args: [decision, await actedOn(filed.handle)] });
  await postAnswerLetter(filed.complaintId, filed.handle);
  const final = await filed.handle.result();
  expect(final.stages[0].extensions[0].noticeSentAt).toBeDefined();
});

it('refuses an extension at a service provider, and after the term has ended (R11)', async () => {
  const provider = await stack.file(portalComplaint('con-almaty'));
  await expectRejected(
    provider.handle.executeUpdate(extend, {
      args: [{ reason: 'additional_information', workingDays: 2 }, await actedOn(provider.handle)],
    }),
    /may not extend the review term/,
  );
  const added = await eventsAddedBy(provider.handle, async () =>
    provider.handle.executeUpdate(extend, {
      args: [{ reason: 'additional_information', workingDays: 2 }, await actedOn(provider.handle)],
    }),
  );
  expect(added.filter((e) => !WORKFLOW_TASK_EVENTS.test(e))).toEqual([]);

  const late = await stack.file(portalComplaint('akimat-almaty'));
  await stack.env.sleep(Date.parse(late.deadline) - (await stack.env.currentTimeMs()) + 1000);
  await expectRejected(
    late.handle.executeUpdate(extend, {
      args: [{ reason: 'additional_information', workingDays: 2 }, await actedOn(late.handle)],
    }),
    /term has already ended/,
  );
  await expectRegisterAgrees(stack.db, late.handle);
});

it('applies concurrent extensions one after the other, each from the deadline the previous one set', async () => {
  const filed = await stack.file(portalComplaint('mlsp'));
  const [a, b] = await Promise.all([
    filed.handle.executeUpdate(extend, {
      args: [{ reason: 'additional_information', workingDays: 3 }, await actedOn(filed.handle)],
    }),
    filed.handle.executeUpdate(extend, {
      args: [{ reason: 'additional_information', workingDays: 4 }, await actedOn(filed.handle)],
    }),
  ]);
  expect([a.number, b.number].sort()).toEqual([1, 2]);
  const state = await expectRegisterAgrees(stack.db, filed.handle);
  expect(state.stages[0].extendedDays).toBe(7);
  expect(state.stages[0].deadline).toBe(await expectedDeadline(filed.deadline, 7));
  const events = await stack.db
    .selectFrom('complaint_events')
    .select('kind')
    .where('complaint_id', '=', filed.complaintId)
    .where('kind', '=', 'extended')
    .execute();
  expect(events).toHaveLength(2);
});

/** The post room posts the written answer: the appeal window runs from then (R9, R13). */
async function postAnswerLetter(complaintId: string, handle: Parameters<typeof actedOn>[0]): Promise<void> {
  const answer = await stack.db
    .selectFrom('notifications')
    .select('notification_key')
    .where('complaint_id', '=', complaintId)
    .where('purpose', '=', 'answer')
    .where('channel', '=', 'post')
    .executeTakeFirstOrThrow();
  await handle.signal(letterPosted, {
    notificationKey: answer.notification_key,
    postedAt: new Date(await stack.env.currentTimeMs()).toISOString(),
  });
}
