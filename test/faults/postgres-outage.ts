// Fault 3: PostgreSQL stops for 30 s while complaints are being filed. During the outage a read
// answers 503 `database_unavailable`; a filing either completes once the database is back (the
// registration activity retries) or is refused with that clear error and retried by the client
// with the same Idempotency-Key; a few workflows started straight through the client during the
// outage register once it is back. Afterwards the register equals the workflows: none lost, none
// half-made, numbers gap-free.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileComplaint } from '../../api/complaint-client';
import { check, range, seconds, type Fault, type FaultContext } from './context';
import { complaintFor, fileComplaintOverHttp, readComplaint, summariseAnswers, type Answer, type Filing } from './http';
import { sleep, waitUntil } from './processes';
import { BODIES, startFaultStack } from './stack';
import { rowOf, type FaultRow } from './table';
import { settleAndInspect, type Check } from './verify';

const outageMs = (scale: number) => Math.max(5_000, Math.round(30_000 * scale));
const INTERVAL_MS = 250;
const PRE_MS = 3_000;
const POST_MS = 3_000;
const BURST = 8;
const DIRECT = 5;

/** Why the worker died, as far as its log says (the kind of error only, nothing else from the log). */
function workerDiedOf(dir: string): string {
  try {
    const log = readFileSync(join(dir, 'worker.log'), 'utf8');
    const known = [
      'Connection terminated unexpectedly',
      'terminating connection due to administrator command',
      'ECONNREFUSED',
    ];
    const seen = known.filter((k) => log.includes(k));
    return seen.length ? ` (its log shows: ${seen.join(', ')})` : '';
  } catch {
    return '';
  }
}

const isClearRefusal = (a: Answer) => a.status === 503 && a.code === 'database_unavailable';

export const postgresOutage: Fault = {
  name: '3. PostgreSQL stopped while complaints are filed',
  planned: (scale) => Math.ceil((PRE_MS + outageMs(scale) + POST_MS) / INTERVAL_MS) + BURST + DIRECT + 1,
  budgetMs: (scale) => outageMs(scale) + 6 * 60_000,
  async run(ctx: FaultContext, startedAt: number): Promise<FaultRow> {
    const outage = outageMs(ctx.scale);
    const checks: Check[] = [];
    const notes: string[] = [];
    const stack = await startFaultStack(ctx.env, 'postgres-outage');
    ctx.onCleanup(() => stack.close());
    await stack.worker.start();

    const until = Date.now() + outage + 4 * 60_000;
    const reference = await fileComplaintOverHttp(stack, `${ctx.runTag}-pg-reference`, 'con-almaty', {
      until: Date.now() + 60_000,
    });
    if (!reference.ok) throw new Error(`the reference complaint was not filed: ${summariseAnswers(reference.answers)}`);

    // A steady stream of filings, one every 250 ms, before, during and after the outage.
    const filings: Array<Promise<Filing>> = [Promise.resolve(reference)];
    let next = 0;
    const launch = () => {
      const k = next++;
      filings.push(
        fileComplaintOverHttp(stack, `${ctx.runTag}-pg-${k}`, BODIES[k % BODIES.length], {
          until,
          attemptTimeoutMs: 150_000,
        }),
      );
    };
    const stream = setInterval(launch, INTERVAL_MS);
    let stopAt = 0;
    let upAt = 0;
    const reads: Answer[] = [];
    const stormAnswers: Answer[] = [];
    let readBackAt: number;
    let direct: Promise<Array<{ complaintId: string; registeredAt?: number }>>;
    try {
      await sleep(PRE_MS);
      // A burst right at the stop: some of these are past the API's own queries and waiting for
      // their registration when the database goes away.
      // Reads keep the API's connections busy as the database goes: a connection cut under a
      // running query is the case that must not take the process down.
      let storming = true;
      const storm = Promise.all(
        Array.from({ length: 8 }, async () => {
          while (storming) stormAnswers.push((await readComplaint(stack, reference.expectedId)).answer);
        }),
      );
      await sleep(200);
      for (let i = 0; i < BURST; i++) launch();
      await sleep(15);
      stopAt = Date.now();
      await ctx.env.postgres.stop();
      const downAt = Date.now();
      await sleep(300);
      storming = false;
      await storm;
      // Workflows started while the database is down (as an API replica past its own reads
      // would): their registration activity must retry until it is back.
      direct = Promise.all(
        range(DIRECT).map(async (i) => {
          const complaintId = randomUUID();
          const bodyId = BODIES[i % BODIES.length];
          const receipt = await Promise.race([
            fileComplaint(stack.client, {
              complaintId,
              complaint: complaintFor(bodyId),
              receivedAt: new Date(),
              filedBy: stack.intake.id,
              appealWindowDays: 30,
              taskQueue: stack.taskQueue,
            }).catch(() => undefined),
            sleep(outage + 150_000).then(() => undefined),
          ]);
          return { complaintId, registeredAt: receipt ? Date.now() : undefined };
        }),
      );
      ctx.log(`PostgreSQL stopped (${seconds(downAt - stopAt)} to shut down); down for ${seconds(outage)}`);
      while (Date.now() < downAt + outage - 1_000) {
        const probeStarted = Date.now();
        reads.push((await readComplaint(stack, reference.expectedId)).answer);
        await sleep(Math.max(0, 1_000 - (Date.now() - probeStarted)));
      }
      await sleep(Math.max(0, downAt + outage - Date.now()));
      await ctx.env.postgres.start();
      upAt = Date.now();
      ctx.log('PostgreSQL started again on the same data directory and port');
      await waitUntil(
        async () => (await readComplaint(stack, reference.expectedId)).answer.status === 200,
        60_000,
        100,
      );
      readBackAt = Date.now();
      await sleep(Math.max(0, upAt + POST_MS - Date.now()));
    } finally {
      clearInterval(stream);
    }
    notes.push(`reads answer 200 again ${seconds(readBackAt - upAt)} after the restart`);

    // Reads that started before the stop may still have been answered 200; every other answer must be the clear 503.
    const outageReads = [...reads, ...stormAnswers.filter((a) => a.status !== 200)];
    checks.push(
      check(
        'reads during the outage answer 503 database_unavailable',
        reads.length > 0 && outageReads.every(isClearRefusal),
        `${outageReads.length} reads: ${summariseAnswers(outageReads)}`,
      ),
    );
    const workerSurvived = stack.worker.running && stack.worker.starts === 1;
    checks.push(
      check(
        'the worker process rides out the outage (activities retry)',
        workerSurvived,
        workerSurvived
          ? 'still the first worker process'
          : `the worker exited during the outage${workerDiedOf(stack.dir)}; restarted to finish the filings`,
      ),
    );
    if (!stack.worker.running) await stack.worker.start();

    const results = await Promise.all(filings);
    const outageAnswers = results.flatMap((f) =>
      f.answers.filter((a) => a.status !== 201 && a.startedAt >= stopAt && a.startedAt <= upAt),
    );
    checks.push(
      check(
        'filings refused during the outage get a clear 503 database_unavailable',
        outageAnswers.every(isClearRefusal),
        `${outageAnswers.length} refusals: ${summariseAnswers(outageAnswers)}`,
      ),
    );
    const failed = results.filter((f) => !f.ok);
    checks.push(
      check(
        'every filing answered 201 in the end (same Idempotency-Key)',
        failed.length === 0,
        failed.length
          ? `${failed.length} never got 201: ${summariseAnswers(failed.flatMap((f) => f.answers))}`
          : `${results.length} × 201`,
      ),
    );
    const heldAcross = results.filter((f) => {
      const last = f.answers[f.answers.length - 1];
      return f.ok && last.startedAt < stopAt && last.endedAt > upAt;
    }).length;
    const refusedThenFiled = results.filter((f) => f.ok && f.answers.length > 1).length;
    notes.push(
      `${results.length} filings: ${heldAcross} held across the outage and registered once the database was back, ${refusedThenFiled} refused and retried to 201`,
    );

    const started = await direct;
    const registeredLate = started.filter((d) => d.registeredAt && d.registeredAt > upAt).length;
    checks.push(
      check(
        'workflows started during the outage register once the database is back (activity retries)',
        started.length === DIRECT && registeredLate === DIRECT,
        `${registeredLate}/${DIRECT} receipts after the restart`,
      ),
    );

    const expected = [...results.map((f) => f.expectedId), ...started.map((d) => d.complaintId)];
    const inspection = await settleAndInspect(stack.db, stack.client, stack.taskQueue, expected, 150_000);
    checks.push(
      check(
        'the register equals the workflows started',
        inspection.registerRows === expected.length && inspection.workflows === expected.length,
        `${expected.length} filed, ${inspection.registerRows} in Postgres, ${inspection.workflows} workflows`,
      ),
    );
    if (stack.apiErrors.size)
      notes.push(`API error log: ${[...stack.apiErrors].map(([k, v]) => `${k} ×${v}`).join(', ')}`);
    await stack.worker.stop();
    return rowOf(this.name, expected.length, inspection, checks, notes, startedAt);
  },
};
