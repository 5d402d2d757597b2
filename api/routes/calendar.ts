import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { z } from 'zod';
import { findBody } from '../../db/bodies';
import { findCalendarYear, loadWorkingCalendar, replaceCalendarYear } from '../../db/calendar';
import { workflowsWithTermsIn } from '../../db/complaints';
import type { Db } from '../../db/database';
import { calendarCovers, registrationDate, reviewDeadline, unusualCalendarProblems } from '../../domain/calendar';
import { bodyIdSchema, isoDateSchema } from '../../domain/complaint';
import { lineText } from '../../domain/text';
import { calendarLoaded } from '../../workflows/complaint-messages';
import { principalOf } from '../auth';
import type { Handlers } from '../contract/route';
import { boundedInstantSchema } from '../dates';
import { ApiError } from '../errors';
import { parseBody, parseParams, parseQuery } from '../validation';

export const deadlineQuerySchema = z.strictObject({
  bodyId: bodyIdSchema,
  from: boundedInstantSchema.optional().describe('when the complaint arrives; now by default'),
});

// Four digits, 2000 to 2100, and nothing else: Number() would take `0x7EA` or ` 2026` for 2026.
export const yearParamsSchema = z.strictObject({
  year: z
    .string()
    .regex(/^(20\d\d|2100)$/, 'a year from 2000 to 2100, in four digits')
    .transform(Number),
});

export const calendarDayKindSchema = z.enum(['holiday', 'moved_day_off', 'transferred_day_off', 'working_day']);

const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/** The exceptional days of one year; `year` is checked against the path. */
export function calendarYearSchema(year?: number) {
  return z
    .strictObject({
      days: z
        .array(
          z.strictObject({
            date: isoDateSchema,
            kind: calendarDayKindSchema,
            name: lineText(200),
            estimate: z
              .boolean()
              .optional()
              .describe('derived, not yet published (e.g. a lunar holiday before its announcement)'),
          }),
        )
        .max(366),
      confirmUnusual: z
        .literal(true)
        .optional()
        .describe('load the year even though it leaves out a fixed holiday or has a month without a working day'),
    })
    .superRefine(({ days }, ctx) => {
      const seen = new Set<string>();
      days.forEach((d, i) => {
        if (year !== undefined && !d.date.startsWith(`${year}-`)) {
          ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], message: `${d.date} is not in ${year}` });
        }
        if (seen.has(d.date))
          ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], message: `${d.date} is listed twice` });
        seen.add(d.date);
        // A transfer makes a weekend day working; a weekday is working anyway.
        if (d.kind === 'working_day' && !isWeekend(d.date)) {
          ctx.addIssue({
            code: 'custom',
            path: ['days', i, 'kind'],
            message: `${d.date} is a weekday: only a Saturday or Sunday can be made a working day`,
          });
        }
      });
    });
}

/** The working-day calendar: the review term at a body, a year's exceptional days, and their replacement by the admin. */
export function calendarHandlers(
  db: Db,
  client: Client,
): Handlers<'reviewDeadline' | 'getCalendarYear' | 'replaceCalendarYear'> {
  return {
    reviewDeadline: async (req, res) => {
      const q = parseQuery(deadlineQuerySchema, req.query);
      const body = await findBody(db, q.bodyId);
      if (!body) throw new ApiError(404, 'body_not_found', `no body ${q.bodyId}`);
      const calendar = await loadWorkingCalendar(db);
      const from = q.from ? new Date(q.from) : new Date();
      const registeredOn = registrationDate(from, calendar); // APPK art. 63
      const { lastDay, endsAt } = reviewDeadline(registeredOn, body.review_term_days, calendar); // R8, R10
      res.json({
        bodyId: body.id,
        from: from.toISOString(),
        registeredOn,
        workingDays: body.review_term_days,
        lastDay,
        endsAt: endsAt.toISOString(),
        calendarHasData: calendarCovers(registeredOn, lastDay, calendar),
      });
    },

    getCalendarYear: async (req, res) => {
      const { year } = parseParams(yearParamsSchema, req.params);
      const loaded = await findCalendarYear(db, year);
      res.json({ ...loaded, updatedAt: loaded.updatedAt?.toISOString() ?? null });
    },

    replaceCalendarYear: async (req, res) => {
      const { year } = parseParams(yearParamsSchema, req.params);
      const { days, confirmUnusual } = parseBody(calendarYearSchema(year), req.body);
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
      await replaceCalendarYear(db, year, days, `admin ${principalOf(req).id} via PUT /v1/calendar/${year}`);
      const termsToRecount = await recountTermsIn(db, client, year);
      res.json({ year, hasData: true, days: [...days].sort((a, b) => a.date.localeCompare(b.date)), termsToRecount });
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
