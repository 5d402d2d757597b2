// `npm run reconcile` on the dev server: each kind of discrepancy made by hand in the test's own
// register (or in Temporal), found; --repair mends the mendable ones and then finds 0; what needs
// a person is listed and left alone. The command itself runs once each way as a process.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { recordDecision } from '../../activities/review';
import { reconcile } from '../../scripts/reconcile-run';
import { complaintWorkflowId, getCase } from '../../workflows/complaint-messages';
import { apiAs, eventually } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { IIN, portalComplaint } from '../support/complaints';

let stack: ApiStack;
let api: ReturnType<typeof apiAs>;
beforeAll(async () => {
  stack = await startApiStack();
  api = apiAs(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const deps = () => ({ db: stack.db, client: stack.client, taskQueue: stack.taskQueue });
const official = 'official:con-almaty';

async function file(): Promise<string> {
  const res = await api.post('/v1/complaints', 'intake', portalComplaint('con-almaty'));
  expect(res.status).toBe(201);
  return res.body.id;
}

async function decide(id: string): Promise<void> {
  const res = await api.post(`/v1/complaints/${id}/decision`, official, {
    outcome: 'satisfied',
    reasoning: 'The service was provided again.',
  });
  expect(res.status).toBe(200);
}

/** The discrepancies found now, as `kind id-or-subject` pairs, sorted. */
async function found(): Promise<string[]> {
  const { found: list } = await reconcile(deps(), { repair: false });
  return list.map((d) => `${d.kind} ${d.subject}`).sort();
}

/** The command as an operator runs it (asynchronously: the test's own worker answers its queries). */
function runCommand(...args: string[]): Promise<{ status: number | null; stdout: string }> {
  const script = resolve(__dirname, '../../scripts/reconcile.ts');
  const env = {
    ...process.env,
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
  };
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', script, ...args], { env, timeout: 90_000 }, (err, stdout) =>
      done({ status: err ? ((err as { code?: number }).code ?? null) : 0, stdout }),
    );
  });
}

it('finds 0 when the register and Temporal agree', async () => {
  const open = await file();
  const decided = await file();
  await decide(decided);
  const withdrawn = await file();
  expect((await api.post(`/v1/complaints/${withdrawn}/withdrawal`, { portal: IIN }, {})).status).toBe(200);
  await eventually(
    async () => ((await found()).length === 0 ? true : undefined),
    'the withdrawal to be recorded on both sides',
  );
  expect(open).toBeDefined();
});

it('finds each mendable discrepancy made by hand, and --repair mends them to 0', async () => {
  // A decision the workflow made and the register lost (R8).
  const decided = await file();
  await decide(decided);
  await sql`update complaints set status = 'under_review', outcome = null, decided_at = null where id = ${decided}`.execute(
    stack.db,
  );
  await sql`update review_stages set decision = null, decided_at = null where complaint_id = ${decided}`.execute(
    stack.db,
  );
  // A decision the register recorded and the workflow lost (R8): a restore to a moment between the
  // register's write (the workflow's local activity) and the workflow task that would have kept it.
  const lost = await file();
  const lostDecision = {
    outcome: 'satisfied' as const,
    reasoning: 'The service was provided again.',
    decidedBy: 'A. Official',
    decidedAt: '2026-12-02T06:00:00.000Z',
  };
  await recordDecision(stack.db, { complaintId: lost, stage: 1, decision: lostDecision });
  // A withdrawal the workflow completed and the register did not record (R13).
  const withdrawn = await file();
  expect((await api.post(`/v1/complaints/${withdrawn}/withdrawal`, { portal: IIN }, {})).status).toBe(200);
  await eventually(
    async () =>
      (await stack.client.workflow.getHandle(complaintWorkflowId(withdrawn)).describe()).status.name === 'COMPLETED'
        ? true
        : undefined,
    'the withdrawn workflow to complete',
  );
  await sql`update complaints set status = 'under_review', closed_at = null where id = ${withdrawn}`.execute(stack.db);
  // Last, a counter behind: the next registration would draw a number already issued (R3).
  await sql`update registration_counters set last_number = last_number - 1 where body_id = 'con-almaty'`.execute(
    stack.db,
  );
  const { year } = await stack.db
    .selectFrom('registration_counters')
    .select('year')
    .where('body_id', '=', 'con-almaty')
    .executeTakeFirstOrThrow();

  expect(await found()).toEqual(
    [
      `counter_behind counter con-almaty/${year}`,
      `status_differs complaint ${decided}`,
      `status_differs complaint ${lost}`,
      `workflow_ended_open complaint ${withdrawn}`,
    ].sort(),
  );
  const listed = await runCommand();
  expect(listed.status).toBe(1);
  expect(listed.stdout).toContain(`status_differs complaint ${decided}`);
  expect(listed.stdout).toContain('repair: advance the counter to');

  const repaired = await runCommand('--repair');
  expect(repaired.stdout).toContain('repaired 4');
  expect(repaired.stdout).toContain('0 discrepancies');
  expect(repaired.status).toBe(0);
  expect(await found()).toEqual([]);
  const rows = await stack.db
    .selectFrom('complaints')
    .select(['id', 'status'])
    .where('id', 'in', [decided, lost, withdrawn])
    .execute();
  expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
    [decided]: 'decided',
    [lost]: 'decided',
    [withdrawn]: 'withdrawn',
  });
  // The workflow holds the decision as the register recorded it, and the timeline has it once.
  const adopted = await stack.client.workflow.getHandle(complaintWorkflowId(lost)).query(getCase);
  expect(adopted.status).toBe('decided');
  expect(adopted.stages[0].decision).toMatchObject(lostDecision);
  const decidedEvents = await stack.db
    .selectFrom('complaint_events')
    .select('id')
    .where('complaint_id', '=', lost)
    .where('kind', '=', 'decided')
    .execute();
  expect(decidedEvents).toHaveLength(1);
  // The next filing draws the number after the highest issued: none twice.
  const next = await file();
  const numbers = await stack.db
    .selectFrom('review_stages')
    .select(['sequence'])
    .where('body_id', '=', 'con-almaty')
    .execute();
  expect(new Set(numbers.map((n) => n.sequence)).size).toBe(numbers.length);
  expect(next).toBeDefined();
});

it('lists what needs a person and leaves it as it is', async () => {
  // An open case whose workflow Temporal does not have (a Temporal restored to an earlier moment
  // than the register): a copy of a case's row under an id no workflow was ever started with.
  const missing = randomUUID();
  const source = await file();
  await sql`insert into complaints (id, workflow_id, channel, form, complainant_id, filed_by, input, received_at,
      status, stage, reviewing_body_id, incoming_number, registered_on, deadline)
    select ${missing}::uuid, ${complaintWorkflowId(missing)}, channel, form, complainant_id, filed_by, input,
      received_at, status, stage, reviewing_body_id, incoming_number, registered_on, deadline
    from complaints where id = ${source}`.execute(stack.db);
  // A workflow ended without closing its case.
  const terminated = await file();
  await stack.client.workflow.getHandle(complaintWorkflowId(terminated)).terminate('reconcile test');
  // A registered workflow whose register row is gone.
  const unregistered = await file();
  for (const table of ['complaint_events', 'notifications', 'review_stages'] as const)
    await stack.db.deleteFrom(table).where('complaint_id', '=', unregistered).execute();
  await stack.db.deleteFrom('complaints').where('id', '=', unregistered).execute();
  // A case closed in the register whose workflow still reviews it.
  const closedEarly = await file();
  await sql`update complaints set status = 'closed', closed_at = now() where id = ${closedEarly}`.execute(stack.db);
  // A decision in the register the workflow has not made.
  const ahead = await file();
  await sql`update complaints set status = 'decided' where id = ${ahead}`.execute(stack.db);

  const expected = [
    `workflow_missing complaint ${missing}`,
    `workflow_ended_open complaint ${terminated}`,
    `register_row_missing complaint ${unregistered}`,
    `closed_case_running complaint ${closedEarly}`,
    `status_differs complaint ${ahead}`,
  ].sort();
  const before = await eventually(async () => {
    const now = await found();
    return now.length === expected.length ? now : undefined;
  }, 'visibility to list the workflows');
  expect(before).toEqual(expected);
  const result = await reconcile(deps(), { repair: true });
  expect(result.repaired).toEqual([]);
  expect(result.remaining.every((d) => d.repair === undefined && d.forPerson)).toBe(true);
  expect(result.remaining.map((d) => `${d.kind} ${d.subject}`).sort()).toEqual(expected);
});
