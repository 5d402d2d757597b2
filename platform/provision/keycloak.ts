import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { launchKeycloak } from '../idp/keycloak-process';
import { hasCommand, log, run } from './commands';
import { keycloakJavaHome } from './keycloak-java';
import { KEYCLOAK_VERSION, keycloakHome, keycloakStamp } from './paths';

const ARTIFACT = `org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:zip`;

/**
 * Fetches Keycloak's distribution from Maven Central, unpacks it into the cache and starts it once,
 * so each later start skips the minute-long build. The stamp
 * is written last: an interrupted provisioning starts over.
 */
export async function provisionKeycloak(): Promise<void> {
  if (existsSync(keycloakStamp)) return log(`Keycloak: cached in ${keycloakHome}`);
  for (const tool of ['mvn', 'unzip']) {
    if (!hasCommand(tool)) throw new Error(`Keycloak: \`${tool}\` is not installed`);
  }
  const javaHome = keycloakJavaHome();
  const dir = dirname(keycloakHome);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`Keycloak: fetching ${ARTIFACT} from Maven Central`);
  await run('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${dir}`]);
  const zip = join(dir, `keycloak-quarkus-dist-${KEYCLOAK_VERSION}.zip`);
  await run('unzip', ['-q', zip, '-d', dir]);
  rmSync(zip);
  // start-dev cannot be built ahead (`kc.sh build` is for production mode): its first start builds
  // the distribution for its options and keeps the build, so provisioning starts it once.
  log(`Keycloak: first start on ${javaHome}, which builds it for start-dev (a minute or two)`);
  const warm = await launchKeycloak({ readyPath: '/realms/master' });
  await warm.stop();
  writeFileSync(keycloakStamp, `${ARTIFACT}\n`);
  log(`Keycloak: ready in ${keycloakHome}`);
}
