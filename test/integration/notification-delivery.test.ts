import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { transportFromConfig } from '../../activities/transports-from-config';
import { fileComplaint } from '../../api/complaint-client';
import { eventually } from '../support/api-client';
import { portalComplaint } from '../support/complaints';
import { startApiStack, type ApiStack } from '../support/api-stack';

// Notifications leave the building for real: e-mail through a local SMTP server, SMS through a
// local HTTP gateway; a gateway that fails is retried by Temporal until it accepts.
/** The text of a single-part message as nodemailer sends it (base64 for Cyrillic). */
function textOf(message: string): string {
  const [headers, ...rest] = message.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  return /Content-Transfer-Encoding: base64/i.test(headers)
    ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    : body;
}

const mails: Array<{ to: string; body: string }> = [];
const sms: Array<{ to: string; text: string }> = [];
let gatewayFailures = 2;
/** The head of akimat-almaty (db/seeds/demo-bodies.ts): the gateway never takes this number. */
let refusedPhone = '+77272000104';
/** A mailbox the mail server refuses for good (550) and a number the gateway refuses for good (400). */
const goneMailbox = 'gone@example.kz';
const gonePhone = '+77019999999';
let smtp: SMTPServer;
let gateway: Server;
let stack: ApiStack;
const dataDir = mkdtempSync(join(tmpdir(), 'delivery-'));

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address !== goneMailbox) return callback();
      callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
    },
    onData(stream, session, done) {
      let body = '';
      stream.on('data', (c: Buffer) => {
        body += c.toString();
      });
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body: textOf(body) });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  gateway = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const message = JSON.parse(body);
      if (message.to === gonePhone) {
        res.statusCode = 400;
        res.end();
        return;
      }
      if (gatewayFailures-- > 0 || message.to === refusedPhone) {
        res.statusCode = 503;
        res.end();
        return;
      }
      sms.push(message);
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const gatewayPort = (gateway.address() as AddressInfo).port;
  stack = await startApiStack({
    transport: transportFromConfig({
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SMTP_FROM: 'complaints@gov.kz',
      SMS_GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/sms`,
      dataDir,
    }),
  });
});
afterAll(async () => {
  await stack?.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise((resolve) => gateway.close(resolve));
});

it('delivers the answer by e-mail and SMS, retrying the gateway until it accepts, and records the delivery', async () => {
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  const filed = await request(stack.app)
    .post('/v1/complaints')
    .set(as(stack.keys.intake))
    .send(portalComplaint('con-almaty'));
  const decided = await request(stack.app)
    .post(`/v1/complaints/${filed.body.id}/decision`)
    .set(as(stack.keys['official:con-almaty']))
    .send({
      outcome: 'satisfied',
      reasoning: 'The certificate was issued on the day of the complaint.',
      decidedBy: 'Ахметова Г.К.',
    });
  expect(decided.status).toBe(200);

  expect(mails).toHaveLength(1);
  expect(mails[0].to).toBe('erlan@example.kz');
  expect(mails[0].body).toContain(filed.body.incomingNumber);
  expect(sms).toEqual([expect.objectContaining({ to: '+77011234567' })]);
  expect(sms[0].text).toContain(filed.body.incomingNumber);
  const rows = await stack.db
    .selectFrom('notifications')
    .select(['channel', 'status', 'attempts'])
    .where('complaint_id', '=', filed.body.id)
    .where('purpose', '=', 'answer')
    .orderBy('channel')
    .execute();
  expect(rows).toEqual([
    { channel: 'cabinet', status: 'sent', attempts: 1 },
    { channel: 'email', status: 'sent', attempts: 1 },
    { channel: 'sms', status: 'sent', attempts: 3 },
  ]);
  expect(readdirSync(dataDir)).toEqual([]); // nothing fell back to files
});

it("alerts the head of a body's overdue cases in one daily digest by e-mail and SMS, and never calls a digest sent that did not go (R1)", async () => {
  // Received a month ago: overdue at once. con-almaty's head is reachable; the gateway refuses
  // akimat-almaty's head's phone for good; gov4c's head has no contacts at all.
  await stack.db.updateTable('bodies').set({ head_email: null, head_phone: null }).where('id', '=', 'gov4c').execute();
  const overdue = async (bodyId: string) => {
    const complaintId = randomUUID();
    const receipt = await fileComplaint(stack.client, {
      complaintId,
      complaint: portalComplaint(bodyId),
      receivedAt: new Date(Date.now() - 30 * 86_400_000),
      appealWindowDays: 30,
      taskQueue: stack.taskQueue,
    });
    return { complaintId, incomingNumber: receipt.incomingNumber };
  };
  const cases = [
    await overdue('con-almaty'),
    await overdue('con-almaty'),
    await overdue('akimat-almaty'),
    await overdue('gov4c'),
  ];
  await eventually(async () => {
    const marked = await stack.db
      .selectFrom('complaints')
      .select('id')
      .where(
        'id',
        'in',
        cases.map((c) => c.complaintId),
      )
      .where('overdue', '=', true)
      .execute();
    return marked.length === cases.length ? true : undefined;
  }, 'every case marked overdue');
  // The cases alone alert no head: the digest does.
  const perCase = await stack.db
    .selectFrom('notifications')
    .select('purpose')
    .where(
      'complaint_id',
      'in',
      cases.map((c) => c.complaintId),
    )
    .where('purpose', '=', 'head_alert')
    .execute();
  expect(perCase).toEqual([]);

  await stack.client.workflow.start('overdueDigestWorkflow', {
    taskQueue: stack.taskQueue,
    workflowId: `overdue-digest-${randomUUID()}`,
    args: [],
  });
  const digests = (bodyId: string) =>
    stack.db
      .selectFrom('head_digests')
      .select(['channel', 'recipient', 'status', 'last_error', 'case_count', 'text_ru'])
      .where('body_id', '=', bodyId)
      .orderBy('channel')
      .execute();

  const delivered = await eventually(async () => {
    const rows = await digests('con-almaty');
    return rows.length === 2 && rows.every((r) => r.status === 'sent') ? rows : undefined;
  }, 'the digest sent');
  expect(delivered.map((r) => `${r.channel}:${r.recipient}:${r.case_count}`)).toEqual([
    'email:head@con-almaty.example.kz:2',
    'sms:+77272000102:2',
  ]);
  // One e-mail naming both cases, not one per case.
  const toHead = mails.filter((m) => m.to === 'head@con-almaty.example.kz');
  expect(toHead).toHaveLength(1);
  for (const c of cases.slice(0, 2)) expect(toHead[0].body).toContain(c.incomingNumber);
  expect(sms.filter((m) => m.to === '+77272000102')).toHaveLength(1);

  const failing = await eventually(async () => {
    const rows = await digests('akimat-almaty');
    return rows.find((r) => r.channel === 'sms' && r.last_error) ? rows : undefined;
  }, 'the refused digest recorded');
  expect(failing.find((r) => r.channel === 'sms')).toMatchObject({
    status: 'pending',
    last_error: 'SMS gateway answered 503',
  });
  expect(failing.find((r) => r.channel === 'email')).toMatchObject({ status: 'sent' }); // the other channel still went
  const undeliverable = await eventually(async () => {
    const rows = await digests('gov4c');
    return rows[0]?.status === 'undeliverable' ? rows : undefined;
  }, 'the digest without contacts recorded');
  expect(undeliverable).toEqual([expect.objectContaining({ channel: 'internal', status: 'undeliverable' })]);

  const metrics = (await request(stack.app).get('/metrics')).text;
  expect(metrics).toContain('notifications_not_delivered{purpose="head_digest",channel="sms",state="failing"} 1');
  expect(metrics).toContain(
    'notifications_not_delivered{purpose="head_digest",channel="internal",state="undeliverable"} 1',
  );
  expect(readdirSync(dataDir)).toEqual([]); // nothing fell back to files

  // Once the gateway takes the number, the retried digest goes, and only then is it sent.
  refusedPhone = '';
  await eventually(
    async () => ((await digests('akimat-almaty')).every((r) => r.status === 'sent') ? true : undefined),
    'the retried digest sent',
    90_000,
  );
  expect(sms.some((m) => m.to === '+77272000104')).toBe(true);
}, 150_000);

it('gives up a channel refused for good, goes on to the next, and posts the notice when every e-mail and SMS is refused (R12)', async () => {
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  const base = portalComplaint('con-almaty');
  const filed = await request(stack.app)
    .post('/v1/complaints')
    .set(as(stack.keys.intake))
    .send({ ...base, complainant: { ...base.complainant, email: goneMailbox, phone: gonePhone } });
  expect(filed.status).toBe(201);
  const decided = await request(stack.app)
    .post(`/v1/complaints/${filed.body.id}/decision`)
    .set(as(stack.keys['official:con-almaty']))
    .send({ outcome: 'satisfied', reasoning: 'The certificate was issued on the day of the complaint.' });
  expect(decided.status).toBe(200);

  const answer = () =>
    stack.db
      .selectFrom('notifications')
      .select(['channel', 'status', 'recipient', 'last_error'])
      .where('complaint_id', '=', filed.body.id)
      .where('purpose', '=', 'answer')
      .orderBy('channel')
      .execute();
  const rows = await eventually(async () => {
    const r = await answer();
    return r.some((x) => x.channel === 'post') ? r : undefined;
  }, 'the answer rerouted to a letter');
  expect(rows).toEqual([
    expect.objectContaining({ channel: 'cabinet', status: 'sent' }),
    expect.objectContaining({
      channel: 'email',
      status: 'undeliverable',
      last_error: 'mail server refused the message (550)',
    }),
    expect.objectContaining({ channel: 'post', status: 'pending', recipient: base.complainant.postalAddress }),
    expect.objectContaining({
      channel: 'sms',
      status: 'undeliverable',
      last_error: 'SMS gateway refused the message (400)',
    }),
  ]);
  const timeline = await stack.db
    .selectFrom('complaint_events')
    .select(['kind', 'data'])
    .where('complaint_id', '=', filed.body.id)
    .where('kind', 'in', ['notice_failed', 'notice_rerouted'])
    .orderBy('id')
    .execute();
  expect(timeline.map((e) => e.kind).sort()).toEqual(['notice_failed', 'notice_failed', 'notice_rerouted']);
  expect(timeline.find((e) => e.kind === 'notice_rerouted')?.data).toEqual({
    purpose: 'answer',
    from: ['email', 'sms'],
    to: 'post',
  });
  // The letter is in the post room's queue like any other.
  const outbox = await request(stack.app).get('/v1/outbox').set(as(stack.keys.admin));
  expect(outbox.status).toBe(200);
  expect(outbox.body.items.map((l: { complaintId: string }) => l.complaintId)).toContain(filed.body.id);
  expect(mails.some((m) => m.to === goneMailbox)).toBe(false);
});
