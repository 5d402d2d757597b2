// The query strings the contract declares: the router checks them before a handler runs, and
// the handlers parse them into their typed values.
import { z } from 'zod';
import { bodyIdSchema, channelSchema } from '../../domain/complaint';
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
