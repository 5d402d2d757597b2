// On the real dev server: while the complainant's escalation is registered, the
// first body's official keeps firing decisions, assignments and extensions (40 in flight). None
// may land on the quality-control body's new stage. Before the fix, 8 of 9 tries wrote the
// first body's decision as the quality-control body's answer.
import { createApp } from '../../api/app';
import { complaintWorkflowId, getCase } from '../../workflows/complaint-messages';
import { apiAs } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { anAppeal, IIN, portalComplaint } from '../support/complaints';
import { TEST_PROCEDURE } from '../support/procedure';

let stack: ApiStack;
let api: ReturnType<typeof apiAs>;
beforeAll(async () => {
  stack = await startApiStack();
  // The same app without the per-key rate limit: the official here sends far more than 1200 a minute.
  const app = createApp({
    db: stack.db,
    client: stack.client,
    taskQueue: stack.taskQueue,
    procedure: TEST_PROCEDURE,
    rateLimitPerMinute: 10_000_000,
    log: () => undefined,
  });
  api = apiAs({ ...stack, app });
});
afterAll(async () => {
  await stack?.stop();
});

const ROUNDS = 9;
const IN_FLIGHT = 40;
const first = 'official:con-almaty';
const actions: Array<[string, object]> = [
  ['decision', { outcome: 'satisfied', reasoning: 'Decided again by the first body during the escalation.' }],
  ['assignment', { officialName: 'Серикова А.Б.' }],
  ['extension', { reason: 'additional_information', workingDays: 2 }],
];

it(`never lets a first-stage official's action land on the escalated stage (${ROUNDS} rounds, ${IN_FLIGHT} in flight)`, async () => {
  const statuses = new Map<number, number>();
  for (let round = 0; round < ROUNDS; round++) {
    const filed = await api.post('/v1/complaints', 'intake', portalComplaint('con-almaty'));
    const id = filed.body.id;
    expect(
      (
        await api.post(`/v1/complaints/${id}/decision`, first, {
          outcome: 'rejected',
          reasoning: 'The service was provided within its term.',
        })
      ).status,
    ).toBe(200);

    let escalating = true;
    const escalation = api
      .post(`/v1/complaints/${id}/escalation`, { portal: IIN }, anAppeal())
      .then(
        (res) => res,
        (err) => err,
      )
      .finally(() => {
        setTimeout(() => {
          escalating = false;
        }, 300);
      });
    let sent = 0;
    // Each firer goes on until the escalation is answered (and 300 ms more), and at least twice:
    // with registration as fast as one statement, the first wave alone can outlast the escalation.
    const officialFires = async () => {
      for (let mine = 0; escalating || mine < 2; mine++) {
        const [action, body] = actions[sent++ % actions.length];
        const res = await api.post(`/v1/complaints/${id}/${action}`, first, body);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        // 503: Temporal did not answer in time on an overloaded machine; the checks below still hold.
        expect([404, 409, 503]).toContain(res.status);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, officialFires));
    expect((await escalation).status).toBe(200);

    const state = await stack.client.workflow.getHandle(complaintWorkflowId(id)).query(getCase);
    expect(state.stages.map((s) => s.bodyId)).toEqual(['con-almaty', 'qcb-almaty']);
    expect(state.status).toBe('under_review');
    expect(state.stages[1]).toMatchObject({ extendedDays: 0, extensions: [] });
    expect(state.stages[1].decision).toBeUndefined();
    expect(state.stages[1].assignedTo).toBeUndefined();
    const secondStage = await stack.db
      .selectFrom('review_stages')
      .select(['decision', 'extended_days'])
      .where('complaint_id', '=', id)
      .where('stage', '=', 2)
      .executeTakeFirstOrThrow();
    expect(secondStage).toEqual({ decision: null, extended_days: 0 });
    const row = await stack.db
      .selectFrom('complaints')
      .select(['status', 'assigned_to', 'reviewing_body_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'under_review', assigned_to: null, reviewing_body_id: 'qcb-almaty' });
    expect(sent).toBeGreaterThan(IN_FLIGHT);
  }
  // Both refusals were seen: 409 while the first stage was current or moving on, 404 once the
  // register shows the case at the quality-control body.
  expect(statuses.get(404)).toBeGreaterThan(0);
  expect(statuses.get(409)).toBeGreaterThan(0);
});
