// `npm start`, the README's first command, as a user runs it: everything embedded in a data
// directory, the README's curl session against it, Ctrl-C, and a second start on the same data
// that carries on with the same case.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../db/embedded-postgres';
import { accepts } from '../../platform/provision/test-server';
import { eventually } from '../support/api-client';
import { anAppeal } from '../support/complaints';

const complaint = JSON.parse(readFileSync(resolve(__dirname, '../../docs/examples/complaint.json'), 'utf8'));
const COMPLAINANT = complaint.complainant.iin as string;
const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
chmodSync(dataDir, 0o755);
let ports: Record<string, string>;
let running: { child: ChildProcess; output: () => string } | undefined;

interface Started {
  api: string;
  keys: Record<string, string>;
}

/** `npm start` (scripts/start.ts, in this process's node) until it prints where the API is. */
async function start(): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../scripts/start.ts')], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', TEMPORAL_ADDRESS: '', ...ports },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  running = { child, output: () => output };
  const port = await new Promise<string>((ok, fail) => {
    const timer = setInterval(() => {
      const m = /API at http:\/\/localhost:(\d+)\/v1/.exec(output);
      if (m) {
        clearInterval(timer);
        ok(m[1]);
      }
    }, 100);
    child.on('exit', (code) => {
      clearInterval(timer);
      fail(new Error(`npm start exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
  child.removeAllListeners('exit');
  const keys = Object.fromEntries(
    readFileSync(join(dataDir, 'demo-keys.env'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('=') as [string, string]),
  );
  return { api: `http://localhost:${port}/v1`, keys };
}

/** Ctrl-C: the process ends by itself (130 is Ctrl-C's exit status) and leaves no server behind. */
async function stop(): Promise<void> {
  const { child, output } = running!;
  running = undefined;
  const exited = new Promise<number | null>((ok) => child.on('exit', ok));
  child.kill('SIGINT');
  expect([0, 130]).toContain(await exited);
  const postgresPort = Number(/PostgreSQL on port (\d+)/.exec(output())?.[1]);
  for (const port of [postgresPort, Number(ports.TEMPORAL_PORT)]) {
    await eventually(async () => ((await accepts(port)) ? undefined : true), `port ${port} closed`, 10_000);
  }
}

/** What holds personal data is for the owner only (0711 as root: postgres passes through to data/pg). */
function expectPrivateData(outbox: string): void {
  const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
  expect(mode(dataDir)).toBe(process.getuid?.() === 0 ? '711' : '700');
  const files = ['temporal.db', 'temporal.db-wal', 'temporal.db-shm', 'demo-keys.env']
    .map((f) => join(dataDir, f))
    .filter((f) => existsSync(f));
  expect(files.length).toBeGreaterThanOrEqual(2);
  for (const file of files) expect([file, mode(file)]).toEqual([file, '600']);
  expect(mode(outbox)).toBe('700');
  for (const file of readdirSync(outbox)) expect([file, mode(join(outbox, file))]).toEqual([file, '600']);
}

/** The local addresses listening on a TCP port (Linux /proc), e.g. ['127.0.0.1']. */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [address, p] = local.split(':');
      if (state !== '0A' || p !== hexPort) continue;
      found.push(
        address.length === 8
          ? address
              .match(/../g)!
              .reverse()
              .map((h) => parseInt(h, 16))
              .join('.')
          : `ipv6:${address}`,
      );
    }
  }
  return found;
}

const call = async (
  s: Started,
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

beforeAll(async () => {
  // Environment variables as strings; the dev server, its UI and the worker's metrics on free ports.
  ports = {
    PORT: '0',
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    WORKER_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
  };
});

afterAll(async () => {
  if (running) {
    running.child.kill('SIGKILL');
    running = undefined;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

it("runs the README's session, stops on Ctrl-C, and carries on with the case after a restart", async () => {
  let s = await start();
  const filed = await call(s, 'POST', '/complaints', 'INTAKE_KEY', complaint, { 'Idempotency-Key': 'npm-start-1' });
  expect(filed.status).toBe(201);
  expect(filed.body.incomingNumber).toMatch(/^AKM-\d{4}-\d{6}$/);
  const id = filed.body.id as string;
  const listed = await call(s, 'GET', '/complaints?bodyId=akimat-almaty&status=under_review', 'OFFICIAL_KEY');
  expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(id);
  const decided = await call(s, 'POST', `/complaints/${id}/decision`, 'OFFICIAL_KEY', {
    outcome: 'partially_satisfied',
    reasoning: 'The certificate is issued; the delay was caused by the registry.',
    decidedBy: 'Досаев Е.А.',
  });
  expect(decided.status).toBe(200);
  expect(decided.body).toMatchObject({
    decidedBy: 'Досаев Е.А.',
    signedBy: { role: 'official', person: { surname: 'Досаев', initials: 'Е.А.' } },
  });
  expectPrivateData(
    await eventually(async () => {
      const outbox = join(dataDir, 'outbox');
      return existsSync(outbox) && readdirSync(outbox).length > 0 ? outbox : undefined;
    }, 'the answer written to data/outbox'),
  );
  expect(listeners(Number(ports.TEMPORAL_UI_PORT))).toEqual(['127.0.0.1']);
  await stop();

  s = await start();
  expect((await call(s, 'GET', `/complaints/${id}`, 'AUDITOR_KEY')).body.status).toBe('decided');
  const portal = { 'X-Complainant-Id': COMPLAINANT };
  const escalated = await call(s, 'POST', `/complaints/${id}/escalation`, 'PORTAL_KEY', anAppeal(), portal);
  expect(escalated.status).toBe(200);
  // The quality-control body registers the escalation as stage 2 of the same case.
  const stage2 = await eventually(async () => {
    const timeline = await call(s, 'GET', `/complaints/${id}/timeline`, 'PORTAL_KEY', undefined, portal);
    const events = timeline.body.events as Array<{ stage: number; kind: string }>;
    return events.some((e) => e.stage === 2 && e.kind === 'registered') ? events : undefined;
  }, 'stage 2 registered');
  expect(stage2).toEqual(expect.arrayContaining([expect.objectContaining({ stage: 1, kind: 'decided' })]));
  await stop();
}, 300_000);
