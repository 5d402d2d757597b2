// `npm run test:faults` (issue #5): breaks the real servers while complaints flow and counts what
// was lost, duplicated or left half-made. One "test" per fault row; FAULT_SCALE (default 1) scales
// the counts and the outage down for quick local runs. Prints the table, writes
// .fault-results.json, exits 1 on any failure. Complaint contents are never printed.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { concurrentFilings } from './concurrent-filings';
import { hostileForms } from './hostile-forms';
import { hostileText } from './hostile-text';
import type { Fault, FaultContext } from './context';
import { postgresOutage } from './postgres-outage';
import { uninstallCleanup } from './processes';
import { repeatedKey } from './repeated-key';
import { stopStack } from '../../platform/stop-stack';
import { say, startSuiteEnv, type SuiteEnv } from './stack';
import { failedRow, formatDetails, formatTable, writeResults, type FaultRow } from './table';
import { temporalRestarted } from './temporal-restarted';
import { webhookReceiverDown, webhookWorkerKilled } from './webhook-receiver-down';
import { workerKilled } from './worker-killed';

export const faults: Fault[] = [
  workerKilled,
  temporalRestarted,
  postgresOutage,
  concurrentFilings,
  repeatedKey,
  hostileText,
  hostileForms,
  webhookReceiverDown,
  webhookWorkerKilled,
];

export const RESULTS_FILE = resolve(__dirname, '..', '..', '.fault-results.json');

function scaleFromEnv(): number {
  const raw = process.env.FAULT_SCALE;
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1)
    throw new Error(`FAULT_SCALE must be a number in (0, 1], not ${raw}`);
  return scale;
}

/** Name and message only, quoted values and long digit runs dropped: no personal data in the report. */
function describeError(err: unknown): string {
  const e = err as { name?: string; message?: string; code?: string } | undefined;
  const message = String(e?.message ?? err)
    .replace(/"[^"]*"|'[^']*'/g, '"…"')
    .replace(/\d{6,}/g, '…')
    .slice(0, 200);
  return `${e?.name ?? 'Error'}${e?.code ? ` ${e.code}` : ''}: ${message}`;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** FAULT_ONLY=3,5 runs only those rows (numbered as in the table), for local work on one fault. */
function selectedFaults(): Fault[] {
  const only = process.env.FAULT_ONLY?.split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n >= 1);
  return only?.length ? faults.filter((_, i) => only.includes(i + 1)) : faults;
}

export async function runFaultSuite(): Promise<{ passed: number; failed: number }> {
  const scale = scaleFromEnv();
  const began = Date.now();
  const rows: FaultRow[] = [];
  say(`fault suite, FAULT_SCALE=${scale}`);
  // The API runs in this process: an error nothing handles (a pg client emitting 'error' while
  // the database goes away, say) would kill a real API process. Count it against the fault.
  const uncaught: string[] = [];
  const onUncaught = (err: unknown) => {
    uncaught.push(describeError(err));
  };
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  let env: SuiteEnv;
  try {
    env = await startSuiteEnv();
  } catch (err) {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    uninstallCleanup();
    throw err;
  }
  let keepLogs = false;
  try {
    for (const fault of selectedFaults()) {
      const startedAt = Date.now();
      const cleanups = stopStack();
      const ctx: FaultContext = {
        env,
        scale,
        runTag: randomBytes(4).toString('hex'),
        onCleanup: (fn) => cleanups.add(fn),
        log: (line) => say(`  ${line}`),
      };
      say(`${fault.name}: ${fault.planned(scale)} complaints`);
      const uncaughtBefore = uncaught.length;
      let row: FaultRow;
      try {
        row = await withTimeout(fault.run(ctx, startedAt), fault.budgetMs(scale), fault.name);
      } catch (err) {
        row = failedRow(fault.name, fault.planned(scale), err, startedAt);
      }
      await cleanups.stopAll();
      const crashes = uncaught.slice(uncaughtBefore);
      row.checks.push({
        name: 'nothing uncaught in the API process',
        ok: crashes.length === 0,
        detail: crashes.length
          ? `${crashes.length} uncaught: ${[...new Set(crashes)].join('; ')} (a real API process would have crashed)`
          : 'none',
      });
      if (crashes.length) row.result = 'fail';
      try {
        await env.ensureUp();
      } catch (err) {
        row.result = 'fail';
        row.checks.push({
          name: 'servers up again after the fault',
          ok: false,
          detail: String((err as Error)?.message ?? err),
        });
      }
      if (row.result === 'fail') keepLogs = true;
      rows.push(row);
      say(
        `${row.result === 'pass' ? 'PASS' : 'FAIL'} ${fault.name} (${row.seconds} s): lost ${row.lost}, duplicates ${row.duplicates}, half-made ${row.halfMade}`,
      );
    }
  } finally {
    await env.close(keepLogs).catch(() => undefined);
    uninstallCleanup();
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
  }
  const seconds = Math.round((Date.now() - began) / 1000);
  writeResults(RESULTS_FILE, rows, { scale, startedAt: new Date(began).toISOString(), seconds });
  process.stdout.write(`\n${formatDetails(rows)}\n\n${formatTable(rows)}\n\n`);
  if (keepLogs) say(`logs of the failed run kept in ${env.dir}`);
  const passed = rows.filter((r) => r.result === 'pass').length;
  const failed = rows.length - passed;
  say(`faults: ${passed} passed, ${failed} failed in ${seconds} s (rows in ${RESULTS_FILE})`);
  return { passed, failed };
}

if (require.main === module) {
  runFaultSuite().then(
    ({ failed }) => process.exit(failed > 0 ? 1 : 0),
    (err) => {
      process.stderr.write(`[faults] the suite could not run: ${err?.stack ?? err}\n`);
      process.exit(1);
    },
  );
}
