// A whole case over HTTP, each step through the other API replica than the step before: filed
// (replica 1) → extended (2) → decided (1) → escalated (2) → decided at the quality-control body
// (1) → closed when the short appeal window passes, read back through replica 2. Proves the
// replicas share nothing but Temporal and the register.
import { anAppeal, portalComplaint, IIN } from '../support/complaints';
import { check, seconds } from '../faults/context';
import { waitUntil } from '../faults/processes';
import { rowOf, type FaultRow } from '../faults/table';
import { settleAndInspect, workflowIdOf, type Check } from '../faults/verify';
import type { Caller } from '../faults/stack';
import type { ClusterRow, ClusterRowContext } from './row';

async function call(
  base: string,
  method: string,
  path: string,
  caller: Caller,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${base}/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${caller.key}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export const lifecycleRow: ClusterRow = {
  name: 'HTTP lifecycle through both API replicas alternately',
  budgetMs: 5 * 60_000,
  async run(ctx: ClusterRowContext, startedAt: number): Promise<FaultRow> {
    const { t } = ctx;
    const [a, b] = [t.cluster.apis[0].url, t.cluster.apis[1 % t.cluster.apis.length].url];
    const checks: Check[] = [];
    const notes: string[] = [];
    const step = (name: string, answer: { status: number; body?: any }, want: number, via: string) => {
      checks.push(
        check(
          `${name} via ${via}`,
          answer.status === want,
          `${answer.status}${answer.body?.error?.code ? ` ${answer.body.error.code}` : ''}`,
        ),
      );
      return answer.status === want;
    };
    const portal = { 'X-Complainant-Id': IIN };

    const filed = await call(a, 'POST', '/complaints', t.intake, portalComplaint('akimat-almaty'), {
      'Idempotency-Key': `${ctx.runTag}-lifecycle`,
    });
    if (!step('filed (201)', filed, 201, 'replica 1')) return rowOf(this.name, 1, undefined, checks, notes, startedAt);
    const id: string = filed.body.id;
    ctx.expect(id);
    ctx.shared.lifecycleComplaintId = id;
    const official = t.officials['akimat-almaty'];
    step(
      'extended (200)',
      await call(b, 'POST', `/complaints/${id}/extension`, official, {
        reason: 'additional_information',
        workingDays: 5,
        explanation: 'A request was sent to the land registry.',
      }),
      200,
      'replica 2',
    );
    step(
      'decided (200)',
      await call(a, 'POST', `/complaints/${id}/decision`, official, {
        outcome: 'partially_satisfied',
        reasoning: 'The certificate is issued; the delay was caused by the registry.',
        decidedBy: 'Досаев Е.А.',
      }),
      200,
      'replica 1',
    );
    const escalated = await call(b, 'POST', `/complaints/${id}/escalation`, t.portal, anAppeal(), portal);
    step('escalated to the quality-control body (200)', escalated, 200, 'replica 2');
    const decidedAt = Date.now();
    step(
      'decided at the quality-control body (200)',
      await call(a, 'POST', `/complaints/${id}/decision`, t.officials['qcb-almaty'], {
        outcome: 'rejected',
        reasoning: 'The answer of the akimat was lawful and in time.',
        decidedBy: 'Сейткали А.М.',
      }),
      200,
      'replica 1',
    );
    const closed = await waitUntil(
      async () => (await call(b, 'GET', `/complaints/${id}`, t.auditor)).body?.status === 'closed',
      ctx.appealWindowSeconds * 1000 + 60_000,
      500,
    );
    checks.push(
      check(
        'closed after the appeal window, read via replica 2',
        closed,
        closed ? `closed ${seconds(Date.now() - decidedAt)} after the last decision` : 'not closed',
      ),
    );
    const timeline = await call(a, 'GET', `/complaints/${id}/timeline`, t.auditor);
    const entries = Array.isArray(timeline.body)
      ? timeline.body
      : (timeline.body?.events ?? timeline.body?.items ?? []);
    notes.push(`timeline: ${entries.length} entries; stage 2 number ${escalated.body?.incomingNumber ?? '?'}`);
    const wf = await t.client.workflow.getHandle(workflowIdOf(id)).describe();
    checks.push(check('the workflow completed', wf.status.name === 'COMPLETED', wf.status.name));
    const inspection = await settleAndInspect(t.db, t.client, t.cluster.taskQueue, ctx.expected(), 60_000);
    return rowOf(this.name, 1, inspection, checks, notes, startedAt);
  },
};
