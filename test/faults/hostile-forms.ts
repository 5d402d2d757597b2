// Fault 7: hostile form fields. An official signed in to the pages posts case actions whose field
// names reach a prototype (`__proto__.x`, `constructor.prototype.x`) on a made-up case, over and
// over, while complaints keep being filed. Written through, one such name once stopped every
// process of `npm start`. Every hostile form must be a 400, the API (this process), the worker,
// PostgreSQL and Temporal must all still be up, /metrics must still answer, and 0 lost, 0 duplicated.
import { randomUUID } from 'node:crypto';
import { check, range, scaled, type Fault, type FaultContext } from './context';
import { fileComplaintOverHttp, pool, summariseAnswers, type Answer } from './http';
import { BODIES, type FaultStack, startFaultStack } from './stack';
import { rowOf, type FaultRow } from './table';
import { settleAndInspect, type Check } from './verify';

const HOSTILE_FIELDS = ['__proto__.x=1', 'constructor.prototype.x=1', 'recipient.__proto__=1', '__proto__.role=1'];

const tokenIn = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

/** Signs the akimat's official in as a browser would; the session's cookie and form token. */
async function signIn(stack: FaultStack): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${stack.baseUrl}/app/sign-in`);
  const signInCookie = cookiesOf(form);
  const signedIn = await fetch(`${stack.baseUrl}/app/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: signInCookie },
    body: new URLSearchParams({ _csrf: tokenIn(await form.text()), apiKey: stack.officials['akimat-almaty'].key }),
  });
  if (signedIn.status !== 303) throw new Error(`sign-in answered ${signedIn.status}`);
  const cookie = cookiesOf(signedIn);
  const workbench = await fetch(`${stack.baseUrl}/app`, { headers: { Cookie: cookie } });
  if (workbench.status !== 200) throw new Error(`the workbench answered ${workbench.status}`);
  return { cookie, csrf: tokenIn(await workbench.text()) };
}

async function postHostileForm(stack: FaultStack, session: { cookie: string; csrf: string }, field: string) {
  const startedAt = Date.now();
  try {
    const res = await fetch(`${stack.baseUrl}/app/cases/${randomUUID()}/actions/assign`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: session.cookie },
      body: `_csrf=${encodeURIComponent(session.csrf)}&${field}`,
      signal: AbortSignal.timeout(15_000),
    });
    await res.text();
    return { status: res.status, startedAt, endedAt: Date.now() };
  } catch {
    return { status: 0, code: 'no_answer', startedAt, endedAt: Date.now() };
  }
}

export const hostileForms: Fault = {
  name: '7. hostile form fields: the stack stays up, 0 lost',
  planned: (scale) => scaled(40, scale, 8),
  budgetMs: () => 5 * 60_000,
  async run(ctx: FaultContext, startedAt: number): Promise<FaultRow> {
    const n = this.planned(ctx.scale);
    const checks: Check[] = [];
    const stack = await startFaultStack(ctx.env, 'hostile-forms');
    ctx.onCleanup(() => stack.close());
    await stack.worker.start();
    const session = await signIn(stack);

    // Each filing comes after a hostile form, four at a time: the forms land among live filings.
    const hostile: Answer[] = [];
    const filings = await pool(range(n), 4, async (i) => {
      hostile.push(await postHostileForm(stack, session, HOSTILE_FIELDS[i % HOSTILE_FIELDS.length]));
      return fileComplaintOverHttp(stack, `${ctx.runTag}-hf-${i}`, BODIES[i % BODIES.length], {
        until: Date.now() + 60_000,
      });
    });
    const not400 = hostile.filter((a) => a.status !== 400);
    checks.push(
      check(
        'every hostile form refused (400)',
        not400.length === 0,
        `${hostile.length - not400.length}/${hostile.length} × 400${not400.length ? `; others: ${summariseAnswers(not400)}` : ''}`,
      ),
    );
    const polluted = Object.keys(Object.prototype);
    checks.push(
      check('Object.prototype untouched', polluted.length === 0, polluted.length ? 'has new fields' : 'clean'),
    );
    const failed = filings.filter((f) => !f.ok);
    checks.push(
      check(
        'every filing answered 201',
        failed.length === 0,
        failed.length ? summariseAnswers(failed.flatMap((f) => f.answers)) : `${n} × 201`,
      ),
    );

    const metrics = await fetch(`${stack.baseUrl}/metrics`).then(
      (r) => r.status,
      () => 0,
    );
    const workbench = await fetch(`${stack.baseUrl}/app`, { headers: { Cookie: session.cookie } }).then(
      (r) => r.status,
      () => 0,
    );
    checks.push(
      check(
        'the API still answers: /metrics and the workbench',
        metrics === 200 && workbench === 200,
        `/metrics ${metrics}, /app ${workbench}`,
      ),
    );
    const alive = {
      worker: stack.worker.running,
      postgres: ctx.env.postgres.isRunning,
      temporal: ctx.env.temporal.running,
    };
    checks.push(
      check(
        'every process alive: worker, PostgreSQL, Temporal',
        Object.values(alive).every(Boolean),
        Object.entries(alive)
          .map(([name, up]) => `${name} ${up ? 'up' : 'DOWN'}`)
          .join(', '),
      ),
    );

    const inspection = await settleAndInspect(
      stack.db,
      stack.client,
      stack.taskQueue,
      filings.map((f) => f.expectedId),
      120_000,
    );
    checks.push(
      check(
        `${n} cases in Postgres and ${n} workflows`,
        inspection.registerRows === n && inspection.workflows === n,
        `${inspection.registerRows} in Postgres, ${inspection.workflows} workflows`,
      ),
    );
    const notes = [`${hostile.length} hostile forms`];
    if (stack.apiErrors.size)
      notes.push(`API error log: ${[...stack.apiErrors].map(([k, v]) => `${k} ×${v}`).join(', ')}`);
    await stack.worker.stop();
    return rowOf(this.name, n, inspection, checks, notes, startedAt);
  },
};
