import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { transportFromConfig } from '../../activities/transports-from-config';
import { portalComplaint } from '../support/complaints';
import { startApiStack, type ApiStack } from '../support/api-stack';

// Notifications leave the building for real: e-mail through a local SMTP server, SMS through a
// local HTTP gateway; a gateway that fails is retried by Temporal until it accepts.
/** The text of a single-part message as nodemailer sends it (base64 for Cyrillic). */
function textOf(message: string): string {
  const [headers, ...rest] = message.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  return /Content-Transfer-Encoding: base64/i.test(headers) ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
}

const mails: Array<{ to: string; body: string }> = [];
const sms: Array<{ to: string; text: string }> = [];
let gatewayFailures = 2;
let smtp: SMTPServer;
let gateway: Server;
let stack: ApiStack;
const dataDir = mkdtempSync(join(tmpdir(), 'delivery-'));

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, done) {
      let body = '';
      stream.on('data', (c: Buffer) => { body += c.toString(); });
      stream.on('end', () => { mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body: textOf(body) }); done(); });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  gateway = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      if (gatewayFailures-- > 0) { res.statusCode = 503; res.end(); return; }
      sms.push(JSON.parse(body));
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const gatewayPort = (gateway.address() as AddressInfo).port;
  stack = await startApiStack({
    transport: transportFromConfig({
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMTP_FROM: 'complaints@gov.kz', SMS_GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/sms`, dataDir,
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
  const filed = await request(stack.app).post('/v1/complaints').set(as(stack.keys.intake)).send(portalComplaint('con-almaty'));
  const decided = await request(stack.app).post(`/v1/complaints/${filed.body.id}/decision`).set(as(stack.keys['official:con-almaty']))
    .send({ outcome: 'satisfied', reasoning: 'The certificate was issued on the day of the complaint.', decidedBy: 'Ахметова Г.К.' });
  expect(decided.status).toBe(200);

  expect(mails).toHaveLength(1);
  expect(mails[0].to).toBe('erlan@example.kz');
  expect(mails[0].body).toContain(filed.body.incomingNumber);
  expect(sms).toEqual([expect.objectContaining({ to: '+77011234567' })]);
  expect(sms[0].text).toContain(filed.body.incomingNumber);
  const rows = await stack.db.selectFrom('notifications').select(['channel', 'status', 'attempts'])
    .where('complaint_id', '=', filed.body.id).where('purpose', '=', 'answer').orderBy('channel').execute();
  expect(rows).toEqual([
    { channel: 'cabinet', status: 'sent', attempts: 1 },
    { channel: 'email', status: 'sent', attempts: 1 },
    { channel: 'sms', status: 'sent', attempts: 3 },
  ]);
  expect(readdirSync(dataDir)).toEqual([]); // nothing fell back to files
});
