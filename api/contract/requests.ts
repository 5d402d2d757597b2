// The params and bodies the contract declares beside the complaint's own (domain/): the router
// parses each request with them before its handler runs.
import { z } from 'zod';
import { bodyIdSchema, isoDateSchema } from '../../domain/complaint';
import { EVENT_TYPES, type EventType } from '../../domain/complaint-events';
import { lineText } from '../../domain/text';
import { boundedInstantSchema } from '../dates';

// Four digits, 2000 to 2100, and nothing else: Number() would take `0x7EA` or ` 2026` for 2026.
export const yearParamsSchema = z.strictObject({
  year: z
    .string()
    .regex(/^(20\d\d|2100)$/, 'a year from 2000 to 2100, in four digits')
    .transform(Number),
});

export const calendarDayKindSchema = z.enum(['holiday', 'moved_day_off', 'transferred_day_off', 'working_day']);

const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/** The exceptional days of one year (that each is in the path's year: `daysOutsideYear`). */
export const calendarYearSchema = z
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

/** The days of a calendar that are not in the year its path names, as the error's field paths. */
export function daysOutsideYear(year: number, days: ReadonlyArray<{ date: string }>) {
  return days.flatMap((d, i) =>
    d.date.startsWith(`${year}-`) ? [] : [{ path: `body.days.${i}.date`, message: `${d.date} is not in ${year}` }],
  );
}

export const letterParamsSchema = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'a letter id is a number') });

export const newWebhookSchema = z.strictObject({
  url: z.string().min(1).max(2000).describe('https (http only to loopback under npm start); no private addresses'),
  events: z
    .array(z.enum(EVENT_TYPES as [EventType, ...EventType[]]))
    .min(1)
    .max(EVENT_TYPES.length)
    .refine((types) => new Set(types).size === types.length, 'each type once')
    .optional()
    .describe('the types to hear; every type when left out'),
  bodyId: bodyIdSchema
    .optional()
    .describe('admin keys: the stages of this body only (left out: every complaint); intake keys hear their own'),
});

export const webhookParamsSchema = z.strictObject({ id: z.uuid() });
export const deliveryParamsSchema = z.strictObject({ id: z.uuid(), deliveryId: z.string().regex(/^\d{1,18}$/) });

export const postedSchema = z.strictObject({
  trackingNumber: z
    .string()
    .trim()
    .min(4)
    .max(40)
    .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and hyphens'),
});
export const deliveredSchema = z.strictObject({
  deliveredAt: boundedInstantSchema.describe(
    'when the letter reached the complainant (return receipt or tracking); not before its posting, not in the future',
  ),
});
