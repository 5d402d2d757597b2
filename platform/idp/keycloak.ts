// The identity provider of the tests and of `npm run idp`: Keycloak from the provisioned cache,
// started in development mode on loopback with the demo realm (platform/idp/complaints-realm.json)
// imported into an in-memory database, so every start begins from the file.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { provisionKeycloak } from '../provision/keycloak';
import { keycloakHome } from '../provision/paths';
import { launchKeycloak, type KeycloakProcess } from './keycloak-process';

export const DEMO_REALM = 'complaints';
/** Keycloak imports a realm from a file named `<realm>-realm.json`. */
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

export interface RunningKeycloak extends KeycloakProcess {
  /** The demo realm's issuer (OIDC_ISSUER). */
  issuer: string;
}

/** Starts Keycloak with the demo realm (provisioning it first if the cache lacks it). */
export async function startKeycloak(
  options: { port?: number; logFile?: string; startTimeoutMs?: number } = {},
): Promise<RunningKeycloak> {
  await provisionKeycloak();
  const importDir = join(keycloakHome, 'data', 'import');
  mkdirSync(importDir, { recursive: true });
  copyFileSync(DEMO_REALM_FILE, join(importDir, `${DEMO_REALM}-realm.json`));
  const keycloak = await launchKeycloak({
    ...options,
    args: ['--import-realm'],
    readyPath: `/realms/${DEMO_REALM}/.well-known/openid-configuration`,
  });
  return { ...keycloak, issuer: `${keycloak.url}/realms/${DEMO_REALM}` };
}
