import { lastDayOfTerm } from '../domain/calendar';
import type { Queryable } from './database';
import type { Mark } from './schema';

export interface TimelineEvent {
  complaintId: string;
  stage: number;
  /** Unique per complaint: a retried activity writes the same event once. */
  key: string;
  kind: string;
  mark?: Mark;
  at: string | Date;
  data?: Record<string, unknown>;
}

export async function appendEvent(db: Queryable, event: TimelineEvent): Promise<void> {
  await appendEvents(db, [event]);
}

/** An event as its row in `complaint_events`. */
export function eventRow(event: TimelineEvent) {
  return {
    complaint_id: event.complaintId,
    stage: event.stage,
    event_key: event.key,
    kind: event.kind,
    mark: event.mark ?? null,
    at: event.at,
    data: JSON.stringify(event.data ?? {}),
  };
}

/** Several events in one statement; each written once however often it is retried. */
export async function appendEvents(db: Queryable, events: TimelineEvent[]): Promise<void> {
  await db
    .insertInto('complaint_events')
    .values(events.map(eventRow))
    .onConflict((oc) => oc.columns(['complaint_id', 'event_key']).doNothing())
    .execute();
}

export function timelineOf(db: Queryable, complaintId: string) {
  return db
    .selectFrom('complaint_events')
    .select(['stage', 'kind', 'mark', 'at', 'data'])
    .where('complaint_id', '=', complaintId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Whether the event with this key was written (a retried activity does its work once). */
export async function hasEvent(db: Queryable, complaintId: string, key: string): Promise<boolean> {
  const row = await db
    .selectFrom('complaint_events')
    .select('id')
    .where('complaint_id', '=', complaintId)
    .where('event_key', '=', key)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a stage already shows this mark of R4. */
export async function hasMark(db: Queryable, complaintId: string, stage: number, mark: Mark): Promise<boolean> {
  const row = await db
    .selectFrom('complaint_events')
    .select('id')
    .where('complaint_id', '=', complaintId)
    .where('stage', '=', stage)
    .where('mark', '=', mark)
    .executeTakeFirst();
  return row !== undefined;
}

export interface AppealWindowRecord {
  appealDeadline: string;
  appealWindowEndsAt: string;
}

/**
 * R9, R13: each stage's appeal window as last counted (a recorded receipt of a posted answer
 * counts it again). Windows written before the last day was recorded name the Almaty day of their end.
 */
export async function appealWindowsOf(db: Queryable, complaintId: string): Promise<Map<number, AppealWindowRecord>> {
  const rows = await db
    .selectFrom('complaint_events')
    .select(['stage', 'data'])
    .where('complaint_id', '=', complaintId)
    .where('kind', '=', 'answer_delivered')
    .orderBy('id')
    .execute();
  const windows = new Map<number, AppealWindowRecord>();
  for (const { stage, data } of rows) {
    const d = data as { appealDeadline?: string; appealWindowEndsAt?: string };
    if (!d.appealWindowEndsAt) continue;
    windows.set(stage, {
      appealDeadline: d.appealDeadline ?? lastDayOfTerm(d.appealWindowEndsAt),
      appealWindowEndsAt: new Date(d.appealWindowEndsAt).toISOString(),
    });
  }
  return windows;
}
