// npm start: runs everything on one machine (scripts/start-stack.ts: the Temporal dev server, the
// Temporal UI server, PostgreSQL, the worker, the API) in a process group of its own, and stops
// that whole group however the stack ends: Ctrl-C, SIGTERM, SIGHUP, an uncaught error, a crash,
// a server of the stack dying. A crashed stack cannot stop its own children; this process can.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { groupMembers } from './process-tree';

const say = (line: string) => process.stdout.write(`[start] ${line}\n`);
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** How long the stack has to stop by itself after a signal before its group is killed. */
const GRACE_MS = 30_000;

// The same node and loader (tsx) as this process; `ipc` tells the stack when this process is gone.
const stack = spawn(process.execPath, [...process.execArgv, resolve(__dirname, 'start-stack.ts')], {
  detached: true, // its own process group: the terminal's Ctrl-C reaches this process only, which passes it on
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
});
const pgid = stack.pid!;

function signalGroup(signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: nothing of the group is left
  }
}

/** Ends what is left of the stack's group: SIGTERM, then SIGKILL to whatever outlives it. */
async function stopGroup(): Promise<void> {
  if (groupMembers(pgid).length === 0) return;
  say(`stopping what the stack left running (${groupMembers(pgid).length} processes)`);
  signalGroup('SIGTERM');
  for (let waited = 0; waited < 10_000 && groupMembers(pgid).length > 0; waited += 100) await sleep(100);
  signalGroup('SIGKILL');
}

let signalled: NodeJS.Signals | undefined;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // The stack stops its parts in order (scripts/start-stack.ts); a second signal is not a hurry.
    if (signalled) return;
    signalled = signal;
    try {
      stack.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal);
    } catch {
      // already gone: the exit handler below cleans up
    }
    setTimeout(() => {
      say(`the stack did not stop within ${GRACE_MS / 1000} s`);
      signalGroup('SIGKILL');
    }, GRACE_MS).unref();
  });
}

process.on('uncaughtException', (err) => {
  process.stderr.write(`[start] ${err?.stack ?? err}\n`);
  signalGroup('SIGKILL');
  process.exit(1);
});

stack.on('exit', (code, signal) => {
  void stopGroup().then(() => {
    if (signal && !signalled) say(`the stack was ended by ${signal}`);
    process.exit(code ?? 1);
  });
});
