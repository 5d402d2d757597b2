// The SLA figures as the register groups the stages (db/sla-stages.ts): each
// stage counted once in its group, late answers counted overdue although the register did not
// mark them, working days from the Almaty day of the answer, and a later stage an escalation only
// when the case was not forwarded (R8, R9, R10, R11).
import type { Db } from '../../db/database';
import { escalatedStages, slaStages } from '../../db/sla-stages';
import { createWorkingCalendar } from '../../domain/calendar';
import { slaByBody, slaByBodyAndMonth } from '../../domain/sla-figures';
import { portalComplaint } from '../support/complaints';
import { insertCaseRow } from '../support/register-rows';
import { createTestDatabase } from '../support/test-database';

let db: Db;
const calendar = createWorkingCalendar({ years: [], days: [] });
const NOW = new Date('2026-11-20T06:00:00Z');
// Registered Monday 2 November 2026; the term ends at 24:00 Almaty on Monday 9 November.
const DEADLINE = new Date('2026-11-09T19:00:00Z');

interface Stage {
  decidedAt?: string;
  extendedDays?: number;
  overdue?: boolean;
  /** The case went on to a second stage, by appeal or by forwarding. */
  next?: 'appeal' | 'forwarded';
}

async function insertCase(n: number, stage: Stage): Promise<void> {
  const number = `SLA-2026-${String(n).padStart(6, '0')}`;
  const id = await insertCaseRow(db, {
    input: JSON.stringify(portalComplaint('akimat-almaty')),
    status: stage.next ? 'under_review' : stage.decidedAt ? 'decided' : 'under_review',
    stage: stage.next ? 2 : 1,
    reviewing_body_id: stage.next ? 'qcb-almaty' : 'akimat-almaty',
    incoming_number: number,
    deadline: DEADLINE,
  });
  await db
    .insertInto('review_stages')
    .values({
      complaint_id: id,
      stage: 1,
      body_id: 'akimat-almaty',
      incoming_number: number,
      year: 2026,
      sequence: n,
      received_at: '2026-11-02T04:00:00Z',
      registered_on: '2026-11-02',
      review_term_days: 5,
      deadline: DEADLINE,
      answer_place: 'cabinet',
      extended_days: stage.extendedDays ?? 0,
      overdue: stage.overdue ?? false,
      decided_at: stage.decidedAt ?? null,
    })
    .execute();
  if (stage.next) {
    await db
      .insertInto('review_stages')
      .values({
        complaint_id: id,
        stage: 2,
        body_id: 'qcb-almaty',
        incoming_number: `QCB-2026-${String(n).padStart(6, '0')}`,
        year: 2026,
        sequence: 1000 + n,
        received_at: '2026-11-10T04:00:00Z',
        registered_on: '2026-11-10',
        review_term_days: 15,
        deadline: new Date('2026-12-01T19:00:00Z'),
        answer_place: 'cabinet',
      })
      .execute();
  }
  if (stage.next === 'forwarded') {
    await db
      .insertInto('complaint_events')
      .values({ complaint_id: id, event_key: 's1-redirected', stage: 1, kind: 'redirected', at: NOW, data: '{}' })
      .execute();
  }
}

beforeAll(async () => {
  ({ db } = await createTestDatabase());
  const cases: Stage[] = [
    { decidedAt: '2026-11-04T06:00:00Z' }, // Wednesday: 2 working days, in time
    { decidedAt: '2026-11-04T06:00:00Z' }, // the same group
    { decidedAt: '2026-11-04T06:00:00Z' }, // and again
    { decidedAt: '2026-11-10T06:00:00Z' }, // Tuesday after: 6 working days, late, not marked
    { decidedAt: '2026-11-05T20:00:00Z' }, // Friday 6 November 01:00 in Almaty: 4 working days
    { extendedDays: 5, decidedAt: '2026-11-06T06:00:00Z', next: 'appeal' }, // extended, then appealed
    { decidedAt: '2026-11-06T06:00:00Z', next: 'forwarded' }, // forwarded: not an escalation
    { overdue: true }, // still open past its term
    {}, // open, its term passed: overdue now
  ];
  for (const [i, c] of cases.entries()) await insertCase(i + 1, c);
});

afterAll(async () => {
  await db?.destroy();
});

it('groups the stages that count alike and counts each of them once', async () => {
  const groups = await slaStages(db, { bodyId: 'akimat-almaty' }, NOW);
  expect(groups.reduce((n, g) => n + g.count, 0)).toBe(9);
  expect(groups).toContainEqual(
    expect.objectContaining({ decidedOn: '2026-11-04', decidedInTime: true, overdue: false, count: 3 }),
  );
  const [month] = slaByBodyAndMonth(groups, calendar, await escalatedStages(db, { bodyId: 'akimat-almaty' }));
  expect(month).toEqual({
    bodyId: 'akimat-almaty',
    month: '2026-11',
    received: 9,
    answered: 7,
    answeredInTime: 6,
    extended: 1,
    overdue: 3,
    escalated: 1,
    medianWorkingDays: 4, // of 2, 2, 2, 4, 4, 4, 6
    p90WorkingDays: 6,
  });
});

it('the report counts working days to each decision from its day in Almaty, and what is overdue now', async () => {
  const groups = await slaStages(db, { bodyId: 'akimat-almaty' }, NOW);
  expect(slaByBody(groups, calendar).get('akimat-almaty')).toEqual({
    cases: 9,
    decided: 7,
    decidedOnTime: 6,
    overdueNow: 2, // the stage marked overdue and the one past its term, both still under review
    extended: 1,
    averageWorkingDays: (2 + 2 + 2 + 6 + 4 + 4 + 4) / 7,
  });
});
