import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { fileComplaint } from '../../api/complaint-client';
import { archiveGapFoundAt, findUnarchivedClosedComplaints, loadArchivedHistory } from '../../db/workflow-histories';
import type { ComplaintInput } from '../../domain/complaint';
import { ARCHIVE_SCHEDULE_ID, ensureArchiveSchedule } from '../../worker/archive-schedule';
import { complaintWorkflowId, extend, withdraw } from '../../workflows/complaint-messages';
import { officeComplaint, portalComplaint } from '../support/complaints';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { insertCaseRow } from '../support/register-rows';
import { eventually } from '../support/api-client';
import { actedOn } from '../support/acted-on';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(async () => {
  await stack?.stop();
});

const file = async (complaint: ComplaintInput) => {
  const complaintId = randomUUID();
  await fileComplaint(stack.client, {
    complaintId,
    complaint,
    receivedAt: new Date(),
    appealWindowDays: 30,
    taskQueue: stack.taskQueue,
  });
  return { complaintId, handle: stack.client.workflow.getHandle(complaintWorkflowId(complaintId)) };
};
const runArchiver = () =>
  stack.client.workflow.execute('historyArchiverWorkflow', {
    workflowId: `archiver-${randomUUID()}`,
    taskQueue: stack.taskQueue,
    args: [],
  }) as Promise<number>;
/** JSON with every object's keys in order. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
const archivedCount = async () =>
  Number(
    (
      await stack.db
        .selectFrom('workflow_histories')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

it('archives the full history of closed complaints, and only of closed ones', async () => {
  const closed = await file(portalComplaint('con-almaty'));
  const open = await file(portalComplaint('con-almaty'));
  await closed.handle.executeUpdate(withdraw, { args: [{}, await actedOn(closed.handle, 'portal')] });
  await closed.handle.result();

  expect(await runArchiver()).toBe(1);
  const copy = await loadArchivedHistory(stack.db, closed.complaintId);
  const live = await closed.handle.fetchHistory();
  expect(copy?.eventCount).toBe(live.events?.length);
  expect(JSON.parse(copy!.historyJson).events.at(-1).eventType).toMatch(
    /WORKFLOW_EXECUTION_COMPLETED|WorkflowExecutionCompleted/,
  );
  expect(await loadArchivedHistory(stack.db, open.complaintId)).toBeUndefined();
});

it('archives every closed case in one pass though the oldest closed ones still run', async () => {
  // Five paper cases closed first whose workflows keep running: the extension letter is never posted (R12).
  const held: Array<Awaited<ReturnType<typeof file>>> = [];
  for (let i = 0; i < 5; i++) {
    const c = await file(officeComplaint('akimat-almaty'));
    await c.handle.executeUpdate(extend, {
      args: [{ reason: 'additional_information', workingDays: 2 }, await actedOn(c.handle)],
    });
    await c.handle.executeUpdate(withdraw, { args: [{}, await actedOn(c.handle, 'portal')] });
    held.push(c);
  }
  await eventually(async () => {
    const rows = await stack.db
      .selectFrom('complaints')
      .select('closed_at')
      .where(
        'id',
        'in',
        held.map((c) => c.complaintId),
      )
      .execute();
    return rows.every((r) => r.closed_at) ? true : undefined;
  }, 'the held cases closed in the register');
  // Then 245 cases closed and completed: more than one batch of the archiver.
  const done: string[] = [];
  const queue = Array.from({ length: 245 }, () => portalComplaint('con-almaty'));
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let c = queue.pop(); c; c = queue.pop()) {
        const filed = await file(c);
        await filed.handle.executeUpdate(withdraw, { args: [{}, await actedOn(filed.handle, 'portal')] });
        await filed.handle.result();
        done.push(filed.complaintId);
      }
    }),
  );
  for (const c of held) expect((await c.handle.describe()).status.name).toBe('RUNNING');
  const before = await archivedCount();

  expect(await runArchiver()).toBe(245);
  expect(await archivedCount()).toBe(before + 245);
  const archived = await stack.db
    .selectFrom('workflow_histories')
    .select('complaint_id')
    .where('complaint_id', 'in', [...done, ...held.map((c) => c.complaintId)])
    .execute();
  expect(new Set(archived.map((r) => r.complaint_id))).toEqual(new Set(done));
}, 240_000);

it('steps over a closed case whose history Temporal no longer holds, and archives the ones after it', async () => {
  // Closed in the register, its workflow gone (retention passed before the walk reached it).
  const goneId = await insertCaseRow(stack.db, {
    received_at: new Date(Date.now() - 90 * 86_400_000),
    status: 'closed',
    registered_on: '2026-09-01',
    deadline: new Date(Date.now() - 80 * 86_400_000),
    closed_at: new Date(Date.now() - 60 * 86_400_000),
  });
  const closed = await file(portalComplaint('con-almaty'));
  await closed.handle.executeUpdate(withdraw, { args: [{}, await actedOn(closed.handle, 'portal')] });
  await closed.handle.result();

  expect(await runArchiver()).toBeGreaterThanOrEqual(1);
  expect(await loadArchivedHistory(stack.db, closed.complaintId)).toBeDefined();
  expect(await loadArchivedHistory(stack.db, goneId)).toBeUndefined();

  // Recorded once as a gap: no later walk looks at it again, and the auditor is told why.
  const foundAt = await archiveGapFoundAt(stack.db, goneId);
  expect(foundAt).toBeInstanceOf(Date);
  const walk = await findUnarchivedClosedComplaints(stack.db, 10_000);
  expect(walk.map((c) => c.id)).not.toContain(goneId);
  await runArchiver();
  expect(await archiveGapFoundAt(stack.db, goneId)).toEqual(foundAt);
  expect(await archiveGapFoundAt(stack.db, closed.complaintId)).toBeUndefined();
  const res = await request(stack.app)
    .get(`/v1/complaints/${goneId}/history`)
    .set({ Authorization: `Bearer ${stack.keys.auditor}` });
  expect(res.status).toBe(404);
  expect(res.body.error.code).toBe('history_not_found');
  expect(res.body.error.message).toContain('gap');
});

it('serves a history Temporal has deleted from the archive, the same events byte for byte', async () => {
  const c = await file(portalComplaint('con-almaty'));
  await c.handle.executeUpdate(withdraw, { args: [{ note: 'Resolved by phone.' }, await actedOn(c.handle, 'portal')] });
  await c.handle.result();
  const history = () =>
    request(stack.app)
      .get(`/v1/complaints/${c.complaintId}/history`)
      .set({ Authorization: `Bearer ${stack.keys.auditor}` });
  const fromTemporal = await history();
  expect(fromTemporal.status).toBe(200);
  expect(fromTemporal.body.source).toBe('temporal');
  await runArchiver();

  await stack.client.workflowService.deleteWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId: c.handle.workflowId },
  });
  await eventually(
    async () =>
      c.handle.describe().then(
        () => undefined,
        (err) => (/not found/i.test(String(err)) ? true : undefined),
      ),
    'the workflow deleted from Temporal',
    // Deletion is a background task of the server: slow on a loaded machine.
    150_000,
  );

  const fromArchive = await history();
  expect(fromArchive.status).toBe(200);
  expect(fromArchive.body.source).toBe('archive');
  expect(fromArchive.body.events.length).toBeGreaterThan(5);
  const ids = (events: Array<{ eventId: string; eventType: string }>) =>
    events.map((e) => `${e.eventId}:${e.eventType}`);
  expect(ids(fromArchive.body.events)).toEqual(ids(fromTemporal.body.events));
  // Byte for byte, up to the order of map entries (search attributes), which Temporal itself
  // varies from one fetch to the next. Compared as a boolean: the events hold personal data.
  expect(canonicalJson(fromArchive.body.events) === canonicalJson(fromTemporal.body.events)).toBe(true);
}, 300_000);

it('keeps one hourly archiver schedule however often it is ensured, and brings an old one up to date', async () => {
  await ensureArchiveSchedule(stack.client, 'an-old-task-queue');
  await ensureArchiveSchedule(stack.client, stack.taskQueue);
  await ensureArchiveSchedule(stack.client, stack.taskQueue);
  // One: no schedule but ours starts the archiver (an id is unique anyway; a second schedule under
  // another id would archive twice). Listing is eventually consistent: wait until ours is listed.
  const archivers = await eventually(async () => {
    const found: { id: string }[] = [];
    for await (const s of stack.client.schedule.list()) {
      if (s.action?.type === 'startWorkflow' && s.action.workflowType === 'historyArchiverWorkflow')
        found.push({ id: s.scheduleId });
    }
    return found.some((a) => a.id === ARCHIVE_SCHEDULE_ID) ? found : undefined;
  }, 'the archiver schedule listed');
  expect(archivers).toEqual([{ id: ARCHIVE_SCHEDULE_ID }]);

  const schedule = await stack.client.schedule.getHandle(ARCHIVE_SCHEDULE_ID).describe();
  expect(schedule.action).toMatchObject({
    type: 'startWorkflow',
    workflowType: 'historyArchiverWorkflow',
    taskQueue: stack.taskQueue,
  });
  expect(schedule.policies.overlap).toBe('SKIP');
  // Hourly: the server's own next run times are an hour apart, the first within the coming hour.
  const next = schedule.info.nextActionTimes.map((t) => t.getTime());
  expect(next.length).toBeGreaterThanOrEqual(3);
  expect(next[0] - Date.now()).toBeGreaterThan(-60_000);
  expect(next[0] - Date.now()).toBeLessThanOrEqual(3_600_000);
  for (let i = 1; i < next.length; i++) expect(next[i] - next[i - 1]).toBe(3_600_000);
  await stack.client.schedule.getHandle(ARCHIVE_SCHEDULE_ID).delete();
});
