import { findCalendarYear, replaceCalendarYear } from '../../db/calendar';
import { workflowsWithTermsIn } from '../../db/complaints';
import { rulesForYear } from '../../domain/calendar';
import { calendarLoaded, decide, getCase } from '../../workflows/complaint-messages';
import { actedOn } from '../support/acted-on';
import { expectRegisterAgrees, saveHistory } from '../support/case-assertions';
import { portalComplaint } from '../support/complaints';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';

// A term counted without the year's calendar is recounted when the year is
// loaded; the workflow then waits for the new end (the saved history covers the signal).
let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(async () => {
  await stack?.stop();
});

it('recounts a term counted without the calendar once its year is loaded, and waits for the new end', async () => {
  // Tuesday 2 May 2028: five working days by the rules end on 11 May, with Kurban Ait (Friday 5 May) on 12 May.
  const filed = await stack.file(portalComplaint('con-almaty'), new Date('2028-05-02T05:00:00Z'));
  expect(filed).toMatchObject({ deadline: '2028-05-11T19:00:00.000Z', calendarHasData: false });

  await filed.handle.signal(calendarLoaded, { year: 2028 }); // nothing loaded yet: the same term
  await replaceCalendarYear(
    stack.db,
    2028,
    [...rulesForYear(2028), { date: '2028-05-05', kind: 'holiday', name: 'Kurban Ait' }],
    'test',
  );
  await filed.handle.signal(calendarLoaded, { year: 2028 });
  let stage = (await filed.handle.query(getCase)).stages[0];
  for (let i = 0; i < 50 && stage.calendarHasData !== true; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    stage = (await filed.handle.query(getCase)).stages[0];
  }
  expect(stage).toMatchObject({ deadline: '2028-05-12T19:00:00.000Z', calendarHasData: true, overdue: false });
  await expectRegisterAgrees(stack.db, filed.handle);

  await filed.handle.executeUpdate(decide, {
    args: [{ outcome: 'satisfied', reasoning: 'The certificate was issued.' }, await actedOn(filed.handle)],
  });
  await stack.env.sleep(31 * 86_400_000);
  expect((await filed.handle.result()).status).toBe('closed');
  await saveHistory('calendar-recounted-closed', filed.handle);
});

it('recounts a term when a loaded year is corrected, and clears the overdue mark a later end undoes (R8, R10)', async () => {
  // 2029 loaded; Monday 4 June 2029: five working days end on Monday 11 June. (A year after the
  // other tests' cases: the test server's clock is wherever they left it.)
  await replaceCalendarYear(stack.db, 2029, rulesForYear(2029), 'test');
  const filed = await stack.file(portalComplaint('con-almaty'), new Date('2029-06-04T05:00:00Z'));
  expect(filed).toMatchObject({ deadline: '2029-06-11T19:00:00.000Z', calendarHasData: true });
  await stack.env.sleep(Date.parse('2029-06-12T01:00:00Z') - (await stack.env.currentTimeMs()));
  expect((await filed.handle.query(getCase)).stages[0].overdue).toBe(true);

  // A transfer order makes Thursday 7 June a day off: the term ends on Tuesday 12 June, still ahead.
  await replaceCalendarYear(
    stack.db,
    2029,
    [...rulesForYear(2029), { date: '2029-06-07', kind: 'transferred_day_off', name: 'Transfer order' }],
    'test',
  );
  expect(await workflowsWithTermsIn(stack.db, 2029)).toContain(`complaint-${filed.complaintId}`);
  expect(await workflowsWithTermsIn(stack.db, 2030)).not.toContain(`complaint-${filed.complaintId}`);
  await filed.handle.signal(calendarLoaded, { year: 2029 });
  let stage = (await filed.handle.query(getCase)).stages[0];
  for (let i = 0; i < 50 && stage.overdue; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    stage = (await filed.handle.query(getCase)).stages[0];
  }
  expect(stage).toMatchObject({ deadline: '2029-06-12T19:00:00.000Z', calendarHasData: true, overdue: false });
  await expectRegisterAgrees(stack.db, filed.handle);
  const row = await stack.db
    .selectFrom('complaints')
    .select('overdue')
    .where('id', '=', filed.complaintId)
    .executeTakeFirstOrThrow();
  expect(row.overdue).toBe(false);

  await filed.handle.executeUpdate(decide, {
    args: [{ outcome: 'satisfied', reasoning: 'The certificate was issued.' }, await actedOn(filed.handle)],
  });
  await stack.env.sleep(31 * 86_400_000);
  expect((await filed.handle.result()).status).toBe('closed');
  await saveHistory('calendar-corrected-overdue-cleared-closed', filed.handle);
});

it("marks a derived day as an estimate: 2027's Kurban Ait, and only it among the published days", async () => {
  const year = await findCalendarYear(stack.db, 2027);
  expect(year.days.filter((d) => d.estimate)).toEqual([
    expect.objectContaining({ date: '2027-05-16', kind: 'holiday', estimate: true }),
  ]);
  expect((await findCalendarYear(stack.db, 2026)).days.some((d) => d.estimate)).toBe(false);
  // A year replaced through PUT keeps what it says.
  await replaceCalendarYear(
    stack.db,
    2030,
    [{ date: '2030-04-13', kind: 'holiday', name: 'Kurban Ait', estimate: true }],
    'test',
  );
  expect((await findCalendarYear(stack.db, 2030)).days).toEqual([
    { date: '2030-04-13', kind: 'holiday', name: 'Kurban Ait', estimate: true },
  ]);
});
