// The query strings the contract declares: the router parses them into their typed values
// before a handler runs.
import { z } from 'zod';
import { bodyIdSchema, channelSchema } from '../../domain/complaint';
import { CURSOR_PATTERN } from '../../db/event-feed';
import { boundedDateSchema, boundedInstantSchema } from '../dates';

export const CASE_STATUSES = ['under_review', 'decided', 'closed', 'withdrawn', 'referred_to_court'] as const;

export const complaintListQuerySchema = z.strictObject({
  status: z.enum(CASE_STATUSES).optional(),
  bodyId: bodyIdSchema.optional().describe('the body now reviewing the case'),
  overdue: z.enum(['true', 'false']).optional(),
  channel: channelSchema.optional(),
  calendarHasData: z
    .enum(['true', 'false'])
    .optional()
    .describe("false: terms counted without the year's official calendar (recounted when it is loaded)"),
  deadlineBefore: z
    .union([boundedInstantSchema, boundedDateSchema])
    .optional()
    .describe("an instant, or a date: the term's last day is before it"),
  registeredFrom: boundedDateSchema.optional(),
  registeredTo: boundedDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

/** The receipt's language and review stage (R3). */
export const receiptQuerySchema = z.strictObject({
  lang: z.enum(['kk', 'ru']).default('ru'),
  stage: z.coerce.number().int().min(1).max(20).optional().describe('review stage; the latest by default'),
});

export const deadlineQuerySchema = z.strictObject({
  bodyId: bodyIdSchema,
  from: boundedInstantSchema.optional().describe('when the complaint arrives; now by default'),
});

export const outboxQuerySchema = z.strictObject({
  channel: z
    .literal('post')
    .default('post')
    .describe('letters for the post room; the other channels leave by themselves'),
  status: z.enum(['pending', 'posted']).default('pending'),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  after: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .describe('nextAfter of the previous page'),
});

export const letterQuerySchema = z.strictObject({
  lang: z
    .enum(['kk', 'ru'])
    .optional()
    .describe(
      "when the complaint stated no language (default ru); otherwise the letter is in the complaint's language",
    ),
});

export const slaQuerySchema = z.strictObject({
  bodyId: bodyIdSchema.optional(),
  registeredFrom: boundedDateSchema.optional().describe('review stages registered on or after this date'),
  registeredTo: boundedDateSchema.optional(),
});

export const eventFeedQuerySchema = z.strictObject({
  after: z
    .string()
    .regex(CURSOR_PATTERN)
    .optional()
    .describe('`nextCursor` of the previous page; none: from the first event the key may see'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const deliveryQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  before: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .describe('nextBefore of the previous page'),
});
