import { sql } from 'kysely';
import type { Db } from './database';
import type { Body, ReviewStageRow } from './schema';
import { eventRow, type TimelineEvent } from './timeline';

/** A review stage to register: everything but its incoming number, which the statement draws. */
export interface StageToRegister {
  complaintId: string;
  stage: number;
  body: Pick<Body, 'id' | 'code' | 'review_term_days'>;
  receivedAt: string;
  registeredOn: string;
  deadline: Date;
  calendarHasData: boolean;
  receivedBy: string | null;
  answerPlace: string;
  /** With the first stage the case row is created; a later stage updates it. */
  newCase?: {
    workflowId: string;
    channel: string;
    form: string;
    complainantId: string;
    filedBy: string | null;
    input: string;
  };
  /** The marks `delivered` and `registered`; each gets `incomingNumber` added to its data. */
  marks: TimelineEvent[];
}

/**
 * Registration (R3, R4) as one statement, so atomic without a transaction and one round trip:
 * the body's counter for the year is incremented (its row locked only until this statement
 * commits), the number `<code>-<year>-<NNNNNN>` made from it, and the case row, the stage and the
 * marks written with it. A retry of a committed stage fails on the stage's primary key (23505)
 * and nothing of it stays, number included: numbers stay gap-free.
 */
export async function insertRegisteredStage(db: Db, s: StageToRegister): Promise<ReviewStageRow> {
  // Numbers run per body and per year of registration.
  const year = Number(s.registeredOn.slice(0, 4));
  const numbered = (column: 'incoming_number' | 'sequence') => sql<never>`(select ${sql.ref(column)} from numbered)`;
  const caseColumns = {
    status: 'under_review',
    stage: s.stage,
    reviewing_body_id: s.body.id,
    incoming_number: numbered('incoming_number'),
    registered_on: s.registeredOn,
    deadline: s.deadline,
    calendar_has_data: s.calendarHasData,
    overdue: false,
    extended_days: 0,
    assigned_to: null,
    outcome: null,
    decided_at: null,
    updated_at: new Date(),
  };
  const { newCase } = s;
  return db
    .with('counter', (q) =>
      q
        .insertInto('registration_counters')
        .values({ body_id: s.body.id, year, last_number: 1 })
        .onConflict((oc) =>
          oc
            .columns(['body_id', 'year'])
            .doUpdateSet((eb) => ({ last_number: eb('registration_counters.last_number', '+', 1) })),
        )
        .returning('last_number'),
    )
    .with('numbered', (q) =>
      q.selectFrom('counter').select([
        'last_number as sequence',
        sql<string>`${s.body.code}::text || '-' || ${String(year)}::text || '-' ||
            lpad(last_number::text, greatest(6, length(last_number::text)), '0')`.as('incoming_number'),
      ]),
    )
    .with('kase', (q) =>
      newCase
        ? q
            .insertInto('complaints')
            .values({
              id: s.complaintId,
              workflow_id: newCase.workflowId,
              channel: newCase.channel,
              form: newCase.form,
              complainant_id: newCase.complainantId,
              filed_by: newCase.filedBy,
              input: newCase.input,
              received_at: s.receivedAt,
              ...caseColumns,
            })
            .returning('id')
        : q.updateTable('complaints').set(caseColumns).where('id', '=', s.complaintId).returning('id'),
    )
    .with('marks', (q) =>
      q
        .insertInto('complaint_events')
        .values(
          s.marks.map((event) => ({
            ...eventRow(event),
            data: sql<never>`${JSON.stringify(event.data ?? {})}::jsonb ||
              jsonb_build_object('incomingNumber', (select incoming_number from numbered))`,
          })),
        )
        .onConflict((oc) => oc.columns(['complaint_id', 'event_key']).doNothing())
        .returning('id'),
    )
    .insertInto('review_stages')
    .values({
      complaint_id: s.complaintId,
      stage: s.stage,
      body_id: s.body.id,
      incoming_number: numbered('incoming_number'),
      year,
      sequence: numbered('sequence'),
      received_at: s.receivedAt,
      registered_on: s.registeredOn,
      review_term_days: s.body.review_term_days,
      deadline: s.deadline,
      calendar_has_data: s.calendarHasData,
      received_by: s.receivedBy,
      answer_place: s.answerPlace,
      decision: null,
      decided_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A stage registered before (a retried registration's answer), with the case's channel. */
export function findRegisteredStage(
  db: Db,
  complaintId: string,
  stage: number,
): Promise<(ReviewStageRow & { channel: string }) | undefined> {
  return db
    .selectFrom('review_stages')
    .innerJoin('complaints', 'complaints.id', 'review_stages.complaint_id')
    .selectAll('review_stages')
    .select('complaints.channel')
    .where('review_stages.complaint_id', '=', complaintId)
    .where('review_stages.stage', '=', stage)
    .executeTakeFirst();
}

/** How a registered case came in: its channel and form (a later stage is registered from them). */
export function caseChannelAndForm(db: Db, complaintId: string): Promise<{ channel: string; form: string }> {
  return db
    .selectFrom('complaints')
    .select(['channel', 'form'])
    .where('id', '=', complaintId)
    .executeTakeFirstOrThrow();
}
