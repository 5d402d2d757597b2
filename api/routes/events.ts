import type { Db } from '../../db/database';
import { FEED_START, formatCursor, parseCursor, readFeed } from '../../db/event-feed';
import { eventOf, type ComplaintEvent } from '../../domain/complaint-events';
import { eventScope } from '../access';
import type { ApiHandlers } from '../contract';
import { ApiError } from '../errors';

/**
 * GET /events: the events the key may see (api/access.ts), oldest first. A reader following
 * `nextCursor` sees every event once, also while cases change concurrently (db/event-feed.ts).
 */
export function eventHandlers(db: Db): ApiHandlers<'listEvents'> {
  return {
    listEvents: async ({ query: q, principal }) => {
      const after = q.after === undefined ? FEED_START : parseCursor(q.after);
      if (!after) {
        throw new ApiError(400, 'invalid_request', 'the cursor is not one this API gave out', [
          { path: 'query.after', message: 'use nextCursor of the previous page' },
        ]);
      }
      const rows = await readFeed(db, { scope: eventScope(principal), after, limit: q.limit });
      const items = rows.map(eventOf).filter((e): e is ComplaintEvent => e !== undefined);
      const last = rows[rows.length - 1];
      return { items, nextCursor: formatCursor(last ? { xid: last.xid, id: last.id } : after) };
    },
  };
}
