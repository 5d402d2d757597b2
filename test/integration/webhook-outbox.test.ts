// The outbox of deliveries in PostgreSQL: one row per event and subscription however often it is
// queued, only the oldest undelivered event of a complaint is ever sent, and a dispatcher that dies
// mid-send (its lease runs out) has the delivery sent again by another, with the same event.
import { randomUUID } from 'node:crypto';
import { createApiKey, revokeApiKey } from '../../db/api-keys';
import type { Db } from '../../db/database';
import { appendEvent } from '../../db/timeline';
import {
  createSubscription,
  leaseDueDeliveries,
  queueDeliveries,
  recordDelivered,
  recordFailed,
  findSubscription,
} from '../../db/webhooks';
import { newWebhookSecret } from '../../domain/webhook-signature';
import { createTestDatabase } from '../support/test-database';

let db: Db;
let complaintId = '';

beforeAll(async () => {
  ({ db } = await createTestDatabase());
  complaintId = randomUUID();
  await db
    .insertInto('complaints')
    .values({
      id: complaintId,
      workflow_id: `complaint-${complaintId}`,
      channel: 'portal',
      form: 'electronic',
      complainant_id: '870412300159',
      filed_by: 'key_x',
      input: '{}',
      received_at: new Date('2026-03-02T04:00:00Z'),
      status: 'under_review',
      stage: 1,
      reviewing_body_id: 'con-almaty',
      incoming_number: 'T-2026-1',
      registered_on: '2026-03-02',
      deadline: new Date('2026-04-01T18:59:59Z'),
    })
    .execute();
});
afterAll(async () => {
  await db?.destroy();
});

const event = (key: string, kind = 'assigned') => appendEvent(db, { complaintId, stage: 1, key, kind, at: new Date() });

it('queues each event once, sends a complaint’s events one at a time in order, and re-sends after a lapsed lease', async () => {
  const owner = await createApiKey(db, 'admin', null);
  const id = randomUUID();
  await createSubscription(db, {
    id,
    ownerKeyId: owner.id,
    url: 'https://receiver.example.kz/',
    kinds: null,
    scope: { all: true },
    secret: newWebhookSecret(),
  });
  await event('before-nothing', 'registered');
  await event('second');
  await event('third', 'withdrawn');
  expect(await queueDeliveries(db, { pageSize: 2 })).toBe(2);
  expect(await queueDeliveries(db, { pageSize: 2 })).toBe(1);
  expect(await queueDeliveries(db, { pageSize: 2 })).toBe(0);
  const rows = await db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', id).execute();
  expect(rows).toHaveLength(3);

  // Only the head of the complaint's queue; nothing while it is leased.
  const [first] = await leaseDueDeliveries(db, 10, 300);
  expect(first).toMatchObject({ eventId: rows[0].event_id, attempts: 1 });
  expect(await leaseDueDeliveries(db, 10, 300)).toEqual([]);
  // The dispatcher died mid-send: after the lease, the same delivery again, not the next one.
  await new Promise((r) => setTimeout(r, 400));
  const [again] = await leaseDueDeliveries(db, 10, 300);
  expect(again).toMatchObject({ id: first.id, eventId: first.eventId, attempts: 2 });
  // A failure holds back the complaint's later events until it is delivered.
  await recordFailed(db, again, {
    status: 503,
    error: 'down',
    retryAt: new Date(Date.now() + 200),
    disableAfterMs: 60_000,
  });
  expect(await leaseDueDeliveries(db, 10, 300)).toEqual([]);
  expect((await findSubscription(db, id))?.failing_since).not.toBeNull();
  await new Promise((r) => setTimeout(r, 250));
  const [retried] = await leaseDueDeliveries(db, 10, 300);
  expect(retried.id).toBe(first.id);
  await recordDelivered(db, retried, 204);
  expect((await findSubscription(db, id))?.failing_since).toBeNull();
  const [next] = await leaseDueDeliveries(db, 10, 300);
  expect(next.eventId).toBe(rows[1].event_id);

  // A revoked key's subscription sends nothing more.
  await revokeApiKey(db, owner.id);
  await new Promise((r) => setTimeout(r, 400));
  expect(await leaseDueDeliveries(db, 10, 300)).toEqual([]);
});
