import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface NpmStart {
  child: ChildProcess;
  /** The API's base URL, `http://localhost:<port>/v1`. */
  api: string;
  /** The demo keys from data/demo-keys.env (INTAKE_KEY, AUDITOR_KEY, …). */
  keys: Record<string, string>;
  output(): string;
  /** Ctrl-C, and the exit. */
  stop(): Promise<number | null>;
}

/** `npm start` (scripts/start.ts, in this process's node) on a data directory, until the API answers. */
export async function startNpmStart(env: Record<string, string>, dataDir: string): Promise<NpmStart> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../scripts/start.ts')], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', TEMPORAL_ADDRESS: '', PAYLOAD_KEYS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    output += c.toString();
  });
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
  return {
    child,
    api: `http://localhost:${port}/v1`,
    keys,
    output: () => output,
    stop() {
      const exited = new Promise<number | null>((ok) => child.on('exit', ok));
      child.kill('SIGINT');
      return exited;
    },
  };
}
