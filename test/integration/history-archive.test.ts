import { randomUUID } from 'node:crypto';
import { fileComplaint } from '../../api/complaint-client';
import { loadArchivedHistory } from '../../db/workflow-histories';
import { ARCHIVE_SCHEDULE_ID, ensureArchiveSchedule } from '../../worker/archive-schedule';
import { complaintWorkflowId, withdraw } from '../../workflows/complaint-messages';
import { portalComplaint } from '../support/complaints';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { actedOn } from '../support/acted-on';

let stack: ApiStack;
beforeAll(async () => { stack = await startApiStack(); });
afterAll(async () => { await stack?.stop(); });

it('archives the full history of closed complaints, and only of closed ones', async () => {
  const file = async () => {
    const complaintId = randomUUID();
    await fileComplaint(stack.client, { complaintId, complaint: portalComplaint('con-almaty'), receivedAt: new Date(), appealWindowDays: 30, taskQueue: stack.taskQueue });
    return { complaintId, handle: stack.client.workflow.getHandle(complaintWorkflowId(complaintId)) };
  };
  const closed = await file();
  const open = await file();
  await closed.handle.executeUpdate(withdraw, { args: [{}, await actedOn(closed.handle, 'portal')] });
  await closed.handle.result();

  const archived = await stack.client.workflow.execute('historyArchiverWorkflow', {
    workflowId: `archiver-${randomUUID()}`, taskQueue: stack.taskQueue, args: [],
  });
  expect(archived).toBe(1);
  const copy = await loadArchivedHistory(stack.db, closed.complaintId);
  const live = await closed.handle.fetchHistory();
  expect(copy?.eventCount).toBe(live.events?.length);
  expect(JSON.parse(copy!.historyJson).events.at(-1).eventType).toMatch(/WORKFLOW_EXECUTION_COMPLETED|WorkflowExecutionCompleted/);
  expect(await loadArchivedHistory(stack.db, open.complaintId)).toBeUndefined();
});

it('keeps one hourly archiver schedule however often the worker starts', async () => {
  await ensureArchiveSchedule(stack.client, stack.taskQueue);
  await ensureArchiveSchedule(stack.client, stack.taskQueue);
  const schedule = await stack.client.schedule.getHandle(ARCHIVE_SCHEDULE_ID).describe();
  expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'historyArchiverWorkflow' });
  await stack.client.schedule.getHandle(ARCHIVE_SCHEDULE_ID).delete();
});
