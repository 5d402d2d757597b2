// Webhooks end to end on the dev server: real filings and actions, the dispatcher beside the
// worker, and real HTTP receivers verifying every delivery with the Standard Webhooks reference
// library (`standardwebhooks`).
import request from 'supertest';
import { createApiKey } from '../../db/api-keys';
import { apiAs, eventually, headersFor, type Caller } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { IIN, officeComplaint, portalComplaint } from '../support/complaints';
import { outOfOrderPerComplaint, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

jest.setTimeout(180_000);

let stack: ApiStack;
let api: ReturnType<typeof apiAs>;
const receivers: WebhookReceiver[] = [];

const receiver = async () => {
  const r = await startWebhookReceiver();
  receivers.push(r);
  return r;
};

beforeAll(async () => {
  stack = await startApiStack({
    webhooks: { retryDelaysMs: [300, 600, 1000], disableAfterMs: 6_000, timeoutMs: 2_000, idleMs: 50 },
  });
  stack.keys.intake2 = (await createApiKey(stack.db, 'intake', null)).key;
  api = apiAs(stack);
});
afterAll(async () => {
  await stack?.stop();
  for (const r of receivers) await r.close();
});

async function subscribe(who: Caller, r: WebhookReceiver, extra: object = {}) {
  const res = await api.post('/v1/webhooks', who, { url: r.url, ...extra });
  expect(res.status).toBe(201);
  r.secrets = [res.body.secret];
  return res.body as { id: string; secret: string; scope: string };
}

async function file(bodyId = 'con-almaty', paper = false): Promise<string> {
  const res = await api.post('/v1/complaints', 'intake', paper ? officeComplaint(bodyId) : portalComplaint(bodyId));
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Every event the caller's feed holds, following the cursor `limit` at a time. */
async function feed(
  who: Caller,
  limit = 100,
): Promise<Array<{ id: string; type: string; data: { complaintId: string } }>> {
  const items = [];
  let after: string | undefined;
  for (;;) {
    const res = await api.get(`/v1/events?limit=${limit}${after ? `&after=${after}` : ''}`, who);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    if (!res.body.items.length) return items;
    after = res.body.nextCursor;
  }
}

const typesOf = (r: WebhookReceiver, complaintId: string) =>
  r.received.filter((e) => e.data.complaintId === complaintId).map((e) => e.type);

describe('events and webhooks', () => {
  let mine: WebhookReceiver;
  let mineHook: { id: string; secret: string };
  let others: WebhookReceiver;
  let akimatRegistrations: WebhookReceiver;
  let a = '';
  let b = '';

  beforeAll(async () => {
    mine = await receiver();
    others = await receiver();
    akimatRegistrations = await receiver();
    mineHook = await subscribe('intake', mine);
    await subscribe('intake2', others);
    const admins = await subscribe('admin', akimatRegistrations, {
      bodyId: 'akimat-almaty',
      events: ['complaint.registered'],
    });
    expect(admins.scope).toBe('body');
    a = await file('con-almaty');
    b = await file('akimat-almaty', true);
    await eventually(async () => (typesOf(mine, a).length ? true : undefined), 'the registration of a', 60_000);
    expect(
      (await api.post(`/v1/complaints/${a}/assignment`, 'official:con-almaty', { officialName: 'Ахметова Г.' })).status,
    ).toBe(200);
    expect((await api.post(`/v1/complaints/${a}/withdrawal`, { portal: IIN }, {})).status).toBe(200);
    await eventually(
      async () => (typesOf(mine, a).includes('complaint.withdrawn') && typesOf(mine, b).length ? true : undefined),
      'the withdrawal of a and the registration of b',
      60_000,
    );
  });

  it('delivers every event of the filed complaints, in order, verified by the reference library', async () => {
    expect(mine.rejected).toEqual([]);
    expect(typesOf(mine, a)).toEqual(['complaint.registered', 'complaint.assigned', 'complaint.withdrawn']);
    expect(typesOf(mine, b)).toEqual(['complaint.registered']);
    const registered = mine.received.find((e) => e.data.complaintId === b)!;
    expect(registered.data).toMatchObject({
      stage: 1,
      bodyId: 'akimat-almaty',
      incomingNumber: expect.any(String),
      status: 'under_review',
      deadline: expect.any(String),
      links: { complaint: `/v1/complaints/${b}` },
    });
    // No personal data: not the complainant's, not the representative's, not the official's.
    const bodies = JSON.stringify(mine.received);
    for (const personal of [IIN, 'Ахметов', 'Кенесары', 'Дала', 'Ким', 'Ахметова', 'certificate']) {
      expect(bodies).not.toContain(personal);
    }
    // webhook-id is the event's id in the feed.
    const events = await feed('intake');
    expect(mine.received.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(
      outOfOrderPerComplaint(
        mine.received,
        events.map((e) => e.id),
      ),
    ).toEqual([]);
  });

  it('hears only its scope: another intake none of these, a body subscription its body and types', async () => {
    await new Promise((r) => setTimeout(r, 500));
    expect(others.received.filter((e) => [a, b].includes(e.data.complaintId))).toEqual([]);
    expect(akimatRegistrations.received.map((e) => [e.type, e.data.complaintId])).toEqual([
      ['complaint.registered', b],
    ]);
  });

  it('serves the feed scoped like the case list, the same page by page', async () => {
    const ids = (events: Array<{ data: { complaintId: string } }>) => new Set(events.map((e) => e.data.complaintId));
    expect(ids(await feed('intake'))).toEqual(new Set([a, b]));
    expect([...ids(await feed('intake2'))].filter((id) => [a, b].includes(id))).toEqual([]);
    expect(ids(await feed('official:con-almaty')).has(a)).toBe(true);
    expect(ids(await feed('official:con-almaty')).has(b)).toBe(false);
    expect(ids(await feed('official:akimat-almaty'))).toEqual(new Set([b]));
    for (const who of ['auditor', 'admin']) expect(ids(await feed(who))).toEqual(new Set([a, b]));
    expect((await api.get('/v1/events', { portal: IIN })).status).toBe(403);
    expect((await feed('auditor', 1)).map((e) => e.id)).toEqual((await feed('auditor')).map((e) => e.id));
    const bad = await api.get('/v1/events?after=not-a-cursor', 'auditor');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'query.after', message: expect.any(String) }]);
    // A cursor with leading zeros is the same position (PostgreSQL would read an xid8 "08…" as octal).
    const padded = await api.get('/v1/events?after=0999999999999.00', 'auditor');
    expect(padded.status).toBe(200);
    expect(padded.body.nextCursor).toBe('999999999999.0');
  });

  it('shows the deliveries with their attempts, and resends one with the same webhook-id', async () => {
    const res = await api.get(`/v1/webhooks/${mineHook.id}/deliveries`, 'intake');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(4);
    for (const d of res.body.items) expect(d).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 204 });
    const first = res.body.items[res.body.items.length - 1];
    const before = mine.received.length;
    const resent = await api.post(`/v1/webhooks/${mineHook.id}/deliveries/${first.id}/resend`, 'intake');
    expect(resent.status).toBe(200);
    await eventually(async () => (mine.received.length > before ? true : undefined), 'the resent delivery');
    expect(mine.received[before].id).toBe(first.eventId);
    expect((await api.get(`/v1/webhooks/${mineHook.id}/deliveries`, 'intake2')).status).toBe(404);
  });

  it('rotates the secret: both signatures for 24 hours, a receiver with either verifies', async () => {
    const old = mineHook.secret;
    const res = await api.post(`/v1/webhooks/${mineHook.id}/secret`, 'intake');
    expect(res.status).toBe(200);
    expect(res.body.secret).toMatch(/^whsec_/);
    expect(Date.parse(res.body.previousSecretValidUntil) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    mine.secrets = [res.body.secret, old];
    const c = await file('con-almaty');
    await eventually(async () => (typesOf(mine, c).length ? true : undefined), 'the registration of c', 60_000);
    const delivery = mine.received.find((e) => e.data.complaintId === c)!;
    expect(delivery.signature.split(' ')).toHaveLength(2);
    expect(delivery.verifiedWith).toEqual([res.body.secret, old]);
    mineHook.secret = res.body.secret;
    expect((await api.get(`/v1/webhooks/${mineHook.id}`, 'intake')).body.previousSecretValidUntil).toBe(
      res.body.previousSecretValidUntil,
    );
  });

  it('loses nothing while the receiver is down: retried with backoff, then all of it in order per complaint', async () => {
    mine.down = true;
    const before = new Set(mine.received.map((e) => e.id));
    const filed = [await file('con-almaty'), await file('con-almaty'), await file('akimat-almaty', true)];
    await eventually(
      async () => {
        const res = await api.get(`/v1/webhooks/${mineHook.id}/deliveries`, 'intake');
        const failing = res.body.items.filter((d: { attempts: number; lastStatus: number }) => d.attempts >= 2);
        return failing.length >= 3 ? true : undefined;
      },
      'retries while the receiver is down',
      60_000,
    );
    const down = await api.get(`/v1/webhooks/${mineHook.id}`, 'intake');
    expect(down.body).toMatchObject({ status: 'active', failingSince: expect.any(String) });
    const deliveries = (await api.get(`/v1/webhooks/${mineHook.id}/deliveries`, 'intake')).body.items;
    expect(deliveries[0]).toMatchObject({ status: 'pending', lastStatus: 503, lastError: 'the receiver answered 503' });
    // An action while it is down: ordered after the registration of its complaint.
    expect(
      (await api.post(`/v1/complaints/${filed[0]}/assignment`, 'official:con-almaty', { officialName: 'Ахметова Г.' }))
        .status,
    ).toBe(200);
    mine.down = false;
    const events = await eventually(
      async () => {
        const all = await feed('intake');
        const wanted = all.filter((e) => filed.includes(e.data.complaintId));
        const got = new Set(mine.received.map((e) => e.id));
        return wanted.length === 4 && wanted.every((e) => got.has(e.id)) ? all : undefined;
      },
      'every event delivered once the receiver is back',
      60_000,
    );
    expect(mine.rejected).toEqual([]);
    const after = mine.received.filter((e) => !before.has(e.id));
    expect(after.map((e) => e.id).sort()).toEqual(
      events
        .filter((e) => !before.has(e.id))
        .map((e) => e.id)
        .sort(),
    );
    expect(
      outOfOrderPerComplaint(
        mine.received,
        events.map((e) => e.id),
      ),
    ).toEqual([]);
    expect(typesOf(mine, filed[0])).toEqual(['complaint.registered', 'complaint.assigned']);
    expect((await api.get(`/v1/webhooks/${mineHook.id}`, 'intake')).body.failingSince).toBeNull();
  });

  it('disables a subscription failing too long, says why, and sends what it missed once enabled', async () => {
    const dead = await receiver();
    dead.down = true;
    const hook = await subscribe('intake', dead);
    const c = await file('con-almaty');
    const disabled = await eventually(
      async () => {
        const res = await api.get(`/v1/webhooks/${hook.id}`, 'intake');
        return res.body.status === 'disabled' ? res.body : undefined;
      },
      'the subscription disabled',
      60_000,
    );
    expect(disabled).toMatchObject({ disabledAt: expect.any(String), disabledReason: expect.stringMatching(/503/) });
    const refused = dead.refusedWhileDown;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(dead.refusedWhileDown).toBe(refused); // nothing more is sent
    dead.down = false;
    const enabled = await api.post(`/v1/webhooks/${hook.id}/enable`, 'intake');
    expect(enabled.body).toMatchObject({ status: 'active', disabledReason: null });
    await eventually(async () => (typesOf(dead, c).length ? true : undefined), 'the missed event', 30_000);
    expect(typesOf(dead, c)).toEqual(['complaint.registered']);
  });

  it('refuses unsafe URLs and foreign subscriptions; a deleted one is gone', async () => {
    for (const url of [
      'http://receiver.example.kz/hooks',
      'https://10.0.0.1/hooks',
      'https://169.254.169.254/latest/meta-data/',
      'https://[fd00:ec2::254]/',
      'ftp://receiver.example.kz/',
    ]) {
      const res = await api.post('/v1/webhooks', 'intake', { url });
      expect([url, res.status, res.body.error.details[0]?.path]).toEqual([url, 422, 'body.url']);
    }
    expect(
      (await api.post('/v1/webhooks', 'intake', { url: 'https://receiver.example.kz/', bodyId: 'con-almaty' })).status,
    ).toBe(422);
    expect(
      (await api.post('/v1/webhooks', 'admin', { url: 'https://receiver.example.kz/', bodyId: 'no-such-body' })).status,
    ).toBe(404);
    expect(
      (await api.post('/v1/webhooks', 'official:con-almaty', { url: 'https://receiver.example.kz/' })).status,
    ).toBe(403);
    const created = await api.post('/v1/webhooks', 'intake', { url: 'https://receiver.example.kz/hooks' });
    expect(created.status).toBe(201);
    expect((await api.get(`/v1/webhooks/${created.body.id}`, 'intake2')).status).toBe(404);
    expect((await api.get('/v1/webhooks', 'intake2')).body.items.map((w: { id: string }) => w.id)).not.toContain(
      created.body.id,
    );
    expect((await api.get('/v1/webhooks', 'admin')).body.items.map((w: { id: string }) => w.id)).toContain(
      created.body.id,
    );
    expect((await api.get(`/v1/webhooks/${created.body.id}`, 'intake')).body).not.toHaveProperty('secret');
    const deleted = await request(stack.app).delete(`/v1/webhooks/${created.body.id}`).set(headersFor(stack, 'intake'));
    expect(deleted.status).toBe(200);
    expect((await api.get(`/v1/webhooks/${created.body.id}`, 'intake')).status).toBe(404);
  });
});
