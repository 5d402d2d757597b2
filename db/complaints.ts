import { sql, type Expression, type ExpressionBuilder, type SqlBool, type Updateable } from 'kysely';
import type { Db, Queryable } from './database';
import type { ComplaintRow, ComplaintsTable, Database, ReviewStageRow } from './schema';
import { appealWindowsOf, appendEvent, type AppealWindowRecord } from './timeline';

/** An earlier case of the same complainant against the same respondent with the same demands. */
export interface EarlierCase {
  id: string;
  incomingNumber: string;
  status: string;
  registeredOn: string;
}

/** R7, R9: an appeal as the timeline holds it (`escalated` on the quality-control body's stage). */
/** What the timeline's `escalated` event records of an appeal (R7, R9); an older one has `reason` only. */
export type AppealData = {
  fromStage: number;
  fromIncomingNumber?: string;
  incomingNumber?: string;
  reasons?: string;
  demands?: string;
  signature?: Record<string, unknown>;
  reason?: string;
  by?: Record<string, unknown>;
};

export interface AppealRow {
  stage: number;
  at: Date;
  data: AppealData;
}

export interface ComplaintRecord extends ComplaintRow {
  stages: ReviewStageRow[];
  repeatOf: EarlierCase[];
  /** The appeals that opened later stages, each on the stage it opened. */
  appeals: AppealRow[];
  /** R9, R13: each answered stage's appeal window, once the answer is delivered. */
  appealWindows: Map<number, AppealWindowRecord>;
}

/** The case with its stages, and the earlier cases on the same matter that `reader` may open. */
export async function findComplaint(
  db: Db,
  id: string,
  reader: ReadScope = { all: true },
): Promise<ComplaintRecord | undefined> {
  const row = await db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [stages, repeats, appeals, appealWindows] = await Promise.all([
    db.selectFrom('review_stages').selectAll().where('complaint_id', '=', id).orderBy('stage').execute(),
    earlierCasesOnSameMatter(db, [id], reader),
    db
      .selectFrom('complaint_events')
      .select(['stage', 'at', 'data'])
      .where('complaint_id', '=', id)
      .where('kind', '=', 'escalated')
      .orderBy('stage')
      .execute(),
    appealWindowsOf(db, id),
  ]);
  return {
    ...row,
    stages,
    repeatOf: repeats.get(id) ?? [],
    appeals: appeals.map((a) => ({ stage: a.stage, at: new Date(a.at), data: a.data as AppealData })),
    appealWindows,
  };
}

/** The complaint as it was filed (the JSON of its input), for a repeated Idempotency-Key. */
export async function filedComplaintInput(db: Db, id: string): Promise<unknown | undefined> {
  const row = await db.selectFrom('complaints').select('input').where('id', '=', id).executeTakeFirst();
  return row?.input;
}

/** Changes columns of a case row that no stage repeats (the assignee, the closing); stamps `updated_at`. */
export async function updateCase(
  db: Queryable,
  complaintId: string,
  columns: Pick<Updateable<ComplaintsTable>, 'assigned_to' | 'status' | 'closed_at'>,
): Promise<void> {
  await db
    .updateTable('complaints')
    .set({ ...columns, updated_at: new Date() })
    .where('id', '=', complaintId)
    .execute();
}

/**
 * R13: a court referral of a case that closed after its appeal window (its workflow has completed):
 * the case row becomes `referred_to_court` and the referral is on the timeline of its last stage.
 * False when the case is not closed (any more): nothing is written.
 */
export async function recordCourtReferralOfClosedCase(
  db: Db,
  complaintId: string,
  stage: number,
  referral: Record<string, unknown>,
  at: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('complaints')
      .set({ status: 'referred_to_court', updated_at: at })
      .where('id', '=', complaintId)
      .where('status', '=', 'closed')
      .returning('id')
      .executeTakeFirst();
    if (!changed) return false;
    await appendEvent(trx, {
      complaintId,
      stage,
      key: 'referred-to-court-after-closing',
      kind: 'referred_to_court',
      at,
      data: referral,
    });
    return true;
  });
}

/** Cases under review past their deadline, per reviewing body (the API's `complaints_overdue` metric). */
export async function overdueCountsByBody(db: Db): Promise<{ bodyId: string; count: number }[]> {
  const rows = await db
    .selectFrom('complaints')
    .select(['reviewing_body_id', sql<string>`count(*)`.as('n')])
    .where('status', '=', 'under_review')
    .where('overdue', '=', true)
    .groupBy('reviewing_body_id')
    .execute();
  return rows.map((r) => ({ bodyId: r.reviewing_body_id, count: Number(r.n) }));
}

/**
 * For each case, the same complainant's earlier cases against the same respondent with the same
 * demands that are open or were answered (withdrawn ones are not): shown to the official, never a
 * reason to refuse by itself. Only those `reader` may open itself: another intake's filing or
 * another body's case is not even named. Digest and respondent are generated columns (migration 0008).
 */
export async function earlierCasesOnSameMatter(
  db: Db,
  ids: string[],
  reader: ReadScope = { all: true },
): Promise<Map<string, EarlierCase[]>> {
  const found = new Map<string, EarlierCase[]>();
  if (ids.length === 0) return found;
  let q = db
    .selectFrom('complaints as c')
    .innerJoin('complaints as e', (join) =>
      join
        .onRef('e.complainant_id', '=', 'c.complainant_id')
        .onRef('e.respondent_body_id', '=', 'c.respondent_body_id')
        .onRef('e.demands_digest', '=', 'c.demands_digest')
        .onRef('e.received_at', '<', 'c.received_at'),
    )
    .select(['c.id as forId', 'e.id', 'e.incoming_number', 'e.status', 'e.registered_on'])
    .where('c.id', 'in', ids)
    .where('e.status', '<>', 'withdrawn');
  if (!('all' in reader)) q = q.where(`e.${reader.column}`, '=', reader.value);
  const rows = await q.orderBy('e.received_at').orderBy('e.id').execute();
  for (const r of rows) {
    const list = found.get(r.forId) ?? [];
    list.push({ id: r.id, incomingNumber: r.incoming_number, status: r.status, registeredOn: r.registered_on });
    found.set(r.forId, list);
  }
  return found;
}

export function countComplaints(db: Db): Promise<number> {
  return db
    .selectFrom('complaints')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

/** Which cases a reader sees: all of them, or those whose column holds its value (api/access.ts). */
export type ReadScope = { all: true } | { column: 'filed_by' | 'reviewing_body_id' | 'complainant_id'; value: string };

export interface ComplaintFilters {
  status?: string;
  bodyId?: string;
  overdue?: boolean;
  channel?: string;
  /** Deadline before this instant (or at it, when inclusive). */
  deadlineBefore?: { at: Date; inclusive: boolean };
  registeredFrom?: string;
  registeredTo?: string;
  /** false: the current term was counted without the year's official calendar. */
  calendarHasData?: boolean;
}

/** A position in the newest-first order: received_at (to the microsecond, as text) and id. */
export interface ListPosition {
  receivedAt: string;
  id: string;
}

export interface ComplaintPage {
  rows: (ComplaintRow & { repeatOf: EarlierCase[] })[];
  next: ListPosition | null;
}

/** The case list, newest first, by keyset pagination (stable while cases are being added). */
export async function listComplaints(
  db: Db,
  scope: ReadScope,
  filters: ComplaintFilters,
  limit: number,
  after?: ListPosition,
): Promise<ComplaintPage> {
  const conditions = (eb: ExpressionBuilder<Database, 'complaints'>) => {
    const all: Expression<SqlBool>[] = [];
    if (!('all' in scope)) all.push(eb(scope.column, '=', scope.value));
    if (filters.status) all.push(eb('status', '=', filters.status));
    if (filters.bodyId) all.push(eb('reviewing_body_id', '=', filters.bodyId));
    if (filters.overdue !== undefined) all.push(eb('overdue', '=', filters.overdue));
    if (filters.channel) all.push(eb('channel', '=', filters.channel));
    if (filters.calendarHasData !== undefined) all.push(eb('calendar_has_data', '=', filters.calendarHasData));
    if (filters.deadlineBefore) {
      const op = filters.deadlineBefore.inclusive ? '<=' : '<';
      // A term ends after the complaint was received, so deadline < X implies received_at < X; said
      // outright, it lets the newest-first index scan start at X instead of filtering every newer case.
      all.push(eb('deadline', op, filters.deadlineBefore.at), eb('received_at', op, filters.deadlineBefore.at));
    }
    if (filters.registeredFrom) all.push(eb('registered_on', '>=', filters.registeredFrom));
    if (filters.registeredTo) all.push(eb('registered_on', '<=', filters.registeredTo));
    if (after) all.push(sql<SqlBool>`(received_at, id) < (${after.receivedAt}::timestamptz, ${after.id}::uuid)`);
    return eb.and(all);
  };
  const receivedKey = (table: string) =>
    sql<string>`to_char(${sql.ref(`${table}.received_at`)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  // "Under review, due by X" (an official's daily list): the planner takes deadline and status as
  // independent and walks the newest cases under review, but those are the ones not yet due. The
  // due cases come from the partial index of migration 0020 instead, which holds their sort key
  // and the reader's scope: they are sorted from the index alone, and only the page is read.
  const found =
    filters.deadlineBefore && filters.status === 'under_review'
      ? await db
          .with('page', (d) =>
            d
              .selectFrom('complaints')
              .select(['id', 'received_at'])
              .where(conditions)
              .orderBy('received_at', 'desc')
              .orderBy('id', 'desc')
              .limit(limit + 1),
          )
          .selectFrom('page')
          .innerJoin('complaints as c', 'c.id', 'page.id')
          .selectAll('c')
          .select(receivedKey('c').as('received_key'))
          .orderBy('c.received_at', 'desc')
          .orderBy('c.id', 'desc')
          .execute()
      : await db
          .selectFrom('complaints')
          .selectAll()
          .select(receivedKey('complaints').as('received_key'))
          .where(conditions)
          .orderBy('received_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit + 1)
          .execute();
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  const repeats = await earlierCasesOnSameMatter(
    db,
    page.map((row) => row.id),
    scope,
  );
  const rows = page.map(({ received_key: _key, ...row }) => ({ ...row, repeatOf: repeats.get(row.id) ?? [] }));
  return { rows, next: found.length > limit && last ? { receivedAt: last.received_key, id: last.id } : null };
}

/** Open cases whose current term was counted without the year's official calendar, per reviewing body. */
export async function termsWithoutCalendarByBody(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('complaints')
    .select(['reviewing_body_id', sql<string>`count(*)`.as('n')])
    .where('calendar_has_data', '=', false)
    .where('status', '=', 'under_review')
    .groupBy('reviewing_body_id')
    .execute();
  return new Map(rows.map((r) => [r.reviewing_body_id, Number(r.n)]));
}

/** The workflows of open cases whose term is to be recounted when a year's calendar is loaded. */
/**
 * Open cases whose term a change to the year's calendar may move: counted without an official
 * calendar, or running through the year (registered by its end, ending after its start), and
 * decided cases, whose appeal window may run through it.
 */
export async function workflowsWithTermsIn(db: Db, year: number): Promise<string[]> {
  const rows = await db
    .selectFrom('complaints')
    .select('workflow_id')
    .where('status', 'in', ['under_review', 'decided'])
    .where((eb) =>
      eb.or([
        // R9, R13: a decided case may be in its appeal window, whose last day the year may move.
        eb('status', '=', 'decided'),
        eb('calendar_has_data', '=', false),
        eb.and([
          eb('registered_on', '<=', `${year}-12-31`),
          eb('deadline', '>=', new Date(`${year}-01-01T00:00:00+05:00`)),
        ]),
      ]),
    )
    .execute();
  return rows.map((r) => r.workflow_id);
}
