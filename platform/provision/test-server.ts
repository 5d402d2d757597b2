import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { hasCommand, log, run } from './commands';
import { provisionedTestServerPath, TEST_SERVER_VERSION } from './paths';

const serverDir = dirname(provisionedTestServerPath);
const libDir = join(serverDir, 'lib');
const archive = join(serverDir, 'classes.jsa');
const pom = join(__dirname, 'test-server-pom.xml');
/** Our launcher: the stock server with a clock that starts at a given instant (tests pin their dates). */
const launcherSource = join(__dirname, 'PinnedClockTestServer.java');
const launcherDir = join(serverDir, 'launcher');
const launcherJar = join(serverDir, 'pinned-clock.jar');
const launcherStamp = join(serverDir, 'launcher.sha256');
// Class-data sharing takes jars only, not class directories: the launcher goes in a jar of its own.
const classPath = `${libDir}/*:${launcherJar}`;

/**
 * The SDK gives a spawned server 5 s to accept connections. A cold JVM needs about 3 s on two
 * busy cores, so the wrapper runs with a class-data-sharing archive made here (about 1 s) and
 * C1-only compilation. The SDK kills the process it spawned, hence `exec`.
 */
function wrapperScript(): string {
  return `#!/bin/sh
# Temporal time-skipping test server ${TEST_SERVER_VERSION} (made by npm run provision)
# Its clock starts where its second argument says; a clock faked for the other processes of a
# test run (scripts/test-at-dates.ts, libfaketime) stalls the JVM's start, so it stops here.
unset LD_PRELOAD FAKETIME
exec java -Xshare:auto -XX:SharedArchiveFile="${archive}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss1m \\
  -cp "${classPath}" PinnedClockTestServer "$@"
`;
}

export async function provisionTestServer(): Promise<void> {
  if (process.env.TEMPORAL_TEST_SERVER_PATH) {
    return log(`test server: using TEMPORAL_TEST_SERVER_PATH=${process.env.TEMPORAL_TEST_SERVER_PATH}`);
  }
  if (existsSync(provisionedTestServerPath) && existsSync(archive) && launcherIsCurrent()) {
    writeWrapper();
    return log(`test server: cached at ${provisionedTestServerPath}`);
  }
  for (const tool of ['java', 'javac', 'jar', 'mvn']) {
    if (!hasCommand(tool))
      throw new Error(
        `test server: \`${tool}\` is not installed; install Java 17 and Maven or set TEMPORAL_TEST_SERVER_PATH`,
      );
  }
  log(`test server: resolving io.temporal:temporal-test-server:${TEST_SERVER_VERSION} with Maven`);
  rmSync(serverDir, { recursive: true, force: true });
  mkdirSync(libDir, { recursive: true });
  await run('mvn', ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${libDir}`]);
  log('test server: compiling the launcher with a pinnable clock');
  await run('javac', ['-cp', `${libDir}/*`, '-d', launcherDir, launcherSource]);
  await run('jar', ['cf', launcherJar, '-C', launcherDir, '.']);
  writeFileSync(launcherStamp, launcherHash());
  log('test server: recording a class-data-sharing archive for fast start');
  await recordClassArchive();
  writeWrapper();
  log(`test server: ready at ${provisionedTestServerPath}`);
}

/** The wrapper is rewritten whenever this file's version of it differs from the cached one. */
function writeWrapper(): void {
  const script = wrapperScript();
  if (existsSync(provisionedTestServerPath) && readFileSync(provisionedTestServerPath, 'utf8') === script) return;
  writeFileSync(provisionedTestServerPath, script);
  chmodSync(provisionedTestServerPath, 0o755);
}

function launcherHash(): string {
  return createHash('sha256').update(readFileSync(launcherSource)).digest('hex');
}

/** A cache from before the launcher, or from an older launcher, is provisioned again. */
function launcherIsCurrent(): boolean {
  return existsSync(launcherStamp) && readFileSync(launcherStamp, 'utf8') === launcherHash();
}

/** Starts the server once with -XX:ArchiveClassesAtExit, waits until it listens, stops it. */
async function recordClassArchive(): Promise<void> {
  const port = 17000 + Math.floor(Math.random() * 2000);
  const child = spawn(
    'java',
    [
      `-XX:ArchiveClassesAtExit=${archive}`,
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      '-cp',
      classPath,
      'PinnedClockTestServer',
      String(port),
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.on('exit', resolve));
  for (let i = 0; i < 300 && !(await accepts(port)); i++) await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGTERM');
  await exited;
  if (!existsSync(archive)) log('test server: no class archive was written; start-up will be slower');
}

/** Whether something accepts TCP connections on this local port. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
