import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { findBody } from '../../db/bodies';
import { findCalendarYear, loadWorkingCalendar, replaceCalendarYear } from '../../db/calendar';
import { workflowsWithTermsIn } from '../../db/complaints';
import type { Db } from '../../db/database';
import { calendarCovers, registrationDate, reviewDeadline, unusualCalendarProblems } from '../../domain/calendar';
import { calendarLoaded } from '../../workflows/complaint-messages';
import type { ApiHandlers } from '../contract';
import { daysOutsideYear } from '../contract/requests';
import { ApiError } from '../errors';

/** The working-day calendar: the review term at a body, a year's exceptional days, and their replacement by the admin. */
export function calendarHandlers(
  db: Db,
  client: Client,
): ApiHandlers<'reviewDeadline' | 'getCalendarYear' | 'replaceCalendarYear'> {
  return {
    reviewDeadline: async ({ query: q }) => {
      const body = await findBody(db, q.bodyId);
      if (!body) throw new ApiError(404, 'body_not_found', `no body ${q.bodyId}`);
      const calendar = await loadWorkingCalendar(db);
      const from = q.from ? new Date(q.from) : new Date();
      const registeredOn = registrationDate(from, calendar); // APPK art. 63
      const { lastDay, endsAt } = reviewDeadline(registeredOn, body.review_term_days, calendar); // R8, R10
      return {
        bodyId: body.id,
        from: from.toISOString(),
        registeredOn,
        workingDays: body.review_term_days,
        lastDay,
        endsAt: endsAt.toISOString(),
        calendarHasData: calendarCovers(registeredOn, lastDay, calendar),
      };
    },

    getCalendarYear: async ({ params: { year } }) => {
      const loaded = await findCalendarYear(db, year);
      return { ...loaded, updatedAt: loaded.updatedAt?.toISOString() ?? null };
    },

    replaceCalendarYear: async ({ params: { year }, body: { days, confirmUnusual }, principal }) => {
      const outside = daysOutsideYear(year, days);
      if (outside.length > 0)
        throw new ApiError(
          422,
          'validation_failed',
          'the request is well-formed but its content is not valid',
          outside,
        );
      // Every term is counted in this calendar (R8, R10): a year that drops a fixed holiday or
      // leaves a month without a working day is most likely a mistake, loaded only when confirmed.
      const unusual = unusualCalendarProblems(year, days);
      if (unusual.length > 0 && !confirmUnusual) {
        throw new ApiError(
          422,
          'unusual_calendar',
          `the calendar of ${year} ${unusual.join('; ')}; send confirmUnusual: true to load it anyway`,
          unusual.map((message) => ({ path: 'body.days', message })),
        );
      }
      await replaceCalendarYear(db, year, days, `admin ${principal.id} via PUT /v1/calendar/${year}`);
      const termsToRecount = await recountTermsIn(db, client, year);
      return { year, hasData: true, days: [...days].sort((a, b) => a.date.localeCompare(b.date)), termsToRecount };
    },
  };
}

/**
 * R8, R10: every open case whose term was counted without an official calendar, or runs through
 * the year loaded or corrected, is told; its workflow recounts the term (an unchanged term stays).
 * A PUT repeated after a lost signal tells them again.
 */
async function recountTermsIn(db: Db, client: Client, year: number): Promise<number> {
  const workflowIds = await workflowsWithTermsIn(db, year);
  for (const workflowId of workflowIds) {
    try {
      await client.workflow.getHandle(workflowId).signal(calendarLoaded, { year });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err; // closed meanwhile: nothing to recount
    }
  }
  return workflowIds.length;
}
