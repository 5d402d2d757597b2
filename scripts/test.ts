// npm test: provisions what is missing, runs every jest project on real servers, and ends with
// the one line CI reads: `tests: N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { provisionIfMissing } from './provision';

const resultsFile = '.test-results.json';

async function main(): Promise<number> {
  await provisionIfMissing();
  rmSync(resultsFile, { force: true });
  const jest = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--runInBand', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  if (!existsSync(resultsFile)) {
    console.log('tests: 0 passed, 1 failed');
    return 1;
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  // A suite that fails to load counts as a failure even though it ran no test.
  const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  if (process.env.CI_STARTED_AT) console.log(`[ci] total ${Math.round(Date.now() / 1000 - Number(process.env.CI_STARTED_AT))} s`);
  console.log(`tests: ${results.numPassedTests} passed, ${failed} failed`);
  return failed > 0 || jest.status !== 0 || results.numPassedTests === 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
});
