// A replay reads each workflow task's clock from the history. For a task that answered an update,
// the server writes that clock when the task completes, seconds after the worker ran it (seen on a
// loaded dev server: a decision's task run at 19.5 s and written at 23.7 s, past a 3-second appeal
// window). Whether the workflow starts a timer must not depend on that clock: here a whole case is
// replayed with every task's clock moved past each of its ends, and must replay as it ran.
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { decide, extend } from '../../workflows/complaint-messages';
import { actedOn } from '../support/acted-on';
import { portalComplaint } from '../support/complaints';
import { workflowBundle } from '../support/time-skipping';
import { startWorkflowStack, type WorkflowStack } from '../support/workflow-stack';

let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(async () => {
  await stack?.stop();
});

const DAY = 86_400_000;

interface JsonEvent {
  eventType: string;
  eventTime: string;
}

/** The history with every event from the first workflow task on read `by` ms later. */
function clockMovedLater(historyJson: string, by: number): string {
  const history = JSON.parse(historyJson) as { events: JsonEvent[] };
  const first = history.events.findIndex((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_STARTED');
  for (const e of history.events.slice(first)) e.eventTime = new Date(Date.parse(e.eventTime) + by).toISOString();
  return JSON.stringify(history);
}

it('replays a case whose tasks read their clock past the term, the extension notice’s due date and the appeal window', async () => {
  const filed = await stack.file(portalComplaint('akimat-almaty'));
  await filed.handle.executeUpdate(extend, {
    args: [{ reason: 'additional_information', workingDays: 2 }, await actedOn(filed.handle)],
  });
  await stack.env.sleep(20 * DAY); // past the extended term: overdue
  await filed.handle.executeUpdate(decide, {
    args: [{ outcome: 'satisfied', reasoning: 'The certificate was issued.' }, await actedOn(filed.handle)],
  });
  await stack.env.sleep(60 * DAY); // past the appeal window: closed
  expect((await filed.handle.result()).status).toBe('closed');
  const recorded = historyToJSON(await filed.handle.fetchHistory());

  const bundle = await workflowBundle(require.resolve('../../workflows'));
  await Worker.runReplayHistory({ workflowBundle: bundle }, historyFromJSON(JSON.parse(recorded)), 'as-run');
  // Each task's clock after the term (20 days), the notice's due date and the window (60 days).
  await Worker.runReplayHistory(
    { workflowBundle: bundle },
    historyFromJSON(JSON.parse(clockMovedLater(recorded, 120 * DAY))),
    'clock-later',
  );
});
