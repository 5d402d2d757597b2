import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileTransport } from '../../activities';
import { sendOverdueDigests } from '../../activities/overdue-digest';
import { fileComplaint } from '../../api/complaint-client';
import { digestsOfDay } from '../../db/head-digests';
import { complaintWorkflowId, decide } from '../../workflows/complaint-messages';
import { OVERDUE_DIGEST_SCHEDULE_ID, ensureOverdueDigestSchedule } from '../../worker/overdue-digest-schedule';
import { actedOn } from '../support/acted-on';
import { eventually } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { portalComplaint } from '../support/complaints';

// R1: the head of a body hears of the body's overdue cases once a day, in one message per channel
// that lists them, however many cases went overdue at the same instant.
let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** The digests' days, pinned: the register's overdue marks are what the digest reads, not the clock. */
const DAY = '2026-12-03';
const at = (day: string) => `${day}T04:00:00.000Z`; // 09:00 in Almaty

async function fileOverdue(bodyId: string) {
  const complaintId = randomUUID();
  const receipt = await fileComplaint(stack.client, {
    complaintId,
    complaint: portalComplaint(bodyId),
    receivedAt: new Date(Date.now() - 30 * 86_400_000), // its term long past: overdue at once
    appealWindowDays: 30,
    taskQueue: stack.taskQueue,
  });
  await eventually(async () => {
    const row = await stack.db
      .selectFrom('complaints')
      .select('overdue')
      .where('id', '=', complaintId)
      .executeTakeFirst();
    return row?.overdue ? true : undefined;
  }, 'the case marked overdue');
  return { complaintId, incomingNumber: receipt.incomingNumber };
}

it('sends each head one digest a day listing the cases gone overdue, once however often it runs', async () => {
  const transport = fileTransport(stack.outboxDir);
  const atCon = [await fileOverdue('con-almaty'), await fileOverdue('con-almaty'), await fileOverdue('con-almaty')];
  const atGov = await fileOverdue('gov4c');
  // Decided before the digest: nothing left for the head to act on.
  const decided = await fileOverdue('con-almaty');
  const handle = stack.client.workflow.getHandle(complaintWorkflowId(decided.complaintId));
  await handle.executeUpdate(decide, {
    args: [
      { outcome: 'rejected', reasoning: 'The service was provided in time.', decidedBy: 'Ахметова Г.К.' },
      await actedOn(handle),
    ],
  });

  const first = await sendOverdueDigests(stack.db, transport, { at: at(DAY) });
  expect(first).toEqual({ day: DAY, bodies: 2, cases: 4, sent: 4 });
  const rows = await digestsOfDay(stack.db, DAY);
  expect(rows.map((r) => `${r.body_id}:${r.channel}:${r.case_count}:${r.status}`)).toEqual([
    'con-almaty:email:3:sent',
    'con-almaty:sms:3:sent',
    'gov4c:email:1:sent',
    'gov4c:sms:1:sent',
  ]);
  const email = rows[0];
  for (const c of atCon) {
    expect(email.text_ru).toContain(`№ ${c.incomingNumber}`);
    expect(email.text_kk).toContain(`№ ${c.incomingNumber}`);
  }
  expect(email.text_ru).not.toContain(decided.incomingNumber);
  expect(email.text_ru).toMatch(/^03\.12\.2026: жалобы, срок рассмотрения которых истёк без решения .* — 3\. /);
  expect(rows[2].text_ru).toContain(atGov.incomingNumber);
  // One file per body and channel in the outbox: four messages, not one per case.
  const sent = readdirSync(stack.outboxDir).filter((f) => f.startsWith('digest-'));
  expect(sent.sort()).toEqual([
    `digest-con-almaty-${DAY}-email.json`,
    `digest-con-almaty-${DAY}-sms.json`,
    `digest-gov4c-${DAY}-email.json`,
    `digest-gov4c-${DAY}-sms.json`,
  ]);
  expect(JSON.parse(readFileSync(join(stack.outboxDir, sent[0]), 'utf8'))).toMatchObject({
    to: 'head@con-almaty.example.kz',
    subject: 'head_digest',
  });

  // A retry, or a second run the same day, sends nothing again; a case gone overdue after the
  // day's digest waits for the next day's.
  expect(await sendOverdueDigests(stack.db, transport, { at: at(DAY) })).toEqual({
    day: DAY,
    bodies: 0,
    cases: 0,
    sent: 0,
  });
  const later = await fileOverdue('con-almaty');
  expect(await sendOverdueDigests(stack.db, transport, { at: `${DAY}T12:00:00.000Z` })).toMatchObject({ cases: 0 });
  const next = await sendOverdueDigests(stack.db, transport, { at: at('2026-12-04') });
  expect(next).toEqual({ day: '2026-12-04', bodies: 1, cases: 1, sent: 2 });
  const nextRows = await digestsOfDay(stack.db, '2026-12-04');
  expect(nextRows.map((r) => `${r.body_id}:${r.channel}:${r.case_count}`)).toEqual([
    'con-almaty:email:1',
    'con-almaty:sms:1',
  ]);
  expect(nextRows[0].text_ru).toContain(later.incomingNumber);
  expect(nextRows[0].text_ru).not.toContain(atCon[0].incomingNumber);
  expect((await digestsOfDay(stack.db, DAY)).every((r) => r.attempts === 1)).toBe(true);
}, 120_000);

it('keeps one daily digest schedule at 09:00 in Almaty, brought up to date when ensured again', async () => {
  await ensureOverdueDigestSchedule(stack.client, 'an-old-task-queue');
  await ensureOverdueDigestSchedule(stack.client, stack.taskQueue);
  const handle = stack.client.schedule.getHandle(OVERDUE_DIGEST_SCHEDULE_ID);
  try {
    const schedule = await handle.describe();
    expect(schedule.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'overdueDigestWorkflow',
      taskQueue: stack.taskQueue,
    });
    expect(schedule.policies.overlap).toBe('SKIP');
    // Daily at 04:00 UTC, i.e. 09:00 at UTC+5.
    const next = schedule.info.nextActionTimes;
    expect(next.length).toBeGreaterThanOrEqual(2);
    for (const t of next) expect(t.toISOString()).toMatch(/T04:00:00\.000Z$/);
    expect(next[1].getTime() - next[0].getTime()).toBe(86_400_000);
  } finally {
    await handle.delete();
  }
});
