import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/time-skipping';

// Each path's saved history (test/fixtures/histories, written by the path tests) must replay
// against today's workflow code: a non-deterministic change fails here.
const dir = join(__dirname, '..', 'fixtures', 'histories');
const saved = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

it('has a saved history for every path', () => {
  expect(saved.length).toBeGreaterThanOrEqual(8);
});

it.each(saved)('replays %s deterministically', async (file) => {
  const history = historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle(require.resolve('../../workflows')) },
    history,
    file.replace(/\.json$/, ''),
  );
});
