import { z } from 'zod';
import type { Db } from '../../db/database';
import { listComplaints, type ComplaintFilters, type ListPosition } from '../../db/complaints';
import { endOfAlmatyDay } from '../../domain/calendar';
import { readScope } from '../access';
import { complaintSummary } from '../complaint-view';
import type { ApiHandlers } from '../contract';
import { complaintListQuerySchema } from '../contract/queries';
import { boundedInstantSchema } from '../dates';
import { ApiError } from '../errors';

const positionSchema = z.strictObject({
  // A real instant (no month 13) in the register's microseconds.
  receivedAt: boundedInstantSchema.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  id: z.uuid(),
});

/** The cursor is opaque to clients: base64url of the last row's position in the order. */
export const encodeCursor = (p: ListPosition) => Buffer.from(JSON.stringify(p)).toString('base64url');

function decodeCursor(cursor: string): ListPosition {
  try {
    return positionSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new ApiError(400, 'invalid_request', 'the cursor is not one this API gave out', [
      { path: 'query.cursor', message: 'use nextCursor of the previous page' },
    ]);
  }
}

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The list's query as register filters (the workbench's queue takes the same; api/pages). */
export function listFilters(q: Omit<z.infer<typeof complaintListQuerySchema>, 'limit' | 'cursor'>): ComplaintFilters {
  const filters: ComplaintFilters = {
    status: q.status,
    bodyId: q.bodyId,
    channel: q.channel,
    registeredFrom: q.registeredFrom,
    registeredTo: q.registeredTo,
    overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
    calendarHasData: q.calendarHasData === undefined ? undefined : q.calendarHasData === 'true',
  };
  if (q.deadlineBefore !== undefined) {
    filters.deadlineBefore = q.deadlineBefore.includes('T')
      ? { at: new Date(q.deadlineBefore), inclusive: false }
      : // A term whose last day is before D ends at the latest when D begins in Almaty.
        { at: endOfAlmatyDay(dayBefore(q.deadlineBefore)), inclusive: true };
  }
  return filters;
}

/** GET /complaints: the reader's own cases (api/access.ts), filtered, newest first, by cursor. */
export function complaintListHandlers(db: Db): ApiHandlers<'listComplaints'> {
  return {
    listComplaints: async ({ query: q, principal }) => {
      const filters = listFilters(q);
      const page = await listComplaints(
        db,
        readScope(principal),
        filters,
        q.limit,
        q.cursor ? decodeCursor(q.cursor) : undefined,
      );
      return { items: page.rows.map(complaintSummary), nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  };
}
