// npm run reconcile [-- --repair]: compares the register (DATABASE_URL) with Temporal (the
// connection profile: TEMPORAL_ADDRESS or a temporal.toml profile; TEMPORAL_TASK_QUEUE) and prints
// each discrepancy with what it will do. --repair mends what is safe (scripts/reconciliation.ts)
// and lists what needs a person. Exit 0 when they agree (after the repairs), 1 when not, 2 on error.
// Payloads are decoded with PAYLOAD_KEYS like the workers'. Lines hold ids and numbers only.
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../db/database';
import { readConfig } from '../platform/config';
import { dataConverterFrom } from '../platform/data-converter';
import { readTemporalProfile } from '../platform/temporal-profile';
import { reconcile } from './reconcile-run';
import { discrepancyLine } from './reconciliation';

const say = (line: string) => process.stdout.write(`[reconcile] ${line}\n`);

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { repair: { type: 'boolean', default: false } } });
  const config = readConfig();
  const temporal = readTemporalProfile();
  if (!temporal.address || !config.DATABASE_URL) {
    process.stderr.write('[reconcile] set DATABASE_URL and TEMPORAL_ADDRESS (or a Temporal profile)\n');
    return 2;
  }
  const db = createDb(config.DATABASE_URL, 4);
  const connection = await Connection.connect(temporal.connectionOptions);
  try {
    const client = new Client({ connection, namespace: temporal.namespace, dataConverter: dataConverterFrom(config) });
    const result = await reconcile({ db, client, taskQueue: config.TEMPORAL_TASK_QUEUE }, { repair: values.repair });
    for (const d of result.found) say(discrepancyLine(d));
    if (values.repair) {
      say(`repaired ${result.repaired.length}`);
      for (const d of result.remaining) say(`left: ${discrepancyLine(d)}`);
    }
    say(
      `${result.remaining.length} discrepancies${result.remaining.length === 0 ? ': the register and Temporal agree' : ''}`,
    );
    return result.remaining.length === 0 ? 0 : 1;
  } finally {
    await connection.close();
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`[reconcile] FAILED: ${err?.message ?? err}\n`);
    process.exit(2);
  },
);
