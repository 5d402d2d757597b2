import type { Kysely, Transaction } from 'kysely';
import { createWorkingCalendar, type CalendarData, type CalendarDay, type WorkingCalendar } from '../domain/calendar';
import type { Db } from './database';
import { keptForAWhile } from './kept-for-a-while';
import type { Database } from './schema';

type Queryable = Kysely<Database> | Transaction<Database>;

/** The working-day exceptions in Postgres, as the pure calendar of domain/calendar.ts takes them. */
export async function loadCalendarData(db: Queryable): Promise<CalendarData> {
  const [years, days] = await Promise.all([
    db.selectFrom('calendar_years').select('year').execute(),
    db.selectFrom('calendar_days').select(['date', 'kind', 'name']).execute(),
  ]);
  return { years: years.map((y) => y.year), days: days as CalendarDay[] };
}

/**
 * How long a loaded calendar is used: a PUT /calendar/:year through another process (another API
 * replica; the worker never writes it) is seen here within this, one made in this process at once.
 */
export const CALENDAR_KEPT_MS = 10_000;

const calendarKept = keptForAWhile(CALENDAR_KEPT_MS, async (db: Db) =>
  createWorkingCalendar(await loadCalendarData(db)),
);

/**
 * The working calendar, loaded at most once per CALENDAR_KEPT_MS (every filing needs it for its
 * deadline); `fresh` reads it now (and keeps that copy).
 */
export function workingCalendar(db: Db, { fresh = false } = {}): Promise<WorkingCalendar> {
  if (fresh) calendarKept.forget();
  return calendarKept.get(db);
}

/** Replaces a year's exceptional days (the admin's PUT /calendar/:year and the seed). */
export async function replaceCalendarYear(
  db: Kysely<Database>,
  year: number,
  days: CalendarDay[],
  source: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('calendar_days').where('year', '=', year).execute();
    await trx
      .insertInto('calendar_years')
      .values({ year, source })
      .onConflict((oc) => oc.column('year').doUpdateSet({ source, updated_at: new Date() }))
      .execute();
    if (days.length > 0) {
      await trx
        .insertInto('calendar_days')
        .values(days.map((d) => ({ date: d.date, year, kind: d.kind, name: d.name })))
        .execute();
    }
  });
  calendarKept.forget();
}
