// One Keycloak process in development mode on loopback, from the provisioned distribution: started
// in a process group of its own (kc.sh and the JVM it starts stop together) and waited for until
// `readyPath` answers. Provisioning uses it once to warm the distribution up; tests and
// `npm run idp` through platform/idp/keycloak.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { KEYCLOAK_START_OPTIONS, keycloakEnv } from '../provision/keycloak-java';
import { keycloakHome } from '../provision/paths';

export interface KeycloakProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The master realm's administrator, for the admin REST API. */
  admin: { username: string; password: string };
  child: ChildProcess;
  /** The last of its output (when not written to a log file). */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

export interface LaunchOptions {
  port?: number;
  /** Extra arguments of start-dev (`--import-realm`). */
  args?: string[];
  /** The path whose answer means "ready" (a realm's discovery document). */
  readyPath: string;
  startTimeoutMs?: number;
  /** Output to this file instead of a pipe: the process may outlive the one that started it. */
  logFile?: string;
}

export async function launchKeycloak(options: LaunchOptions): Promise<KeycloakProcess> {
  const port = options.port ?? (await freePort());
  const admin = { username: 'admin', password: randomBytes(12).toString('base64url') };
  const logFd = options.logFile ? openSync(options.logFile, 'a') : undefined;
  const child = spawn(
    join(keycloakHome, 'bin', 'kc.sh'),
    ['start-dev', '--http-host=127.0.0.1', `--http-port=${port}`, ...KEYCLOAK_START_OPTIONS, ...(options.args ?? [])],
    {
      env: {
        ...keycloakEnv(),
        KC_BOOTSTRAP_ADMIN_USERNAME: admin.username,
        KC_BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      },
      stdio: logFd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', logFd, logFd],
      detached: true,
    },
  );
  if (logFd !== undefined) closeSync(logFd);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return; // already gone
    }
    await exited;
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 240_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Keycloak exited with ${child.exitCode}:\n${output.slice(-3000)}`);
    const ready = await fetch(`${url}${options.readyPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `Keycloak did not answer within ${options.startTimeoutMs ?? 240_000} ms:\n${output.slice(-3000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url, admin, child, output: () => output, stop };
}
