// The SLA dashboard's figures per body and month (R8, R10, R11, R9) and the report's per body: counts, and the median and
// 90th percentile of working days from registration to the answer, from the register's groups of
// stages that count alike (db/sla-stages.ts makes them; test/integration/sla-from-register.test.ts).
import { createWorkingCalendar } from '../../domain/calendar';
import {
  percentile,
  slaByBody,
  slaByBodyAndMonth,
  weightedPercentile,
  type StagesForSla,
} from '../../domain/sla-figures';

const calendar = createWorkingCalendar({ years: [], days: [] }); // the rules: weekends and holidays

const stages = (over: Partial<StagesForSla>): StagesForSla => ({
  bodyId: 'akimat-almaty',
  registeredOn: '2026-11-02', // a Monday
  decidedOn: null,
  decidedInTime: false,
  extended: false,
  overdue: false,
  openPastTerm: false,
  count: 1,
  ...over,
});

it('nearest-rank percentiles, of a list and of values with their counts alike', () => {
  expect(percentile([], 0.5)).toBeNull();
  expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
  expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  expect(percentile([7], 0.9)).toBe(7);
  expect(weightedPercentile(new Map(), 0.5)).toBeNull();
  const list = [1, 1, 1, 2, 5, 5, 9];
  const counts = new Map([
    [5, 2],
    [1, 3],
    [9, 1],
    [2, 1],
  ]);
  for (const p of [0.1, 0.5, 0.7, 0.9, 1]) expect(weightedPercentile(counts, p)).toBe(percentile(list, p));
});

it('counts each body and month of registration apart: in time, late, extended, overdue, escalated', () => {
  const months = slaByBodyAndMonth(
    [
      stages({ decidedOn: '2026-11-04', decidedInTime: true }), // Wednesday: 2 working days, in time
      stages({ decidedOn: '2026-11-10', overdue: true }), // Tuesday after: 6, late
      stages({ extended: true, decidedOn: '2026-11-06', decidedInTime: true }), // Friday: 4, then appealed
      stages({ overdue: true }), // still open past its term
      stages({ registeredOn: '2026-10-30' }),
      stages({ bodyId: 'qcb-almaty' }),
    ],
    calendar,
    [{ bodyId: 'akimat-almaty', registeredOn: '2026-11-02', count: 1 }],
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

it('a group of stages counts as many times as it stands for, in the counts and the percentiles', () => {
  const [m] = slaByBodyAndMonth(
    [
      stages({ decidedOn: '2026-11-04', decidedInTime: true, count: 9 }), // 2 working days
      stages({ decidedOn: '2026-11-12', overdue: true, count: 1 }), // 8 working days
    ],
    calendar,
  );
  expect(m).toMatchObject({ received: 10, answered: 10, answeredInTime: 9, overdue: 1 });
  expect(m).toMatchObject({ medianWorkingDays: 2, p90WorkingDays: 2 });
  const [late] = slaByBodyAndMonth([stages({ decidedOn: '2026-11-12', overdue: true, count: 2 })], calendar);
  expect(late).toMatchObject({ medianWorkingDays: 8, p90WorkingDays: 8 });
});

it("the report's line per body: each group counted as many times as it stands for, overdue now apart from answered late", () => {
  const bodies = slaByBody(
    [
      stages({ decidedOn: '2026-11-04', decidedInTime: true, count: 3 }), // 2 working days
      stages({ decidedOn: '2026-11-10', overdue: true }), // 6, answered late: not overdue now
      stages({ extended: true, decidedOn: '2026-11-06', decidedInTime: true }), // 4
      stages({ overdue: true, openPastTerm: true, count: 2 }), // still under review past its term
      stages({ overdue: true }), // marked overdue, then escalated: not this body's open case now
      stages({ bodyId: 'qcb-almaty' }),
    ],
    calendar,
  );
  expect(bodies.get('akimat-almaty')).toEqual({
    cases: 8,
    decided: 5,
    decidedOnTime: 4,
    overdueNow: 2,
    extended: 1,
    averageWorkingDays: (3 * 2 + 6 + 4) / 5,
  });
  expect(bodies.get('qcb-almaty')).toMatchObject({ cases: 1, decided: 0, averageWorkingDays: null });
});
