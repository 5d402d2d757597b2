import { createWorkingCalendar, type CalendarData, type CalendarDay, type WorkingCalendar } from '../domain/calendar';
import type { Db, Queryable } from './database';
import { keptForAWhile } from './kept-for-a-while';

/** A row as the calendar takes it: `estimate` only where it is one. */
const calendarDay = (d: { date: string; kind: string; name: string; estimate: boolean }): CalendarDay => ({
  date: d.date,
  kind: d.kind as CalendarDay['kind'],
  name: d.name,
  ...(d.estimate ? { estimate: true } : {}),
});

/** The working-day exceptions in Postgres, as the pure calendar of domain/calendar.ts takes them. */
export async function loadCalendarData(db: Queryable): Promise<CalendarData> {
  const [years, days] = await Promise.all([
    db.selectFrom('calendar_years').select('year').execute(),
    db.selectFrom('calendar_days').select(['date', 'kind', 'name', 'estimate']).execute(),
  ]);
  return { years: years.map((y) => y.year), days: days.map(calendarDay) };
}

/**
 * How long a loaded calendar is used: a PUT /calendar/:year through another process (another API
 * replica; the worker never writes it) is seen here within this, one made in this process at once.
 */
export const CALENDAR_KEPT_MS = 10_000;

const calendarKept = keptForAWhile(CALENDAR_KEPT_MS, (db: Db) => loadWorkingCalendar(db));

/**
 * The working calendar, loaded at most once per CALENDAR_KEPT_MS (every filing needs it for its
 * deadline); `fresh` reads it now (and keeps that copy).
 */
export function workingCalendar(db: Db, { fresh = false } = {}): Promise<WorkingCalendar> {
  if (fresh) calendarKept.forget();
  return calendarKept.get(db);
}

/** The working-day calendar over the register's data (SPEC "Working days"). */
export async function loadWorkingCalendar(db: Queryable): Promise<WorkingCalendar> {
  return createWorkingCalendar(await loadCalendarData(db));
}

export interface CalendarYear {
  year: number;
  /** Whether the year was loaded (seed or PUT /calendar/:year); without it the rules of the law apply. */
  hasData: boolean;
  source: string | null;
  updatedAt: Date | null;
  days: CalendarDay[];
}

/** A year's exceptional days as loaded, in date order. */
export async function findCalendarYear(db: Queryable, year: number): Promise<CalendarYear> {
  const [loaded, days] = await Promise.all([
    db.selectFrom('calendar_years').selectAll().where('year', '=', year).executeTakeFirst(),
    db
      .selectFrom('calendar_days')
      .select(['date', 'kind', 'name', 'estimate'])
      .where('year', '=', year)
      .orderBy('date')
      .execute(),
  ]);
  return {
    year,
    hasData: !!loaded,
    source: loaded?.source ?? null,
    updatedAt: loaded ? new Date(loaded.updated_at) : null,
    days: days.map(calendarDay),
  };
}

/** Replaces a year's exceptional days (the admin's PUT /calendar/:year and the seed). */
export async function replaceCalendarYear(db: Db, year: number, days: CalendarDay[], source: string): Promise<void> {
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
        .values(days.map((d) => ({ date: d.date, year, kind: d.kind, name: d.name, estimate: d.estimate === true })))
        .execute();
    }
  });
  calendarKept.forget();
}
