// The identity provider of the tests and of `npm run idp`: Keycloak from the provisioned cache,
// started in development mode on loopback with the demo realm (platform/idp/complaints-realm.json)
// imported into an in-memory database, so every start begins from the file.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { KEYCLOAK_BUILD_OPTIONS, keycloakEnv, provisionKeycloak } from '../provision/keycloak';
import { keycloakHome } from '../provision/paths';

export const DEMO_REALM = 'complaints';
export const DEMO_REALM_FILE = join(__dirname, `${DEMO_REALM}-realm.json`);

/** The demo realm's clients and their secrets (platform/idp/complaints-realm.json); never a real provider's. */
export const DEMO_CLIENTS = {
  workbench: { id: 'complaints-workbench', secret: 'demo-workbench-secret' },
  intake: { id: 'complaints-intake', secret: 'demo-intake-secret' },
} as const;
/** The audience the demo intake client's tokens carry (OIDC_AUDIENCE). */
export const DEMO_AUDIENCE = 'complaints-api';
/** Every demo user's password. */
export const DEMO_PASSWORD = 'demo-password';

export interface RunningKeycloak {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The demo realm's issuer (OIDC_ISSUER). */
  issuer: string;
  /** The master realm's administrator, for the admin REST API. */
  admin: { username: string; password: string };
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

/** Starts Keycloak (provisioning it first if the cache lacks it) and waits until the realm answers. */
export async function startKeycloak(options: { port?: number; startTimeoutMs?: number } = {}): Promise<RunningKeycloak> {
  await provisionKeycloak();
  const importDir = join(keycloakHome, 'data', 'import');
  mkdirSync(importDir, { recursive: true });
  copyFileSync(DEMO_REALM_FILE, join(importDir, `${DEMO_REALM}-realm.json`));
  const port = options.port ?? (await freePort());
  const admin = { username: 'admin', password: randomBytes(12).toString('base64url') };
  const child = spawn(
    join(keycloakHome, 'bin', 'kc.sh'),
    ['start-dev', `--http-host=127.0.0.1`, `--http-port=${port}`, '--import-realm', ...KEYCLOAK_BUILD_OPTIONS],
    {
      env: {
        ...keycloakEnv(),
        KC_BOOTSTRAP_ADMIN_USERNAME: admin.username,
        KC_BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: stop() ends kc.sh and the JVM it starts together
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const url = `http://127.0.0.1:${port}`;
  const issuer = `${url}/realms/${DEMO_REALM}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await exited;
    }
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Keycloak exited with ${child.exitCode}:\n${output.slice(-3000)}`);
    const ready = await fetch(`${issuer}/.well-known/openid-configuration`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Keycloak did not answer within the start timeout:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url, issuer, admin, child, output: () => output, stop };
}

/** Whether the cache holds a provisioned Keycloak (tests that need one provision it otherwise). */
export const keycloakProvisioned = () => existsSync(join(keycloakHome, 'bin', 'kc.sh'));
