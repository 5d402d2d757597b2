// npm test: provisions what is missing, runs every jest project on real servers (and, as in CI,
// the fault suite with WITH_FAULTS=1, the cluster suite with WITH_CLUSTER=1, lint and format with
// WITH_LINT=1, the API contract gates with WITH_CONTRACT=1 and a small benchmark run with
// WITH_BENCH=1), searches
// everything the run printed for the test complainants' personal data, and ends with the one line
// CI reads: `tests: N passed, N failed`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { provisionIfMissing } from '../platform/provision';
import { DATES, testAtDates } from './test-at-dates';

const jestResults = '.test-results.json';
const faultResults = '.fault-results.json';
const benchResults = '.bench-smoke.json';
const latencyResults = '.bench-latency-smoke.json';
const stormResults = '.bench-storm-smoke.json';
const clusterResults = '.cluster-results.json';
const contractResults = '.contract-results.json';

// The test complainants' identification numbers, names, addresses and contacts (test/support/complaints.ts).
const PERSONAL_DATA = [
  '870412300159',
  '870412300005',
  '940140000385',
  'Ахметов',
  'Кенесары',
  'пр. Абая, 1',
  'erlan@example.kz',
  '+77011234567',
];

/** A row of the fault, cluster or contract table. */
interface Row {
  result: string;
  fault?: string;
  gate?: string;
}

interface JestReport {
  testResults?: Array<{
    name: string;
    status: string;
    assertionResults?: Array<{ status: string; fullName: string }>;
  }>;
}

/** Each failed jest test by file and name, and each suite that failed to load. */
function jestFailures(results: JestReport): string[] {
  const names: string[] = [];
  for (const suite of results.testResults ?? []) {
    const file = suite.name.replace(`${process.cwd()}/`, '');
    const failedTests = (suite.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failedTests) names.push(`jest ${file}: ${t.fullName}`);
    if (suite.status === 'failed' && failedTests.length === 0) names.push(`jest ${file}: the suite failed to run`);
  }
  return names;
}

/** Runs a command, passing its output through and keeping a copy to search. */
function run(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const chunks: string[] = [];
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    child.stdout.on('data', (c: Buffer) => {
      process.stdout.write(c);
      chunks.push(c.toString());
    });
    child.stderr.on('data', (c: Buffer) => {
      process.stderr.write(c);
      chunks.push(c.toString());
    });
    child.on('exit', (code) => resolve({ code: code ?? 1, output: chunks.join('') }));
  });
}

/**
 * Runs a suite that writes a table (faults, cluster, contract): one count per row, a name per
 * failed row, and the harness itself counted as failed when it wrote no row or exited non-zero
 * with no row failed.
 */
async function runTable(
  table: string,
  script: string,
  resultsFile: string,
): Promise<{ passed: number; failures: string[]; output: string }> {
  rmSync(resultsFile, { force: true });
  const { code, output } = await run(process.execPath, [require.resolve('tsx/cli'), script]);
  const rows: Row[] = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')).rows ?? []) : [];
  const failures = rows.filter((r) => r.result !== 'pass').map((r) => `${table}: ${r.fault ?? r.gate ?? 'a row'}`);
  if (rows.length === 0) failures.push(`${table}: no results (exit ${code})`);
  else if (code !== 0 && failures.length === 0) failures.push(`${table}: exit ${code}`);
  return { passed: rows.filter((r) => r.result === 'pass').length, failures, output };
}

async function main(): Promise<number> {
  await provisionIfMissing();
  rmSync(jestResults, { force: true });
  const jest = await run(process.execPath, [
    require.resolve('jest/bin/jest'),
    '--runInBand',
    '--json',
    `--outputFile=${jestResults}`,
    ...process.argv.slice(2),
  ]);
  let passed = 0;
  let failed = 0;
  // What failed, by name, printed again just above the last line: CI keeps only the tail of a run.
  const failures: string[] = [];
  if (existsSync(jestResults)) {
    const results = JSON.parse(readFileSync(jestResults, 'utf8'));
    passed += results.numPassedTests;
    // A suite that fails to load counts as a failure even though it ran no test.
    failed += results.numFailedTests + results.numRuntimeErrorTestSuites;
    failures.push(...jestFailures(results));
  } else failed++;
  if (jest.code !== 0 && failed === 0) failed++;
  if (jest.code !== 0 && failures.length === 0) failures.push(`jest: exit ${jest.code}`);

  let output = jest.output;
  const tally = (table: { passed: number; failures: string[]; output: string }) => {
    passed += table.passed;
    failed += table.failures.length;
    failures.push(...table.failures);
    output += table.output;
  };
  if (process.env.WITH_FAULTS === '1') tally(await runTable('faults', 'test/faults/run.ts', faultResults));

  if (process.env.WITH_DATES === '1') {
    // The unit and workflow tests on other days of the year (holiday weeks): one count a day.
    const rows = await testAtDates(DATES).catch((err: Error) => {
      console.log(`[test] tests at other dates did not run: ${err.message}`);
      return [];
    });
    passed += rows.filter((r) => r.result === 'pass').length;
    failed += rows.filter((r) => r.result !== 'pass').length + (rows.length === 0 ? 1 : 0);
    if (rows.length === 0) failures.push('dates: did not run');
    for (const row of rows) for (const name of row.failed) failures.push(`dates ${row.date.slice(0, 10)}: ${name}`);
    for (const row of rows)
      if (row.result !== 'pass' && row.failed.length === 0)
        failures.push(`dates ${row.date.slice(0, 10)}: jest failed`);
  }

  // The production topology (npm run cluster) and its fault rows, in the fault suite's table.
  if (process.env.WITH_CLUSTER === '1') tally(await runTable('cluster', 'test/cluster/run.ts', clusterResults));

  if (process.env.WITH_LINT === '1') {
    // typescript-eslint (type-aware) and Prettier over the tree: one count each.
    for (const script of ['lint', 'format:check']) {
      const check = await run('npm', ['run', '--silent', script]);
      output += check.output;
      if (check.code === 0) passed++;
      else {
        console.log(`[test] npm run ${script} failed`);
        failures.push(`npm run ${script}`);
        failed++;
      }
    }
  }

  // Redocly and Schemathesis (every role) against npm start's stack: one count per gate.
  if (process.env.WITH_CONTRACT === '1')
    tally(await runTable('contract', 'scripts/contract-check.ts', contractResults));

  if (process.env.WITH_BENCH === '1') {
    // A small `npm run bench` (it must run from a fresh clone and report every
    // figure). Its figures at this scale are not judged, only that each one is there.
    rmSync(benchResults, { force: true });
    const bench = await run('npm', ['run', '--silent', 'bench'], { BENCH_N: '20', BENCH_RESULTS: benchResults });
    output += bench.output;
    const table: Array<{ figure: string; value?: number }> = existsSync(benchResults)
      ? (JSON.parse(readFileSync(benchResults, 'utf8')).table ?? [])
      : [];
    const missing = table.filter((row) => typeof row.value !== 'number').map((row) => row.figure);
    if (bench.code === 0 && table.length > 0 && missing.length === 0) passed++;
    else {
      console.log(
        `[test] npm run bench: exit ${bench.code}, ${table.length} figures, missing: ${missing.join('; ') || '-'}`,
      );
      failures.push('npm run bench');
      failed++;
    }
    // And the one-at-a-time split (`npm run bench:latency`) on the build the bench just made.
    rmSync(latencyResults, { force: true });
    const latency = await run('npx', ['tsx', 'bench/filing-latency.ts'], {
      BENCH_SEQUENTIAL: '5',
      BENCH_RESULTS: latencyResults,
    });
    output += latency.output;
    const split: Record<string, { count?: number }> = existsSync(latencyResults)
      ? (JSON.parse(readFileSync(latencyResults, 'utf8')).summary ?? {})
      : {};
    const parts = ['total', 'toStarted', 'toWorker', 'workerTask', 'back'];
    if (latency.code === 0 && parts.every((p) => split[p]?.count === 5)) passed++;
    else {
      console.log(`[test] npm run bench:latency: exit ${latency.code}, parts: ${Object.keys(split).join(', ') || '-'}`);
      failures.push('npm run bench:latency');
      failed++;
    }
    // And the deadline storm (`npm run bench:storm`) with a few cases: every figure there, none judged.
    rmSync(stormResults, { force: true });
    const storm = await run('npx', ['tsx', 'bench/deadline-storm.ts'], {
      BENCH_STORM_N: '20',
      BENCH_RESULTS: stormResults,
    });
    output += storm.output;
    const stormTable: Array<{ figure: string; value?: number }> = existsSync(stormResults)
      ? (JSON.parse(readFileSync(stormResults, 'utf8')).deadlineStorm?.table ?? [])
      : [];
    const stormMissing = stormTable.filter((row) => typeof row.value !== 'number').map((row) => row.figure);
    if (storm.code === 0 && stormTable.length > 0 && stormMissing.length === 0) passed++;
    else {
      console.log(
        `[test] npm run bench:storm: exit ${storm.code}, ${stormTable.length} figures, missing: ${stormMissing.join('; ') || '-'}`,
      );
      failures.push('npm run bench:storm');
      failed++;
    }
  }

  const leaked = PERSONAL_DATA.filter((item) => output.includes(item));
  if (leaked.length > 0) {
    console.log(
      `[test] personal data of the test complainants appeared in the output (${leaked.length} items): a log line or a failure message leaks it`,
    );
    failures.push('personal data in the output');
    failed++;
  } else passed++;

  for (const name of failures) console.log(`[test] failed: ${name}`);
  if (process.env.CI_STARTED_AT)
    console.log(`[ci] total ${Math.round(Date.now() / 1000 - Number(process.env.CI_STARTED_AT))} s`);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    console.log('tests: 0 passed, 1 failed');
    process.exit(1);
  },
);
