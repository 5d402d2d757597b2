// npm run test:dates: the unit and workflow tests as if the suite ran on other days of the year.
// The time-skipping server's clock is pinned by each test (test/support/time-skipping.ts); what
// else reads the machine's clock (the worker's activities, PostgreSQL, the tests themselves) is
// moved to each date by libfaketime (Debian's `faketime` package). A test that passes today and
// fails on one of these days depends on the date it runs. The integration tests are not run
// here: the Temporal dev server is a Go program, which reads the clock past libfaketime.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';

/** Days whose working weeks hold holidays: New Year and Christmas, Nauryz, the May holidays. */
export const DATES = ['2026-12-30T04:00:00Z', '2027-03-19T04:00:00Z', '2027-05-06T04:00:00Z'];

export interface DateRow {
  date: string;
  result: 'pass' | 'fail';
  passed: number;
  failed: string[];
}

function jestAt(date: string, outputFile: string): Promise<number> {
  // `@` makes the faked clock start at the date and run on from there.
  const stamp = date.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        require.resolve('jest/bin/jest'),
        '--runInBand',
        '--selectProjects',
        'unit',
        'workflow',
        '--json',
        `--outputFile=${outputFile}`,
      ],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          ...process.env,
          LD_PRELOAD: LIBFAKETIME,
          FAKETIME: `@${stamp}`,
          FAKETIME_DONT_FAKE_MONOTONIC: '1',
        },
      },
    );
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

export async function testAtDates(dates: string[]): Promise<DateRow[]> {
  if (!existsSync(LIBFAKETIME)) throw new Error(`${LIBFAKETIME} is missing: apt-get install faketime`);
  const rows: DateRow[] = [];
  for (const date of dates) {
    const outputFile = `.test-at-${date.slice(0, 10)}.json`;
    rmSync(outputFile, { force: true });
    console.log(`[dates] unit and workflow tests on ${date}`);
    const code = await jestAt(date, outputFile);
    const results = existsSync(outputFile) ? JSON.parse(readFileSync(outputFile, 'utf8')) : undefined;
    rmSync(outputFile, { force: true });
    const failed: string[] = [];
    for (const suite of results?.testResults ?? []) {
      if (suite.status === 'failed' && suite.assertionResults.length === 0) failed.push(`${suite.name}: did not run`);
      for (const t of suite.assertionResults ?? []) if (t.status === 'failed') failed.push(t.fullName);
    }
    const ok = code === 0 && results !== undefined && failed.length === 0;
    rows.push({ date, result: ok ? 'pass' : 'fail', passed: results?.numPassedTests ?? 0, failed });
    console.log(`[dates] ${date}: ${ok ? 'pass' : 'FAIL'} (${results?.numPassedTests ?? 0} passed)`);
    for (const name of failed) console.log(`[dates]   failed: ${name}`);
  }
  return rows;
}

if (require.main === module) {
  const dates = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DATES;
  testAtDates(dates).then(
    (rows) => {
      writeFileSync('.dates-results.json', JSON.stringify({ rows }, null, 2));
      process.exit(rows.every((r) => r.result === 'pass') ? 0 : 1);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
