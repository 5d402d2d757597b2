// PUT /v1/calendar/:year replaces the year every term is counted in (R8, R10): the year is four
// digits and nothing else, and a year that leaves out a fixed holiday or has a month without a
// working day is loaded only when the admin confirms it.
import request from 'supertest';
import { fixedHolidays, type CalendarDay } from '../../domain/calendar';
import { startApiStack, type ApiStack } from '../support/api-stack';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(async () => {
  await stack?.stop();
});

const as = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });
const put = (year: string, body: object) => request(stack.app).put(`/v1/calendar/${year}`).set(as('admin')).send(body);
const daysOf = async (year: number) =>
  (await request(stack.app).get(`/v1/calendar/${year}`).set(as('auditor'))).body.days as CalendarDay[];

/** Every weekday of February 2030 made a day off by "transfers". */
const februaryOff: CalendarDay[] = Array.from({ length: 28 }, (_, i) => `2030-02-${String(i + 1).padStart(2, '0')}`)
  .filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))
  .map((date) => ({ date, kind: 'transferred_day_off', name: 'a transfer' }));

it.each(['0x7EA', '%202026', '2026%20', '+2026', '2026.0', '02026', '1999'])(
  'refuses the year %s: four digits from 2000 to 2100 only, and the loaded year is left as it was',
  async (year) => {
    const before = await daysOf(2026);
    expect(before.length).toBeGreaterThan(10);
    const res = await put(year, { days: [] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', details: [{ path: 'params.year' }] });
    expect(await daysOf(2026)).toEqual(before);
  },
);

it('refuses a year that leaves out the holidays fixed by law, naming them, unless confirmed', async () => {
  const before = await daysOf(2026);
  const withoutNauryz = before.filter((d) => d.date !== '2026-03-22');
  const refused = await put('2026', { days: withoutNauryz });
  expect(refused.status).toBe(422);
  expect(refused.body.error.code).toBe('unusual_calendar');
  expect(refused.body.error.details).toEqual([
    { path: 'body.days', message: expect.stringContaining('2026-03-22 (Nauryz meiramy)') },
  ]);
  expect(await daysOf(2026)).toEqual(before);
  const emptied = await put('2026', { days: [] });
  expect(emptied.status).toBe(422);
  expect(emptied.body.error.message).toMatch(/2026-01-01.*2026-12-16/);

  const confirmed = await put('2026', { days: withoutNauryz, confirmUnusual: true });
  expect(confirmed.status).toBe(200);
  expect(await daysOf(2026)).toHaveLength(before.length - 1);
  expect((await put('2026', { days: before })).status).toBe(200);
});

it('refuses a year with a month without a working day, unless confirmed', async () => {
  const days = [...fixedHolidays(2030), ...februaryOff];
  const refused = await put('2030', { days });
  expect(refused.status).toBe(422);
  expect(refused.body.error).toMatchObject({
    code: 'unusual_calendar',
    details: [{ path: 'body.days', message: 'has no working day in 2030-02' }],
  });
  expect((await put('2030', { days, confirmUnusual: true })).status).toBe(200);
  expect((await put('2030', { days: fixedHolidays(2030) })).status).toBe(200);
});
