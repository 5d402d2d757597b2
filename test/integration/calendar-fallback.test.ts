import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { fileComplaint } from '../../api/complaint-client';
import { rulesForYear } from '../../domain/calendar';
import { eventually } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { portalComplaint } from '../support/complaints';

// A term counted in a year without the official calendar (2028 here) ignores
// Kurban Ait and may end a day early. The case, the receipt, the timeline, the list and a metric
// say so, and loading the year recounts the term of every open case so counted.
let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(async () => {
  await stack?.stop();
});

const as = (key: string) => ({ Authorization: `Bearer ${key}` });
/** Kurban Ait 2028 (10 Dhu al-Hijjah 1449), a Friday: known only from the year's published data. */
const KURBAN_AIT_2028 = { date: '2028-05-05', kind: 'holiday' as const, name: 'Kurban Ait' };

it('marks a term counted without the calendar everywhere, and recounts it when the year is loaded', async () => {
  const complaintId = randomUUID();
  // Received on Tuesday 2 May 2028. By the rules alone the five working days are 3, 4, 5, 10 and
  // 11 May (7 May Defender's Day on a Sunday moves to Monday 8 May; 9 May Victory Day); with
  // Kurban Ait on Friday 5 May they are 3, 4, 10, 11 and 12 May.
  const receipt = await fileComplaint(stack.client, {
    complaintId,
    complaint: portalComplaint('con-almaty'),
    receivedAt: new Date('2028-05-02T05:00:00Z'),
    appealWindowDays: 30,
    taskQueue: stack.taskQueue,
  });
  expect(receipt.deadline).toBe('2028-05-11T19:00:00.000Z'); // end of 11 May in Almaty
  expect(receipt.calendarHasData).toBe(false);

  const official = as(stack.keys['official:con-almaty']);
  const view = await request(stack.app).get(`/v1/complaints/${complaintId}`).set(official);
  expect(view.body).toMatchObject({ calendarHasData: false, stages: [{ calendarHasData: false }] });
  const flagged = await request(stack.app).get('/v1/complaints?calendarHasData=false').set(official);
  expect(flagged.body.items.map((c: { id: string }) => c.id)).toEqual([complaintId]);
  const counted = await request(stack.app).get('/v1/complaints?calendarHasData=true').set(official);
  expect(counted.body.items.map((c: { id: string }) => c.id)).not.toContain(complaintId);
  const receiptPage = await request(stack.app).get(`/v1/complaints/${complaintId}/receipt?lang=ru`).set(official);
  expect(receiptPage.text).toContain('без официального производственного календаря на 2028 год');
  const timeline = await request(stack.app).get(`/v1/complaints/${complaintId}/timeline`).set(official);
  const registered = timeline.body.events.find((e: { kind: string }) => e.kind === 'registered');
  expect(registered.data).toMatchObject({ calendarHasData: false });
  expect((await request(stack.app).get('/metrics')).text).toContain(
    'complaint_terms_without_calendar{body="con-almaty"} 1',
  );

  // The admin loads 2028: the rules' days plus Kurban Ait.
  const put = await request(stack.app)
    .put('/v1/calendar/2028')
    .set(as(stack.keys.admin))
    .send({ days: [...rulesForYear(2028), KURBAN_AIT_2028] });
  expect(put.status).toBe(200);
  expect(put.body.termsToRecount).toBe(1);

  const recounted = await eventually(async () => {
    const r = await request(stack.app).get(`/v1/complaints/${complaintId}`).set(official);
    return r.body.calendarHasData === true ? r.body : undefined;
  }, 'the term recounted');
  expect(recounted.deadline).toBe('2028-05-12T19:00:00.000Z');
  expect(recounted.stages[0]).toMatchObject({ calendarHasData: true, deadline: '2028-05-12T19:00:00.000Z' });
  const after = await request(stack.app).get(`/v1/complaints/${complaintId}/timeline`).set(official);
  expect(after.body.events.find((e: { kind: string }) => e.kind === 'deadline_recounted')?.data).toEqual({
    from: '2028-05-11T19:00:00.000Z',
    deadline: '2028-05-12T19:00:00.000Z',
    calendarHasData: true,
  });
  // The workflow counts from the new term too: its query shows it.
  const state = await eventually(async () => {
    const s = await stack.client.workflow.getHandle(`complaint-${complaintId}`).query('getCase');
    return (s as { stages: { deadline: string }[] }).stages[0].deadline === '2028-05-12T19:00:00.000Z' ? s : undefined;
  }, 'the workflow has the new term');
  expect(state).toBeDefined();
  expect((await request(stack.app).get('/metrics')).text).not.toContain(
    'complaint_terms_without_calendar{body="con-almaty"}',
  );
}, 120_000);
