// The JDK Keycloak runs on and how: Java 21 or newer, found beside the machine's Java 17.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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

/**
 * Every start-dev runs with the same options, so the build it makes on its first start (provisioning
 * makes it) is reused: an in-memory database, each run starting from the realm file.
 */
export const KEYCLOAK_START_OPTIONS = ['--db=dev-mem'];
