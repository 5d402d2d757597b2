// An auditor's tools on `npm start` as a user runs it: encryption on by default (a key generated
// into the data directory), the Temporal CLI and the Temporal UI in a real Chromium decoding a
// complaint's history through the codec, the README's `workflow list` recipes, the archive Schedule.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { request as httpRequest } from 'node:http';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import puppeteer from 'puppeteer-core';
import { fileComplaint } from '../../api/complaint-client';
import { freePort } from '../../db/embedded-postgres';
import { temporalCliPath } from '../../platform/provision/paths';
import { ARCHIVE_SCHEDULE_ID } from '../../worker/archive-schedule';
import { dataConverterFrom } from '../../platform/data-converter';
import { PAYLOAD_KEY_FILE } from '../../platform/payload-key-file';
import { complaintWorkflowId } from '../../workflows/complaint-messages';
import { eventually } from '../support/api-client';
import { anAppeal } from '../support/complaints';
import { startNpmStart, type NpmStart } from '../support/npm-start-process';

// Evaluated in the page by puppeteer, where the DOM exists.
declare const document: { body: { innerText: string } };

const run = promisify(execFile);
const complaint = JSON.parse(readFileSync(resolve(__dirname, '../../docs/examples/complaint.json'), 'utf8'));
const COMPLAINANT = complaint.complainant.iin as string;
const ARTIFACTS = resolve(__dirname, '../artifacts');
const dataDir = mkdtempSync(join(tmpdir(), 'auditor-'));
chmodSync(dataDir, 0o755);
const cli = temporalCliPath()!;
const EXTERNAL_UI = 'https://temporal-ui.example.kz';
let env: Record<string, string>;
let s: NpmStart;
let client: Client;
let plain: Client;
let connection: Connection;

const call = async (
  method: string,
  path: string,
  key: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const res = await fetch(`${s.api}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Authorization: `Bearer ${s.keys[key]}`, 'Content-Type': 'application/json', ...headers },
  });
  return { status: res.status, body: (await res.json()) as any };
};
/** The CLI against npm start's dev server; its output holds personal data, so it is never printed. */
const temporal = async (...args: string[]) =>
  (
    await run(cli, args, {
      env: { ...process.env, TEMPORAL_ADDRESS: `127.0.0.1:${env.TEMPORAL_PORT}` },
      maxBuffer: 16 << 20,
    })
  ).stdout;

beforeAll(async () => {
  env = {
    PORT: '0',
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    TEMPORAL_HTTP_PORT: String(await freePort()),
    WORKER_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
    // A Temporal UI of its own elsewhere, decoding through the API with an auditor's key.
    TEMPORAL_UI_ORIGIN: EXTERNAL_UI,
  };
  s = await startNpmStart(env, dataDir);
  connection = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_PORT}` });
  const keys = readFileSync(join(dataDir, PAYLOAD_KEY_FILE), 'utf8').trim();
  client = new Client({
    connection,
    dataConverter: dataConverterFrom({ PAYLOAD_KEYS: keys, PAYLOAD_KEY_ID: undefined }),
  });
  plain = new Client({ connection });
}, 180_000);

afterAll(async () => {
  await connection?.close();
  if (s) expect([0, 130]).toContain(await s.stop());
  rmSync(dataDir, { recursive: true, force: true });
});

it('encrypts by default with a key of its own in the data directory, and keeps the archive Schedule', async () => {
  expect(statSync(join(dataDir, PAYLOAD_KEY_FILE)).mode & 0o777).toBe(0o600);
  const filed = await call('POST', '/complaints', 'INTAKE_KEY', complaint);
  expect(filed.status).toBe(201);
  const history = await plain.workflow.getHandle(complaintWorkflowId(filed.body.id)).fetchHistory();
  const input = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
  expect(Buffer.from(input.metadata!.encoding!).toString()).toBe('binary/encrypted');
  expect(Buffer.from(input.data!).includes(COMPLAINANT)).toBe(false);

  const schedule = await plain.schedule.getHandle(ARCHIVE_SCHEDULE_ID).describe();
  expect(schedule.action).toMatchObject({
    type: 'startWorkflow',
    workflowType: 'historyArchiverWorkflow',
    taskQueue: 'complaints',
  });
  expect(schedule.spec.intervals).toMatchObject([{ every: 3_600_000 }]);
});

it('lets the Temporal CLI decode a history through /v1/codec with an auditor key, and refuses it without one', async () => {
  const filed = await call('POST', '/complaints', 'INTAKE_KEY', complaint);
  const workflowId = complaintWorkflowId(filed.body.id);
  const codec = ['--codec-endpoint', `${s.api}/codec`];
  const decoded = await temporal(
    'workflow',
    'show',
    '--workflow-id',
    workflowId,
    '--output',
    'json',
    ...codec,
    '--codec-auth',
    `Bearer ${s.keys.AUDITOR_KEY}`,
  );
  const input = (show: string) => {
    const payload = JSON.parse(show).events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
    return {
      encoding: Buffer.from(payload.metadata.encoding, 'base64').toString(),
      data: Buffer.from(payload.data, 'base64').toString(),
    };
  };
  expect(input(decoded).encoding).toBe('json/plain');
  expect(JSON.parse(input(decoded).data).complaint.reasons === complaint.reasons).toBe(true);
  const raw = input(await temporal('workflow', 'show', '--workflow-id', workflowId, '--output', 'json'));
  expect(raw.encoding).toBe('binary/encrypted');
  expect(raw.data.includes(complaint.reasons)).toBe(false);
  await expect(
    temporal('workflow', 'show', '--workflow-id', workflowId, ...codec, '--codec-auth', 'Bearer not-a-key'),
  ).rejects.toThrow();

  // The summary the UI's list shows, from the CLI too (decoded: the summary is a payload).
  const described = await temporal(
    'workflow',
    'describe',
    '--workflow-id',
    workflowId,
    ...codec,
    '--codec-auth',
    `Bearer ${s.keys.AUDITOR_KEY}`,
  );
  expect(described).toContain('Complaint to akimat-almaty · portal · received');
  // The current register line the workflow keeps (what the UI shows as its current details).
  const metadata = await temporal(
    'workflow',
    'metadata',
    '--workflow-id',
    workflowId,
    ...codec,
    '--codec-auth',
    `Bearer ${s.keys.AUDITOR_KEY}`,
  );
  expect(metadata).toContain(
    `${filed.body.incomingNumber} · akimat-almaty · under_review · term to ${filed.body.deadline.slice(0, 10)}`,
  );
});

it("answers a configured Temporal UI's preflight without credentials, from its origin only", async () => {
  const url = `${s.api}/codec/decode`;
  const preflight = await fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: EXTERNAL_UI,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type,x-namespace',
    },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(EXTERNAL_UI);
  expect(preflight.headers.get('access-control-allow-headers')).toContain('x-namespace');
  expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
  const foreign = await fetch(url, {
    method: 'OPTIONS',
    headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
  });
  expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
});

/** A request with a Host header of our choosing (fetch sets its own). */
const withHost = (url: string, host: string, method = 'GET') =>
  new Promise<number>((ok, fail) => {
    const req = httpRequest(url, { method, headers: { Host: host } }, (res) => {
      res.resume();
      ok(res.statusCode!);
    });
    req.on('error', fail);
    req.end();
  });

it("keeps the Temporal UI and the dev server's HTTP API to loopback host names (DNS rebinding)", async () => {
  const ui = `${s.api.replace(/\/v1$/, '')}/temporal-ui/namespaces/default/workflows`;
  expect(s.output()).toContain(`Temporal UI at ${ui.replace(/namespaces.*$/, '')}`);
  expect(await withHost(ui, 'evil.example')).toBe(421);
  expect(await withHost(ui, 'localhost')).toBe(303); // to sign in
  const http = `http://127.0.0.1:${env.TEMPORAL_HTTP_PORT}/api/v1/namespaces`;
  expect(await withHost(http, 'evil.example')).toBe(403);
  expect(await withHost(http, `127.0.0.1:${env.TEMPORAL_HTTP_PORT}`)).toBe(200);
  // The UI server's own port (127.0.0.1 only) has every write action off.
  const settings = await fetch(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}/api/v1/settings`);
  expect(await settings.json()).toMatchObject({ DisableWriteActions: true, WorkflowTerminateDisabled: true });
});

it("shows a complaint's decoded input in the Temporal UI, in a real Chromium", async () => {
  const filed = await call('POST', '/complaints', 'INTAKE_KEY', complaint);
  const workflowId = complaintWorkflowId(filed.body.id);
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 1800 });
    // Through the API, signed in as the auditor (the UI is theirs and the administrator's only).
    const origin = s.api.replace(/\/v1$/, '');
    await page.goto(`${origin}/app/sign-in?next=/temporal-ui/namespaces/default/workflows/${workflowId}`, {
      waitUntil: 'domcontentloaded',
      timeout: 60_000,
    });
    await page.type('input[name=apiKey]', s.keys.AUDITOR_KEY);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 60_000 }),
      page.keyboard.press('Enter'),
    ]);
    await page.waitForFunction(
      (text) => document.body.innerText.includes(text),
      { timeout: 60_000 },
      complaint.reasons as string,
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'temporal-ui-decoded-input.png'), fullPage: true });
    const text = await page.evaluate(() => document.body.innerText);
    expect(text.includes('binary/encrypted')).toBe(false);

    await page.goto(`${origin}/temporal-ui/namespaces/default/workflows`, {
      waitUntil: 'domcontentloaded',
      timeout: 60_000,
    });
    await page.waitForFunction((id) => document.body.innerText.includes(id), { timeout: 60_000 }, workflowId);
    await page.screenshot({ path: join(ARTIFACTS, 'temporal-ui-workflow-list.png'), fullPage: true });
  } finally {
    await browser.close();
  }
}, 180_000);

/** The README's recipes, each as the shell runs it (comment line, then its lines), with JSON output. */
function readmeRecipes(): Map<number, string> {
  const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
  const block = /<!-- recipes: begin -->\n```sh\n([\s\S]*?)```\n<!-- recipes: end -->/.exec(readme)![1];
  const recipes = new Map<number, string>();
  for (const part of block.split(/^# (?=\d\. )/m).filter((p) => p.trim())) {
    const number = Number(part.slice(0, part.indexOf('.')));
    const lines = part.split('\n').slice(1).filter(Boolean);
    recipes.set(number, lines.join('\n').replace(/\n?$/, ' --output json\n'));
  }
  return recipes;
}

it("answers the README's five auditor queries with the real CLI", async () => {
  const recipes = readmeRecipes();
  expect([...recipes.keys()]).toEqual([1, 2, 3, 4, 5]);
  const ask = async (n: number, vars: Record<string, string> = {}) => {
    const { stdout } = await run('bash', ['-c', recipes.get(n)!], {
      env: {
        ...process.env,
        ...vars,
        PATH: `${dirname(cli)}:${process.env.PATH}`,
        TEMPORAL_ADDRESS: `127.0.0.1:${env.TEMPORAL_PORT}`,
      },
    });
    return new Set([...stdout.matchAll(/"workflowId":\s*"([^"]+)"/g)].map((m) => m[1]));
  };
  const portal = { 'X-Complainant-Id': COMPLAINANT };
  const idOf = (filed: { body: { id: string } }) => complaintWorkflowId(filed.body.id);

  // Overdue: received a month ago, never decided (the workflow marks it overdue at once).
  const overdueId = randomUUID();
  await fileComplaint(client, {
    complaintId: overdueId,
    complaint,
    receivedAt: new Date(Date.now() - 30 * 86_400_000),
    appealWindowDays: 30,
    taskQueue: 'complaints',
  });
  const fresh = await call('POST', '/complaints', 'INTAKE_KEY', complaint);
  // Received three days ago: due in the coming days.
  const dueSoonId = randomUUID();
  await fileComplaint(client, {
    complaintId: dueSoonId,
    complaint,
    receivedAt: new Date(Date.now() - 3 * 86_400_000),
    appealWindowDays: 30,
    taskQueue: 'complaints',
  });
  // Decided at the quality-control body after an escalation.
  const appealed = await call('POST', '/complaints', 'INTAKE_KEY', complaint);
  const decision = {
    outcome: 'rejected',
    reasoning: 'The certificate was issued in time; the applicant did not collect it.',
    decidedBy: 'Досаев Е.А.',
  };
  expect((await call('POST', `/complaints/${appealed.body.id}/decision`, 'OFFICIAL_KEY', decision)).status).toBe(200);
  const escalated = await call('POST', `/complaints/${appealed.body.id}/escalation`, 'PORTAL_KEY', anAppeal(), portal);
  expect(escalated.status).toBe(200);
  expect(
    (
      await call('POST', `/complaints/${appealed.body.id}/decision`, 'QCB_OFFICIAL_KEY', {
        ...decision,
        decidedBy: 'Сейткали А.М.',
      })
    ).status,
  ).toBe(200);
  // Closed this month: withdrawn.
  const withdrawn = await call('POST', '/complaints', 'INTAKE_KEY', complaint);
  expect((await call('POST', `/complaints/${withdrawn.body.id}/withdrawal`, 'INTAKE_KEY', {})).status).toBe(200);

  const overdueWorkflow = complaintWorkflowId(overdueId);
  const sees = (n: number, workflowId: string, vars?: Record<string, string>) =>
    eventually(
      async () => ((await ask(n, vars)).has(workflowId) ? true : undefined),
      `recipe ${n} lists ${workflowId}`,
      30_000,
    );

  await sees(1, overdueWorkflow);
  expect((await ask(1)).has(idOf(fresh))).toBe(false);

  // Listed exactly when the register's deadline lies in the coming 7 days.
  const dueSoon = complaintWorkflowId(dueSoonId);
  const deadlineOf = async (id: string) =>
    Date.parse((await call('GET', `/complaints/${id}`, 'AUDITOR_KEY')).body.deadline);
  const inWeek = async (id: string) => {
    const d = await deadlineOf(id);
    return d > Date.now() && d < Date.now() + 7 * 86_400_000;
  };
  expect(await inWeek(dueSoonId)).toBe(true); // five working days from three days ago
  await sees(2, dueSoon);
  const week = await ask(2);
  expect(week.has(idOf(fresh))).toBe(await inWeek(fresh.body.id));
  expect(week.has(overdueWorkflow)).toBe(false);

  await sees(3, idOf(appealed));
  expect((await ask(3)).has(idOf(fresh))).toBe(false);

  expect(escalated.body.incomingNumber).toMatch(/^QCB-/);
  await sees(4, idOf(appealed), { NUMBER: appealed.body.incomingNumber });
  await sees(4, idOf(appealed), { NUMBER: escalated.body.incomingNumber });
  expect([...(await ask(4, { NUMBER: fresh.body.incomingNumber }))]).toEqual([idOf(fresh)]);

  // Closed this month, so not last month; the same recipe for this month finds it.
  const thisMonth = new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 7);
  await client.workflow.getHandle(idOf(withdrawn)).result();
  await sees(5, idOf(withdrawn), { MONTH: thisMonth });
  expect((await ask(5)).has(idOf(withdrawn))).toBe(false);
}, 180_000);
