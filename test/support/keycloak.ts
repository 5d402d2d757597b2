// One Keycloak per jest run, started by the first test file that asks for it (a run without
// sign-in tests starts none) and shared by the others through a file in the run's directory;
// the global teardown stops it. Outside a jest run with the global setup, each process starts
// its own and stops it when it exits.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PASSWORD, DEMO_REALM, startKeycloak } from '../../platform/idp/keycloak';
import { KEYCLOAK_VERSION } from '../../platform/provision/paths';

export interface SharedKeycloak {
  url: string;
  issuer: string;
  admin: { username: string; password: string };
  pid: number;
}

const INFO = 'keycloak.json';
const FAILED = 'keycloak.failed';
let own: Promise<SharedKeycloak> | undefined;

async function start(logFile: string | undefined): Promise<SharedKeycloak> {
  process.stderr.write(
    `[keycloak] starting Keycloak ${KEYCLOAK_VERSION} with the demo realm for this test run (a minute or two)` +
      `${logFile ? `; its log: ${logFile}` : ''}\n`,
  );
  const started = Date.now();
  const keycloak = await startKeycloak({ logFile });
  keycloak.child.unref();
  process.stderr.write(`[keycloak] up at ${keycloak.url} after ${Math.round((Date.now() - started) / 1000)} s\n`);
  return { url: keycloak.url, issuer: keycloak.issuer, admin: keycloak.admin, pid: keycloak.child.pid! };
}

export async function sharedKeycloak(): Promise<SharedKeycloak> {
  const dir = process.env.TEST_KEYCLOAK_DIR;
  if (!dir) {
    own ??= start(undefined).then((k) => {
      process.once('exit', () => stopKeycloak(k.pid));
      return k;
    });
    return own;
  }
  const info = join(dir, INFO);
  try {
    mkdirSync(join(dir, 'starting')); // the first file to get here starts it
  } catch {
    for (let waited = 0; !existsSync(info); waited += 500) {
      if (existsSync(join(dir, FAILED)))
        throw new Error(`Keycloak failed to start: ${readFileSync(join(dir, FAILED))}`);
      if (waited > 300_000) throw new Error('timed out waiting for the run’s Keycloak');
      await new Promise((r) => setTimeout(r, 500));
    }
    return JSON.parse(readFileSync(info, 'utf8')) as SharedKeycloak;
  }
  try {
    const keycloak = await start(join(dir, 'keycloak.log'));
    writeFileSync(info, JSON.stringify(keycloak));
    return keycloak;
  } catch (err) {
    writeFileSync(join(dir, FAILED), String((err as Error)?.message ?? err));
    throw err;
  }
}

/** The global teardown: the run's Keycloak, if a test started one. */
export function stopSharedKeycloak(): void {
  const dir = process.env.TEST_KEYCLOAK_DIR;
  const info = dir && join(dir, INFO);
  if (info && existsSync(info)) stopKeycloak((JSON.parse(readFileSync(info, 'utf8')) as SharedKeycloak).pid);
}

function stopKeycloak(pid: number): void {
  try {
    process.kill(-pid, 'SIGTERM'); // its process group: kc.sh and the JVM
  } catch {
    // already gone
  }
}

/** The admin REST API of the demo realm, as the master realm's administrator. */
export function keycloakAdmin(keycloak: SharedKeycloak) {
  const token = async () => {
    const res = await fetch(`${keycloak.url}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'admin-cli',
        username: keycloak.admin.username,
        password: keycloak.admin.password,
      }),
    });
    if (!res.ok) throw new Error(`Keycloak admin token: ${res.status}`);
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${keycloak.url}/admin/realms/${DEMO_REALM}${path}`, {
      method,
      headers: { Authorization: `Bearer ${await token()}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`Keycloak admin ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 || res.status === 201 ? undefined : res.json();
  };
  return {
    async setUserEnabled(username: string, enabled: boolean): Promise<void> {
      const [user] = (await call('GET', `/users?exact=true&username=${encodeURIComponent(username)}`)) as Array<{
        id: string;
      }>;
      if (!user) throw new Error(`no Keycloak user ${username}`);
      await call('PUT', `/users/${user.id}`, { enabled });
    },
    /** A new RSA signing key of higher priority than the realm's: tokens from now on are signed with it. */
    async rotateSigningKey(): Promise<void> {
      const realm = (await call('GET', '')) as { id: string };
      await call('POST', '/components', {
        name: `rotated-${Date.now()}`,
        providerId: 'rsa-generated',
        providerType: 'org.keycloak.keys.KeyProvider',
        parentId: realm.id,
        config: {
          priority: [String(1000 + (Math.floor(Date.now() / 1000) % 100000))],
          keySize: ['2048'],
          algorithm: ['RS256'],
        },
      });
    },
    /** A confidential client with client credentials only, its claims hardcoded; its id and secret. */
    async createSystemClient(
      clientId: string,
      options: { claims?: Record<string, string>; audience?: string; tokenLifespanSeconds?: number },
    ): Promise<{ clientId: string; secret: string }> {
      const secret = `${clientId}-secret`;
      const mapper = (name: string, protocolMapper: string, config: Record<string, string>) => ({
        name,
        protocol: 'openid-connect',
        protocolMapper,
        config: { ...config, 'access.token.claim': 'true', 'id.token.claim': 'false' },
      });
      await call('POST', '/clients', {
        clientId,
        secret,
        enabled: true,
        publicClient: false,
        standardFlowEnabled: false,
        serviceAccountsEnabled: true,
        attributes: options.tokenLifespanSeconds
          ? { 'access.token.lifespan': String(options.tokenLifespanSeconds) }
          : {},
        protocolMappers: [
          ...Object.entries(options.claims ?? {}).map(([claim, value]) =>
            mapper(claim, 'oidc-hardcoded-claim-mapper', {
              'claim.name': claim,
              'claim.value': value,
              'jsonType.label': 'String',
            }),
          ),
          ...(options.audience
            ? [mapper('audience', 'oidc-audience-mapper', { 'included.custom.audience': options.audience })]
            : []),
        ],
      });
      return { clientId, secret };
    },
  };
}

/** A client-credentials access token of a client of the demo realm. */
export async function clientToken(keycloak: SharedKeycloak, clientId: string, secret: string): Promise<string> {
  const res = await fetch(`${keycloak.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  });
  if (!res.ok) throw new Error(`Keycloak token for ${clientId}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export { DEMO_PASSWORD };
