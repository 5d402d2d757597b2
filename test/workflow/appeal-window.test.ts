import { randomUUID } from 'node:crypto';
import { fileComplaint } from '../../api/complaint-client';
import { complaintView } from '../../api/complaint-view';
import { findCalendarYear, loadCalendarData, replaceCalendarYear } from '../../db/calendar';
import { findComplaint, workflowsWithTermsIn } from '../../db/complaints';
import { findLetter, markLetterPosted, recordLetterDelivered } from '../../db/outbox';
import { appealWindowEnd, createWorkingCalendar } from '../../domain/calendar';
import type { CaseState } from '../../domain/case';
import { documentDate } from '../../domain/document-words';
import {
  calendarLoaded,
  decide,
  escalate,
  getCase,
  letterDelivered,
  letterPosted,
} from '../../workflows/complaint-messages';
import { actedOn } from '../support/acted-on';
import { saveHistory } from '../support/case-assertions';
import { officeComplaint, portalComplaint } from '../support/complaints';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';

let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(async () => {
  await stack?.stop();
});

const DAY = 86_400_000;
const decision = { outcome: 'rejected' as const, reasoning: 'The licence conditions were not met.' };

/** The case once its appeal window is counted (a local activity after the answer's delivery). */
async function windowCounted(
  handle: ReturnType<WorkflowStack['handle']>,
  check = (c: CaseState) => !!c.stages.at(-1)?.appealDeadline,
) {
  for (let i = 0; i < 30; i++) {
    const c = await handle.query(getCase);
    if (check(c)) return c;
    await stack.env.sleep(1000);
  }
  throw new Error('the appeal window was not counted');
}

const answerLetter = (complaintId: string) =>
  stack.db
    .selectFrom('notifications')
    .select(['id', 'notification_key'])
    .where('complaint_id', '=', complaintId)
    .where('purpose', '=', 'answer')
    .where('channel', '=', 'post')
    .executeTakeFirstOrThrow();

it('counts the appeal window of a paper answer from its posting plus the postal allowance (R9, R13)', async () => {
  const filed = await stack.file(officeComplaint('akimat-almaty'));
  await filed.handle.executeUpdate(decide, { args: [decision, await actedOn(filed.handle)] });
  // 40 days without the letter leaving: the window has not begun, the case stays open.
  await stack.env.sleep(40 * DAY);
  const waiting = await filed.handle.query(getCase);
  expect(waiting.status).toBe('decided');
  expect(waiting.stages[0].answerDeliveredAt).toBeUndefined();

  const letter = await stack.db
    .selectFrom('notifications')
    .select('notification_key')
    .where('complaint_id', '=', filed.complaintId)
    .where('purpose', '=', 'answer')
    .where('channel', '=', 'post')
    .executeTakeFirstOrThrow();
  const postedAt = new Date(await stack.env.currentTimeMs()).toISOString();
  await filed.handle.signal(letterPosted, { notificationKey: letter.notification_key, postedAt });
  await stack.env.sleep(20 * DAY); // 60 days after the decision, 20 after the posting
  const delivered = await filed.handle.query(getCase);
  expect(delivered.stages[0].answerDeliveredAt).toBe(postedAt);
  // Presumed received 10 days after posting; the 30-day window of the tests runs from then.
  expect(delivered.stages[0].receiptPresumed).toBe(true);
  expect(Date.parse(delivered.stages[0].appealWindowFrom!) - Date.parse(postedAt)).toBe(10 * DAY);
  expect(Date.parse(delivered.stages[0].appealWindowEndsAt!) - Date.parse(postedAt)).toBe(40 * DAY);
  const second = await filed.handle.executeUpdate(escalate, { args: [{}, await actedOn(filed.handle, 'portal')] });
  expect(second.bodyId).toBe('qcb-almaty');
  const event = await stack.db
    .selectFrom('complaint_events')
    .select('data')
    .where('complaint_id', '=', filed.complaintId)
    .where('kind', '=', 'answer_delivered')
    .executeTakeFirstOrThrow();
  expect(event.data).toMatchObject({ deliveredAt: postedAt });
  await filed.handle.terminate('test done');
});

it("gives the law's term in calendar months from an electronic answer, then closes; later appeals are refused", async () => {
  const complaintId = randomUUID();
  const receivedAt = new Date(await stack.env.currentTimeMs());
  await fileComplaint(stack.env.client, {
    complaintId,
    complaint: portalComplaint('con-almaty'),
    receivedAt,
    appealWindowDays: 0,
    appealWindowMonths: 3,
    taskQueue: stack.taskQueue,
  });
  const handle = stack.handle(complaintId);
  await handle.executeUpdate(decide, { args: [decision, await actedOn(handle)] });
  await stack.env.sleep(80 * DAY);
  const open = await handle.query(getCase);
  expect(open.status).toBe('decided');
  const months = (a: string, b: string) =>
    (new Date(b).getUTCFullYear() - new Date(a).getUTCFullYear()) * 12 +
    new Date(b).getUTCMonth() -
    new Date(a).getUTCMonth();
  expect(months(open.stages[0].answerDeliveredAt!, open.stages[0].appealWindowEndsAt!)).toBe(3);
  await stack.env.sleep(15 * DAY);
  expect((await handle.result()).status).toBe('closed');
  // The case is closed: an escalation now reaches no running workflow (the API answers 409 case_closed).
  await expect(handle.executeUpdate(escalate, { args: [{}, await actedOn(handle, 'portal')] })).rejects.toThrow();
  await saveHistory('decided-window-in-months-closed', handle);
});

it('ends the window at 24:00 Almaty of a last day that is a working day, and tells the complainant that day (R9, R13)', async () => {
  const complaintId = randomUUID();
  await fileComplaint(stack.env.client, {
    complaintId,
    complaint: portalComplaint('akimat-almaty'),
    receivedAt: new Date(await stack.env.currentTimeMs()),
    appealWindowDays: 0,
    appealWindowMonths: 3,
    taskQueue: stack.taskQueue,
  });
  const handle = stack.handle(complaintId);
  const record = await handle.executeUpdate(decide, { args: [decision, await actedOn(handle)] });
  const s = (await windowCounted(handle)).stages[0];
  const calendar = createWorkingCalendar(await loadCalendarData(stack.db));
  const expected = appealWindowEnd(new Date(record.decidedAt), { months: 3, days: 0 }, calendar);
  expect(s.appealDeadline).toBe(expected.lastDay);
  expect(calendar.isWorkingDay(s.appealDeadline!)).toBe(true);
  expect(s.appealWindowEndsAt).toBe(`${expected.endsAt.toISOString().slice(0, 10)}T19:00:00.000Z`);
  expect(s.appealWindowEndsAt).toBe(expected.endsAt.toISOString());

  // The case JSON and the answer in the cabinet name the last day.
  const view = complaintView((await findComplaint(stack.db, complaintId))!);
  expect(view).toMatchObject({ appealDeadline: s.appealDeadline, appealWindowEndsAt: s.appealWindowEndsAt });
  expect(view.stages[0]).toMatchObject({ appealDeadline: s.appealDeadline });
  const notice = await stack.db
    .selectFrom('notifications')
    .select(['text_kk', 'text_ru'])
    .where('complaint_id', '=', complaintId)
    .where('purpose', '=', 'answer')
    .where('channel', '=', 'cabinet')
    .executeTakeFirstOrThrow();
  expect(notice.text_ru).toContain(`по ${documentDate(s.appealDeadline!)} включительно`);
  expect(notice.text_kk).toContain(`${documentDate(s.appealDeadline!)} қоса алғанда`);

  // 16:00 Almaty on the last day: still in time.
  await stack.env.sleep(Date.parse(`${s.appealDeadline}T11:00:00Z`) - (await stack.env.currentTimeMs()));
  expect((await handle.query(getCase)).status).toBe('decided');
  const second = await handle.executeUpdate(escalate, { args: [{}, await actedOn(handle, 'portal')] });
  expect(second.bodyId).toBe('qcb-almaty');
  await handle.terminate('test done');
});

it('counts the window again from the receipt the post room records, never ending it earlier (R9, R13)', async () => {
  const filed = await stack.file(officeComplaint('akimat-almaty'));
  await filed.handle.executeUpdate(decide, { args: [decision, await actedOn(filed.handle)] });
  await windowCounted(filed.handle, (c) => c.stages[0].answerLetters !== undefined);
  const letter = await answerLetter(filed.complaintId);
  const posted = await stack.env.currentTimeMs();
  const postedAt = new Date(posted).toISOString();
  await markLetterPosted(stack.db, letter.id, 'RR123456789KZ', new Date(posted));
  await filed.handle.signal(letterPosted, { notificationKey: letter.notification_key, postedAt });
  const presumed = (await windowCounted(filed.handle)).stages[0];
  expect(presumed.appealWindowEndsAt).toBe(new Date(posted + 40 * DAY).toISOString());

  // The return receipt, recorded 15 days later: received on the 12th day after posting.
  await stack.env.sleep(15 * DAY);
  const deliveredAt = new Date(posted + 12 * DAY);
  const recorded = await recordLetterDelivered(stack.db, letter.id, deliveredAt);
  expect(recorded).toMatchObject({ outcome: 'delivered' });
  expect(await recordLetterDelivered(stack.db, letter.id, new Date(posted + DAY))).toMatchObject({
    outcome: 'delivered_at_another_time',
  });
  expect((await findLetter(stack.db, letter.id))?.status).toBe('posted');
  await filed.handle.signal(letterDelivered, {
    notificationKey: letter.notification_key,
    deliveredAt: deliveredAt.toISOString(),
  });
  const received = (await windowCounted(filed.handle, (c) => c.stages[0].receiptPresumed === false)).stages[0];
  expect(received.appealWindowFrom).toBe(deliveredAt.toISOString());
  expect(received.appealWindowEndsAt).toBe(new Date(posted + 42 * DAY).toISOString());
  const view = complaintView((await findComplaint(stack.db, filed.complaintId))!);
  expect(view.appealWindowEndsAt).toBe(received.appealWindowEndsAt);

  await stack.env.sleep(posted + 41 * DAY - (await stack.env.currentTimeMs()));
  expect((await filed.handle.query(getCase)).status).toBe('decided');
  await stack.env.sleep(2 * DAY);
  expect((await filed.handle.result()).status).toBe('closed');
  await saveHistory('posted-answer-received-closed', filed.handle);
});

it('counts the window again when a calendar correction makes its last day a day off (R9, R13)', async () => {
  const complaintId = randomUUID();
  await fileComplaint(stack.env.client, {
    complaintId,
    complaint: portalComplaint('akimat-almaty'),
    receivedAt: new Date(await stack.env.currentTimeMs()),
    appealWindowDays: 0,
    appealWindowMonths: 3,
    taskQueue: stack.taskQueue,
  });
  const handle = stack.handle(complaintId);
  const record = await handle.executeUpdate(decide, { args: [decision, await actedOn(handle)] });
  const before = (await windowCounted(handle)).stages[0];
  const lastDay = before.appealDeadline!;
  const year = Number(lastDay.slice(0, 4));
  const loaded = await findCalendarYear(stack.db, year);
  const corrected = [...loaded.days, { date: lastDay, kind: 'transferred_day_off' as const, name: 'Transfer order' }];
  await replaceCalendarYear(stack.db, year, corrected, 'test');
  try {
    expect(await workflowsWithTermsIn(stack.db, year)).toContain(`complaint-${complaintId}`);
    await handle.signal(calendarLoaded, { year });
    const after = (await windowCounted(handle, (c) => c.stages[0].appealDeadline !== lastDay)).stages[0];
    const calendar = createWorkingCalendar(await loadCalendarData(stack.db));
    const expected = appealWindowEnd(new Date(record.decidedAt), { months: 3, days: 0 }, calendar);
    expect(after.appealDeadline).toBe(expected.lastDay);
    expect(after.appealDeadline! > lastDay).toBe(true);
    expect(after.appealWindowEndsAt).toBe(expected.endsAt.toISOString());
    const view = complaintView((await findComplaint(stack.db, complaintId))!);
    expect(view.appealDeadline).toBe(after.appealDeadline);
    await stack.env.sleep(Date.parse(after.appealWindowEndsAt!) - (await stack.env.currentTimeMs()) + 1000);
    expect((await handle.result()).status).toBe('closed');
  } finally {
    if (loaded.hasData) await replaceCalendarYear(stack.db, year, loaded.days, 'test');
  }
  await saveHistory('decided-appeal-window-recounted-closed', handle);
});
