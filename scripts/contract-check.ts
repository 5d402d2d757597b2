// npm run contract:check: the API contract as integrators test it. Redocly lints openapi.json
// (`recommended`, no warning left unexplained), then Schemathesis (from PyPI, in a cached
// virtualenv) runs every check in all four phases (examples, coverage, fuzzing, stateful) against
// the running stack of `npm start` — once per role, with that role's key, the rate limit off for
// this run only. Writes .contract-results.json (one row per gate) for scripts/test.ts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodeCursor } from '../api/routes/complaint-list';
import { freePort } from '../db/embedded-postgres';
import { cacheDir } from '../platform/provision/paths';

const ROOT = resolve(__dirname, '..');
const SCHEMATHESIS_VERSION = '4.32.5';
const VENV = join(cacheDir, `schemathesis-${SCHEMATHESIS_VERSION}`);
const RESULTS = join(ROOT, '.contract-results.json');
/** Per role: a bounded run, so the whole check stays within a few minutes of CI. */
/** Seconds per phase and role: about a minute a role, five roles. */
const PHASE_BUDGETS: Array<[string, number]> = [
  ['examples,coverage', Number(process.env.CONTRACT_COVERAGE_SECONDS ?? 60)],
  ['fuzzing', Number(process.env.CONTRACT_FUZZING_SECONDS ?? 12)],
  ['stateful', Number(process.env.CONTRACT_STATEFUL_SECONDS ?? 15)],
];
const MAX_EXAMPLES = Number(process.env.CONTRACT_MAX_EXAMPLES ?? 10);
/** Each role's full Schemathesis output, kept for reading after a run. */
const LOG_DIR = join(ROOT, 'test/artifacts', 'schemathesis');

interface Row {
  gate: string;
  result: 'pass' | 'fail';
  note: string;
}
const rows: Row[] = [];
const say = (line: string) => process.stdout.write(`[contract] ${line}\n`);

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function redocly(): void {
  const lint = run(
    process.execPath,
    [join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js'), 'lint', 'openapi.json', '--format=stylish'],
    {
      env: { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  const problems = lint.output.split('\n').filter((l) => /\s(error|warning)\s/.test(l));
  const ok = lint.code === 0 && problems.length === 0;
  rows.push({
    gate: 'Redocly lint (recommended)',
    result: ok ? 'pass' : 'fail',
    note: ok ? 'no error, no warning' : problems.slice(0, 20).join('\n'),
  });
  if (!ok) process.stdout.write(lint.output);
}

function schemathesisBinary(): string {
  const st = join(VENV, 'bin', 'st');
  if (existsSync(st)) return st;
  say(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${VENV}`);
  mkdirSync(VENV, { recursive: true });
  for (const [command, args] of [
    ['python3', ['-m', 'venv', VENV]],
    [
      join(VENV, 'bin', 'pip'),
      ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`],
    ],
  ] as const) {
    const step = run(command, [...args]);
    if (step.code !== 0) {
      rmSync(VENV, { recursive: true, force: true });
      throw new Error(`${command} ${args.join(' ')} failed:\n${step.output.slice(-3000)}`);
    }
  }
  return st;
}

interface Stack {
  base: string;
  keys: Record<string, string>;
  stop(): Promise<void>;
}

/** `npm start` in a data directory of its own, on free ports, rate limit off. */
async function startStack(dataDir: string): Promise<Stack> {
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
    PORT: '0',
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    WORKER_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
    RATE_LIMIT_PER_MINUTE: '0',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  const port = await new Promise<string>((ok, fail) => {
    const timer = setInterval(() => {
      const m = /API at http:\/\/localhost:(\d+)\/v1/.exec(output);
      if (m) {
        clearInterval(timer);
        ok(m[1]);
      }
    }, 200);
    void exited.then((code) => {
      clearInterval(timer);
      fail(new Error(`npm start exited with ${code}:\n${output.slice(-3000)}`));
    });
  });
  const keys = Object.fromEntries(
    readFileSync(join(dataDir, 'demo-keys.env'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('=') as [string, string]),
  );
  return {
    base: `http://127.0.0.1:${port}`,
    keys,
    async stop() {
      child.kill('SIGINT');
      const stopped = await Promise.race([exited, new Promise((done) => setTimeout(() => done('timeout'), 30_000))]);
      if (stopped === 'timeout') child.kill('SIGKILL');
    },
  };
}

/** Statuses a request valid by the schema may get: the business rules no JSON Schema can say. */
// The list's cursor is opaque: a well-formed one stands in for it (hostile cursors are
// test/integration/hostile-input.test.ts's), as the portal's complainant does for X-Complainant-Id.
const CURSOR = encodeCursor({ receivedAt: '2026-01-01T00:00:00.000000Z', id: '00000000-0000-4000-8000-000000000000' });
const CONFIG = (key: string, complainantId?: string) => `
headers = { Authorization = "Bearer ${key}" }
[parameters]
"query.cursor" = "${CURSOR}"
${complainantId ? `"header.X-Complainant-Id" = "${complainantId}"\n` : ''}
# A request valid by the schema can still name a case or body that does not exist (404), break a
# rule no JSON Schema can state (an IIN's check digit, a body's kind: 422) or come at the wrong
# moment in a case (409). Each of these statuses is documented on the operations that answer it.
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "401", "403", "404", "409", "422"]

# The filing's body is the largest schema: its coverage phase alone takes about 100 s a role and
# counts a body of \`0\` as schema-valid (it is not: the schema is an object). The fuzzing and
# stateful phases test the filing with every check.
[[operations]]
include-operation-id = "fileComplaint"
phases.coverage.enabled = false
`;

/**
 * One Schemathesis run per phase, each with its own time budget, so every phase runs however
 * slow the one before it was (a single --max-time would let coverage use it all).
 */
function schemathesis(
  st: string,
  stack: Stack,
  role: string,
  key: string,
  complainantId: string | undefined,
  dir: string,
): void {
  const config = join(dir, `${role}.toml`);
  writeFileSync(config, CONFIG(key, complainantId));
  const started = Date.now();
  const outputs: string[] = [];
  const notes: string[] = [];
  let ok = true;
  for (const [phases, seconds] of PHASE_BUDGETS) {
    const args = [
      '--no-color',
      '--config-file',
      config,
      'run',
      `${stack.base}/openapi.json`,
      '--url',
      stack.base,
      '--checks',
      'all',
      '--phases',
      phases,
      '--max-examples',
      String(MAX_EXAMPLES),
      '--max-time',
      String(seconds),
      '--workers',
      // Python 3.11's ast module shares its recursion counter between threads, and the coverage
      // phase parses sources (Hypothesis describing its filters) on every worker: with two, a
      // spurious "AST constructor recursion depth mismatch" errors the run now and then, often
      // enough to fail its retry too. The coverage phase runs on one thread; the others on two.
      phases.includes('coverage') ? '1' : '2',
      '--request-timeout',
      '20',
      '--suppress-health-check',
      'too_slow,filter_too_much',
      '--seed',
      '14',
    ];
    const env = { SCHEMATHESIS_HOOKS: join(ROOT, 'scripts', 'schemathesis-hooks.py') };
    let result = run(st, args, { env });
    // A crash inside the tool (an error, no failure: e.g. Hypothesis's source introspection racing
    // between workers) is run once more and said so; a failure of the API is never retried.
    if (result.code !== 0 && /^Errors:/m.test(result.output) && !/^Failures:/m.test(result.output)) {
      notes.push(`${phases}: tool error, run again`);
      outputs.push(`### phases ${phases}: tool error, run again\n${result.output}`);
      result = run(st, args, { env });
    }
    outputs.push(`### phases ${phases} (at most ${seconds} s): exit ${result.code}\n${result.output}`);
    const cases = /Test cases:\s*\n\s*([^\n]+)/.exec(result.output)?.[1]?.trim() ?? 'no test cases';
    const tested = /Tested:\s*(\d+)/.exec(result.output)?.[1];
    notes.push(`${phases}: ${tested ?? '?'} operations, ${cases}`);
    // Schemathesis exits non-zero for a failure, an error or an interruption (not for a phase with nothing to do).
    if (result.code !== 0) ok = false;
  }
  mkdirSync(LOG_DIR, { recursive: true });
  writeFileSync(join(LOG_DIR, `${role}.txt`), outputs.join('\n\n'));
  rows.push({
    gate: `Schemathesis as ${role}`,
    result: ok ? 'pass' : 'fail',
    note: `${Math.round((Date.now() - started) / 1000)} s; ${notes.join('; ')}`,
  });
  if (!ok) process.stdout.write(outputs.join('\n\n').slice(-20_000));
}

async function main(): Promise<number> {
  rmSync(RESULTS, { force: true });
  redocly();
  const dataDir = mkdtempSync(join(tmpdir(), 'contract-'));
  const configDir = mkdtempSync(join(tmpdir(), 'contract-config-'));
  let stack: Stack | undefined;
  try {
    const st = schemathesisBinary();
    stack = await startStack(dataDir);
    say(`stack up at ${stack.base}`);
    const complainant = JSON.parse(readFileSync(join(ROOT, 'docs', 'examples', 'complaint.json'), 'utf8')).complainant
      .iin as string;
    const roles: Array<[string, string, string | undefined]> = [
      ['intake', stack.keys.INTAKE_KEY, undefined],
      ['official', stack.keys.OFFICIAL_KEY, undefined],
      ['portal', stack.keys.PORTAL_KEY, complainant],
      ['auditor', stack.keys.AUDITOR_KEY, undefined],
      ['admin', stack.keys.ADMIN_KEY, undefined],
    ];
    for (const [role, key, complainantId] of roles) {
      say(`Schemathesis as ${role}`);
      schemathesis(st, stack, role, key, complainantId, configDir);
    }
  } catch (err) {
    rows.push({ gate: 'contract check', result: 'fail', note: String((err as Error)?.message ?? err).slice(0, 3000) });
  } finally {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(configDir, { recursive: true, force: true });
  }
  writeFileSync(RESULTS, `${JSON.stringify({ rows }, null, 2)}\n`);
  for (const row of rows) say(`${row.result === 'pass' ? 'PASS' : 'FAIL'} ${row.gate}: ${row.note.split('\n')[0]}`);
  return rows.every((r) => r.result === 'pass') ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
