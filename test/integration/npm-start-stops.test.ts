// `npm start` stops every process it started whatever way it ends: a server of it dying, its stack
// crashing with no chance to clean up, SIGTERM. Each time no process it started is left (by pid)
// and every port it listened on is free again.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../db/embedded-postgres';
import { accepts } from '../../platform/provision/test-server';
import { childrenOf, descendantsOf, isRunning } from '../../scripts/process-tree';
import { eventually } from '../support/api-client';
import { startNpmStart, type NpmStart } from '../support/npm-start-process';

const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-stops-'));
let env: Record<string, string>;
let running: NpmStart | undefined;

const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
};

/** npm start, what it runs (by pid) and the ports it listens on. */
async function start() {
  running = await startNpmStart(env, dataDir);
  const { child } = running;
  const processes = descendantsOf(child.pid!);
  const [stack] = childrenOf(child.pid!);
  const temporal = processes.find((pid) => / server start-dev /.test(commandOf(pid)));
  const postgres = Number(/PostgreSQL on port (\d+)/.exec(running.output())?.[1]);
  const api = Number(new URL(running.api).port);
  const ports = [Number(env.TEMPORAL_PORT), Number(env.TEMPORAL_UI_PORT), postgres, api];
  expect(stack).toBeDefined();
  expect(temporal).toBeDefined();
  for (const port of ports) expect([port, await accepts(port)]).toEqual([port, true]);
  return { ...running, stack: stack!, temporal: temporal!, processes, ports };
}

/** npm start has exited with `code`; nothing it started runs, nothing listens on its ports. */
async function expectAllStopped(started: Awaited<ReturnType<typeof start>>, expectedCodes: Array<number | null>) {
  const code = await new Promise<number | null>((ok) => {
    if (started.child.exitCode !== null) ok(started.child.exitCode);
    else started.child.on('exit', ok);
  });
  running = undefined;
  expect(expectedCodes).toContain(code);
  // npm start waits for them, except when it was killed itself: then the stack stops them on its own.
  await eventually(
    async () => (started.processes.some(isRunning) ? undefined : true),
    'every process npm start started to end',
    30_000,
  ).catch(() => undefined);
  expect(started.processes.filter(isRunning).map((pid) => [pid, commandOf(pid)])).toEqual([]);
  for (const port of started.ports) {
    await eventually(async () => ((await accepts(port)) ? undefined : true), `port ${port} closed`, 10_000);
  }
}

/** The exit of npm start within a minute, or a failure naming what it printed. */
const exitWithin = (started: NpmStart, ms: number) =>
  new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`npm start still runs:\n${started.output().slice(-1500)}`)), ms);
    started.child.on('exit', () => {
      clearTimeout(timer);
      ok();
    });
  });

beforeAll(async () => {
  env = {
    PORT: '0',
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    WORKER_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
  };
});

afterAll(async () => {
  if (running) {
    for (const pid of [...descendantsOf(running.child.pid!), running.child.pid!]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

it('stops everything when the Temporal dev server dies', async () => {
  const started = await start();
  const exited = exitWithin(started, 60_000);
  process.kill(started.temporal, 'SIGKILL');
  await exited;
  await expectAllStopped(started, [1]);
}, 300_000);

it('stops everything when its stack crashes with no chance to clean up', async () => {
  const started = await start();
  const exited = exitWithin(started, 60_000);
  process.kill(started.stack, 'SIGKILL');
  await exited;
  await expectAllStopped(started, [1]);
}, 300_000);

// 143 = 128 + SIGTERM: embedded-postgres's exit hook may end the stack that way once its server is down.
it('stops everything on SIGTERM, and exits as stopped by it', async () => {
  const started = await start();
  const exited = exitWithin(started, 60_000);
  started.child.kill('SIGTERM');
  await exited;
  await expectAllStopped(started, [0, 143]);
}, 300_000);

it('stops everything when npm start itself is killed (SIGKILL): the stack sees it gone', async () => {
  const started = await start();
  started.child.kill('SIGKILL');
  await expectAllStopped(started, [null]);
}, 300_000);
