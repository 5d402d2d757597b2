import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import * as messages from '../../workflows/complaint-messages';
import { workflowBundle } from '../support/time-skipping';

// Each path's saved history (test/fixtures/histories, written by the path tests) must replay
// against today's workflow code: a non-deterministic change fails here.
const dir = join(__dirname, '..', 'fixtures', 'histories');
const saved = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

interface SavedEvent {
  eventType: string;
  workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest?: { input?: { name?: string } } };
  workflowExecutionSignaledEventAttributes?: { signalName?: string };
  workflowExecutionCompletedEventAttributes?: { result?: { payloads?: { data?: string }[] } };
}
const events = (file: string): SavedEvent[] => JSON.parse(readFileSync(join(dir, file), 'utf8')).events;

/** Messages without a saved path (none today): delete a name once its path is saved. */
const NO_SAVED_PATH_YET: readonly string[] = [];

it('saves a path through every update and signal of the workflow', () => {
  const defined = (Object.values(messages) as { type?: string; name?: string }[])
    .filter((m) => m?.type === 'update' || m?.type === 'signal')
    .map((m) => m.name ?? '');
  const taken = new Set(
    saved.flatMap((file) =>
      events(file).flatMap((e) => [
        e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name,
        e.workflowExecutionSignaledEventAttributes?.signalName,
      ]),
    ),
  );
  expect(defined.length).toBeGreaterThan(0);
  expect(defined.filter((name) => !taken.has(name) && !NO_SAVED_PATH_YET.includes(name))).toEqual([]);
  expect(NO_SAVED_PATH_YET.filter((name) => taken.has(name) || !defined.includes(name))).toEqual([]);
});

it('saves a path to every end of a case', () => {
  const ends = new Set(
    saved.map((file) => {
      const completed = events(file).at(-1)?.workflowExecutionCompletedEventAttributes;
      const data = completed?.result?.payloads?.[0]?.data;
      return data ? (JSON.parse(Buffer.from(data, 'base64').toString()) as { status: string }).status : 'not completed';
    }),
  );
  // Closed after the appeal window, withdrawn, referred to court (R13), refused at registration.
  expect([...ends].sort()).toEqual(['closed', 'not_registered', 'referred_to_court', 'withdrawn']);
});

it.each(saved)('replays %s deterministically', async (file) => {
  const history = historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle(require.resolve('../../workflows')) },
    history,
    file.replace(/\.json$/, ''),
  );
});
