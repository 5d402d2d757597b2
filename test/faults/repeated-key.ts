// Fault 5: the same Idempotency-Key sent 20 times at once (for a few keys, all together): one
// complaint and one workflow per key, and all 20 answers 201 with the same id and number.
import { check, range, scaled, type Fault, type FaultContext } from './context';
import { fileComplaintOverHttp, summariseAnswers } from './http';
import { waitUntil } from './processes';
import { BODIES, startFaultStack } from './stack';
import { rowOf, type FaultRow } from './table';
import { settleAndInspect, workflowIdOf, type Check } from './verify';

const COPIES = 20;

export const repeatedKey: Fault = {
  name: '5. the same Idempotency-Key sent 20 times at once',
  planned: (scale) => scaled(5, scale, 1),
  budgetMs: () => 4 * 60_000,
  async run(ctx: FaultContext, startedAt: number): Promise<FaultRow> {
    const keys = this.planned(ctx.scale);
    const checks: Check[] = [];
    const notes: string[] = [];
    const stack = await startFaultStack(ctx.env, 'repeated-key');
    ctx.onCleanup(() => stack.close());
    await stack.worker.start();

    // Every copy of every key at once; no retries: each of the 20 answers must be a 201 by itself.
    const copies = await Promise.all(
      range(keys).flatMap((k) =>
        range(COPIES).map(() =>
          fileComplaintOverHttp(stack, `${ctx.runTag}-rk-${k}`, BODIES[k % BODIES.length], {
            until: 0,
            attemptTimeoutMs: 120_000,
          }),
        ),
      ),
    );
    const not201 = copies.filter((c) => !c.ok);
    checks.push(
      check(
        `all ${COPIES} answers per key are 201`,
        not201.length === 0,
        `${copies.length - not201.length}/${copies.length} × 201${not201.length ? `; others: ${summariseAnswers(not201.flatMap((c) => c.answers))}` : ''}`,
      ),
    );

    const expected: string[] = [];
    const mismatched: string[] = [];
    for (let k = 0; k < keys; k++) {
      const mine = copies.filter((c) => c.idempotencyKey === `${ctx.runTag}-rk-${k}` && c.ok);
      const ids = new Set(mine.map((c) => c.body!.id));
      const numbers = new Set(mine.map((c) => c.body!.incomingNumber));
      expected.push(mine[0]?.body?.id ?? copies.find((c) => c.idempotencyKey === `${ctx.runTag}-rk-${k}`)!.expectedId);
      if (ids.size !== 1 || numbers.size !== 1) mismatched.push(`key ${k}: ${ids.size} ids, ${numbers.size} numbers`);
    }
    checks.push(
      check(
        'the same id and incoming number in every answer',
        mismatched.length === 0,
        mismatched.length ? mismatched.join('; ') : `${keys} keys × ${COPIES} answers agree`,
      ),
    );

    // One workflow per key, counted by Temporal itself (all runs, any status).
    const counts: number[] = [];
    for (const id of expected) {
      let count = 0;
      await waitUntil(
        async () => {
          count = 0;
          for await (const _ of stack.client.workflow.list({ query: `WorkflowId = "${workflowIdOf(id)}"` })) count++;
          return count >= 1;
        },
        10_000,
        250,
      );
      counts.push(count);
    }
    checks.push(
      check(
        'one workflow per key (client.workflow.list by WorkflowId)',
        counts.every((c) => c === 1),
        `workflow runs per key: ${counts.join(', ')}`,
      ),
    );
    const rows = await stack.db.selectFrom('complaints').select('id').where('id', 'in', expected).execute();
    checks.push(
      check(
        'one register row per key',
        rows.length === expected.length,
        `${rows.length} rows for ${expected.length} keys`,
      ),
    );

    const inspection = await settleAndInspect(stack.db, stack.client, stack.taskQueue, expected, 60_000);
    notes.push(`${keys} keys × ${COPIES} concurrent copies`);
    await stack.worker.stop();
    return rowOf(this.name, keys, inspection, checks, notes, startedAt);
  },
};
