// The SLA dashboard's figures per body and month (R8, R10, R11, R9): counts, and the median and
// 90th percentile of working days from registration to the answer.
import { createWorkingCalendar } from '../../domain/calendar';
import { percentile, slaByBodyAndMonth, type StageForSla } from '../../domain/sla-figures';

const calendar = createWorkingCalendar({ years: [], days: [] }); // the rules: weekends and holidays

const stage = (over: Partial<StageForSla>): StageForSla => ({
  bodyId: 'akimat-almaty',
  registeredOn: '2026-11-02', // a Monday
  deadline: new Date('2026-11-09T19:00:00Z'), // end of Monday 9 November in Almaty
  decidedAt: null,
  extendedDays: 0,
  overdue: false,
  escalated: false,
  ...over,
});

it('nearest-rank percentiles', () => {
  expect(percentile([], 0.5)).toBeNull();
  expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
  expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  expect(percentile([7], 0.9)).toBe(7);
});

it('counts each body and month of registration apart: in time, late, extended, overdue, escalated', () => {
  const months = slaByBodyAndMonth(
    [
      stage({ decidedAt: new Date('2026-11-04T06:00:00Z') }), // Wednesday: 2 working days, in time
      stage({ decidedAt: new Date('2026-11-10T06:00:00Z'), overdue: true }), // Tuesday after: 6, late
      stage({ extendedDays: 5, decidedAt: new Date('2026-11-06T06:00:00Z'), escalated: true }), // Friday: 4
      stage({ overdue: true }), // still open past its term
      stage({ registeredOn: '2026-10-30', deadline: new Date('2026-11-06T19:00:00Z') }),
      stage({ bodyId: 'qcb-almaty' }),
    ],
    calendar,
  );
  expect(months).toEqual([
    expect.objectContaining({
      bodyId: 'akimat-almaty',
      month: '2026-10',
      received: 1,
      answered: 0,
      medianWorkingDays: null,
    }),
    {
      bodyId: 'akimat-almaty',
      month: '2026-11',
      received: 4,
      answered: 3,
      answeredInTime: 2,
      extended: 1,
      overdue: 2,
      escalated: 1,
      medianWorkingDays: 4,
      p90WorkingDays: 6,
    },
    expect.objectContaining({ bodyId: 'qcb-almaty', month: '2026-11', received: 1 }),
  ]);
});

it('an answer decided after its deadline counts as overdue even when the register did not mark it', () => {
  const [m] = slaByBodyAndMonth([stage({ decidedAt: new Date('2026-11-12T06:00:00Z') })], calendar);
  expect(m).toMatchObject({ answeredInTime: 0, overdue: 1, medianWorkingDays: 8 });
});
