// What the webhook rows of the fault and cluster suites hold a receiver to, once the feed has been
// read: every event of the feed received (verified with standardwebhooks), in order per complaint,
// a repeat only ever the same webhook-id, and the outage real.
import { FEED_START, readFeed, type EventScope, type FeedCursor, type FeedRow } from '../../db/event-feed';
import type { Queryable } from '../../db/database';
import { outOfOrderPerComplaint, type WebhookReceiver } from '../support/webhook-receiver';
import { check } from './context';
import type { Check } from './verify';

/** The whole feed a scope sees, page by page as a reader follows its cursor. */
export async function wholeFeed(db: Queryable, scope: EventScope): Promise<FeedRow[]> {
  const rows: FeedRow[] = [];
  let after: FeedCursor = FEED_START;
  for (;;) {
    const page = await readFeed(db, { scope, after, limit: 500 });
    if (!page.length) return rows;
    rows.push(...page);
    after = { xid: page[page.length - 1].xid, id: page[page.length - 1].id };
  }
}

/** Whether every event of `feed` has reached the receiver. */
export const allReceived = (receiver: WebhookReceiver, feed: FeedRow[]): boolean => {
  const got = new Set(receiver.received.map((r) => r.id));
  return feed.every((e) => got.has(e.id));
};

export function deliveryChecks(receiver: WebhookReceiver, feed: FeedRow[], delivered: boolean): Check[] {
  const got = new Set(receiver.received.map((r) => r.id));
  const lost = feed.filter((e) => !got.has(e.id));
  const inFeed = new Set(feed.map((e) => e.id));
  const unknown = receiver.received.filter((r) => !inFeed.has(r.id));
  const disorder = outOfOrderPerComplaint(
    receiver.received,
    feed.map((e) => e.id),
  );
  return [
    check(
      '0 events lost',
      delivered && lost.length === 0,
      `${feed.length} events in the feed, ${got.size} received${
        lost.length
          ? `; missing ${lost
              .slice(0, 5)
              .map((e) => e.id)
              .join(', ')}`
          : ''
      }`,
    ),
    check('0 out of order per complaint', disorder.length === 0, disorder.slice(0, 3).join('; ') || 'none'),
    check(
      'every delivery verified by standardwebhooks',
      receiver.rejected.length === 0,
      `${receiver.rejected.length} rejected`,
    ),
    check(
      'duplicates only as the same webhook-id',
      unknown.length === 0,
      `${receiver.received.length - got.size} repeats, ${unknown.length} unknown ids`,
    ),
    check('the outage was real', receiver.refusedWhileDown > 0, `${receiver.refusedWhileDown} attempts answered 503`),
  ];
}
