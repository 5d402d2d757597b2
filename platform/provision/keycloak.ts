import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hasCommand, log, run } from './commands';
import { KEYCLOAK_VERSION, keycloakHome, keycloakStamp } from './paths';

const ARTIFACT = `org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:zip`;
const JVM_DIR = '/usr/lib/jvm';

/** Keycloak 26 needs Java 21 or newer; these machines carry Java 17 as `java` and a newer JDK beside it. */
const MIN_JAVA = 21;

/** A JDK's major version from its `release` file (`JAVA_VERSION="25.0.1"`), or 0. */
function javaMajor(javaHome: string): number {
  const release = join(javaHome, 'release');
  if (!existsSync(release) || !existsSync(join(javaHome, 'bin', 'java'))) return 0;
  const m = /^JAVA_VERSION="(\d+)/m.exec(readFileSync(release, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/**
 * The JDK Keycloak runs on: KEYCLOAK_JAVA_HOME, else JAVA_HOME when new enough, else the newest
 * JDK under /usr/lib/jvm. Set for Keycloak only: the Temporal test server keeps the machine's java.
 */
export function keycloakJavaHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KEYCLOAK_JAVA_HOME) return env.KEYCLOAK_JAVA_HOME;
  if (env.JAVA_HOME && javaMajor(env.JAVA_HOME) >= MIN_JAVA) return env.JAVA_HOME;
  const found = existsSync(JVM_DIR)
    ? readdirSync(JVM_DIR)
        .map((name) => join(JVM_DIR, name))
        .map((home) => ({ home, major: javaMajor(home) }))
        .filter((j) => j.major >= MIN_JAVA)
        .sort((a, b) => b.major - a.major)
    : [];
  if (!found[0]) throw new Error(`Keycloak: no Java ${MIN_JAVA}+ under ${JVM_DIR}; set KEYCLOAK_JAVA_HOME`);
  return found[0].home;
}

/**
 * The environment Keycloak's scripts run in: its own JDK, and on Java 24+ the opening of
 * java.lang that its JBoss logging still needs.
 */
export function keycloakEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const javaHome = keycloakJavaHome(env);
  return {
    ...env,
    JAVA_HOME: javaHome,
    PATH: `${join(javaHome, 'bin')}:${env.PATH ?? ''}`,
    JAVA_OPTS_APPEND: '--add-opens=java.base/java.lang=ALL-UNNAMED',
  };
}

/** The options `start-dev` is built for: its in-memory database (each run starts from the realm file). */
export const KEYCLOAK_BUILD_OPTIONS = ['--db=dev-mem'];

/**
 * Fetches Keycloak's distribution from Maven Central, unpacks it into the cache and builds it once
 * for start-dev with an in-memory database, so each start skips the minute-long build. The stamp
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
  log(`Keycloak: building for start-dev on ${javaHome} (about a minute)`);
  await run(join(keycloakHome, 'bin', 'kc.sh'), ['--profile=dev', 'build', ...KEYCLOAK_BUILD_OPTIONS], keycloakEnv());
  writeFileSync(keycloakStamp, `${ARTIFACT}\n`);
  log(`Keycloak: ready in ${keycloakHome}`);
}
