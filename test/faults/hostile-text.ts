// Fault 6: hostile text in every field. Each complaint is first sent with a NUL, a lone
// surrogate, a control or a text-direction character in each of its text fields in turn, then
// clean; each case is then decided or withdrawn after the same characters in the action's text.
// Every hostile request must be refused at once (400, never a 5xx or a hang), and afterwards:
// 0 lost, 0 stuck, and the register says what the workflow says.
import { check, range, scaled, type Fault, type FaultContext } from './context';
import { callUntilDone, complaintFor, fileComplaintOverHttp, pool, summariseAnswers, type Answer } from './http';
import { BODIES, startFaultStack, type FaultStack } from './stack';
import { rowOf, type FaultRow } from './table';
import { settleAndInspect, workflowIdOf, type Check, type Inspection } from './verify';

const HOSTILE = ['\u0000', '\ud800', '\u001b', '\u202e', '\u200b'];

/** Every string in a value, by its path. */
function textFields(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'string') return [path];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => textFields(v, [...path, k]));
  return [];
}

function withChar(body: object, path: string[], char: string): object {
  const copy = JSON.parse(JSON.stringify(body));
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1];
  node[last] = `${String(node[last]).slice(0, 1)}${char}${String(node[last]).slice(1)}`;
  return copy;
}

async function post(
  stack: FaultStack,
  path: string,
  key: string,
  body: object,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const call = await callUntilDone(
    `${stack.baseUrl}${path}`,
    {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    },
    400,
    { until: 0, attemptTimeoutMs: 15_000 },
  );
  return call.answers[call.answers.length - 1];
}

export const hostileText: Fault = {
  name: '6. hostile text in every field',
  planned: (scale) => scaled(12, scale, 3),
  budgetMs: () => 5 * 60_000,
  async run(ctx: FaultContext, startedAt: number): Promise<FaultRow> {
    const n = this.planned(ctx.scale);
    const checks: Check[] = [];
    const stack = await startFaultStack(ctx.env, 'hostile-text');
    ctx.onCleanup(() => stack.close());
    await stack.worker.start();

    const refused: Answer[] = [];
    const filed = await pool(range(n), 4, async (i) => {
      const bodyId = BODIES[i % BODIES.length];
      const complaint = complaintFor(bodyId);
      for (const path of textFields(complaint)) {
        for (const char of HOSTILE) {
          refused.push(
            await post(stack, '/v1/complaints', stack.intake.key, withChar(complaint, path, char), {
              'Idempotency-Key': `${ctx.runTag}-ht-${i}-${path.join('.')}-${char.charCodeAt(0)}`,
            }),
          );
        }
      }
      return fileComplaintOverHttp(stack, `${ctx.runTag}-ht-${i}`, bodyId, { until: Date.now() + 60_000 });
    });
    const ids = filed.filter((f) => f.ok).map((f) => f.body!.id);
    checks.push(check('every clean complaint is filed', ids.length === n, `${ids.length}/${n} × 201`));

    // Half are decided by their body's official, half withdrawn by the intake; each after hostile attempts.
    await pool(
      filed.filter((f) => f.ok),
      4,
      async (f, i) => {
        const id = f.body!.id;
        const decision = {
          outcome: 'rejected',
          reasoning: 'Reviewed under the fault suite: the service was provided in time.',
        };
        const withdrawal = { note: 'The complainant withdrew\tthe complaint.\nResolved at the office.' };
        const [path, key, body] =
          i % 2 === 0
            ? [`/v1/complaints/${id}/decision`, stack.officials[f.bodyId].key, decision]
            : [`/v1/complaints/${id}/withdrawal`, stack.intake.key, withdrawal];
        for (const field of textFields(body))
          for (const char of HOSTILE) refused.push(await post(stack, path, key, withChar(body, field, char)));
        const done = await callUntilDone(
          `${stack.baseUrl}${path}`,
          {
            method: 'POST',
            headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          },
          200,
          { until: Date.now() + 60_000 },
        );
        if (!done.ok)
          refused.push({
            status: -1,
            code: `clean action: ${summariseAnswers(done.answers)}`,
            startedAt: 0,
            endedAt: 0,
          });
      },
    );

    const not400 = refused.filter((a) => a.status !== 400 || a.code !== 'invalid_text');
    checks.push(
      check(
        'every hostile request refused at once (400 invalid_text)',
        not400.length === 0,
        `${refused.length - not400.length}/${refused.length} × 400${not400.length ? `; others: ${summariseAnswers(not400)}` : ''}; slowest ${Math.max(...refused.map((a) => a.endedAt - a.startedAt))} ms`,
      ),
    );

    // Register equals workflow: the register's status is the workflow's CaseStatus, for every case.
    const agree = (i: Inspection) =>
      ids.every((id) => i.register.get(id)?.status === i.temporal.get(workflowIdOf(id))?.caseStatus);
    const inspection = await settleAndInspect(stack.db, stack.client, stack.taskQueue, ids, 60_000, agree);
    const disagreeing = ids.filter(
      (id) => inspection.register.get(id)?.status !== inspection.temporal.get(workflowIdOf(id))?.caseStatus,
    );
    checks.push(
      check(
        'register equals workflow (status per case)',
        disagreeing.length === 0,
        disagreeing.length ? `${disagreeing.length} cases differ, e.g. ${disagreeing[0]}` : `${ids.length} cases agree`,
      ),
    );
    const stuck = ids.filter((id) => !['decided', 'withdrawn'].includes(inspection.register.get(id)?.status ?? ''));
    checks.push(
      check(
        '0 stuck: every case decided or withdrawn',
        stuck.length === 0,
        `${ids.length - stuck.length}/${ids.length}`,
      ),
    );
    await stack.worker.stop();
    return rowOf(this.name, n, inspection, checks, [`${refused.length} hostile requests`], startedAt);
  },
};
