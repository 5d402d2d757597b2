import { z } from 'zod';
import type { Db } from '../../db/database';
import { CURSOR_PATTERN, FEED_START, formatCursor, parseCursor, readFeed } from '../../db/event-feed';
import { eventOf, type ComplaintEvent } from '../../domain/complaint-events';
import { eventScope } from '../access';
import type { Handlers } from '../contract/route';
import { ApiError } from '../errors';
import { parseQuery } from '../validation';

export const eventFeedQuerySchema = z.strictObject({
  after: z
    .string()
    .regex(CURSOR_PATTERN)
    .optional()
    .describe('`nextCursor` of the previous page; none: from the first event the key may see'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * GET /events: the events the key may see (api/access.ts), oldest first. A reader following
 * `nextCursor` sees every event once, also while cases change concurrently (db/event-feed.ts).
 */
export function eventHandlers(db: Db): Handlers<'listEvents'> {
  return {
    listEvents: async (req, res) => {
      const q = parseQuery(eventFeedQuerySchema, req.query);
      const after = q.after === undefined ? FEED_START : parseCursor(q.after);
      if (!after) {
        throw new ApiError(400, 'invalid_request', 'the cursor is not one this API gave out', [
          { path: 'query.after', message: 'use nextCursor of the previous page' },
        ]);
      }
      const rows = await readFeed(db, { scope: eventScope(req), after, limit: q.limit });
      const items = rows.map(eventOf).filter((e): e is ComplaintEvent => e !== undefined);
      const last = rows[rows.length - 1];
      res.json({ items, nextCursor: formatCursor(last ? { xid: last.xid, id: last.id } : after) });
    },
  };
}
