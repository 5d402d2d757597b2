// npm run cluster: the production shape on one machine (cluster/cluster.ts): the real Temporal
// server as four processes on PostgreSQL with SQL visibility and mutual TLS, two complaint workers
// and two API replicas. CLUSTER_PORT_BASE (default 17000) places every port; DATABASE_URL an
// external PostgreSQL; data, certificates, logs and the temporal.toml under DATA_DIR/cluster.
// Ctrl-C stops all of it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { startCluster, PROFILE_NAME, type RunningCluster } from '../cluster/cluster';
import { killAllManaged } from '../cluster/processes';
import { createApiKey, type Role } from '../db/api-keys';
import { findBody, headOf } from '../db/bodies';
import { createDb } from '../db/database';
import { payloadKeysInDataDir } from '../platform/payload-key-file';
import { provisionTemporalServer } from '../platform/provision/temporal-server';

const say = (line: string) => process.stdout.write(`[cluster] ${line}\n`);

const settingsSchema = z.object({
  DATA_DIR: z.string().default('./data'),
  CLUSTER_PORT_BASE: z.coerce.number().int().min(1024).max(65_000).default(17_000),
  CLUSTER_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  CLUSTER_API_REPLICAS: z.coerce.number().int().min(1).max(16).default(2),
  DATABASE_URL: z.string().optional(),
});

async function demoKeys(cluster: RunningCluster): Promise<void> {
  const db = createDb(cluster.registerUrl, 2);
  const lines: string[] = [];
  try {
    const demo: Array<[string, Role, string | null]> = [
      ['INTAKE_KEY', 'intake', null],
      ['OFFICIAL_KEY', 'official', 'akimat-almaty'],
      ['QCB_OFFICIAL_KEY', 'official', 'qcb-almaty'],
      ['PORTAL_KEY', 'portal', null],
      ['AUDITOR_KEY', 'auditor', null],
      ['ADMIN_KEY', 'admin', null],
    ];
    for (const [name, role, bodyId] of demo) {
      // An official's key is issued to a person: the demo gives it to the body's head.
      const body = bodyId ? await findBody(db, bodyId) : undefined;
      lines.push(`${name}=${(await createApiKey(db, role, bodyId, 'cluster demo', body ? headOf(body) : null)).key}`);
    }
  } finally {
    await db.destroy();
  }
  cluster.apis.forEach((api, i) => lines.push(`${i === 0 ? 'API' : `API_${i + 1}`}=${api.url}/v1`));
  writeFileSync(join(cluster.dataDir, 'demo-keys.env'), `${lines.join('\n')}\n`, { mode: 0o600 });
}

async function main(): Promise<void> {
  const settings = settingsSchema.parse(process.env);
  let cluster: RunningCluster | undefined = undefined; // set once started; the signal handler may run before
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping API replicas, workers, Temporal services, PostgreSQL`);
    await cluster?.stop();
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await provisionTemporalServer();
  const dataDir = resolve(settings.DATA_DIR, 'cluster');
  mkdirSync(dataDir, { recursive: true }); // postgres (its own user) must reach pg/ inside
  // Payloads encrypted by default, as with npm start: a key made at the first start, kept beside the data.
  const appEnv: Record<string, string> = process.env.PAYLOAD_KEYS
    ? {}
    : { PAYLOAD_KEYS: payloadKeysInDataDir(dataDir).keys };
  cluster = await startCluster({
    dataDir,
    portBase: settings.CLUSTER_PORT_BASE,
    databaseUrl: settings.DATABASE_URL,
    workers: settings.CLUSTER_WORKERS,
    apiReplicas: settings.CLUSTER_API_REPLICAS,
    appEnv,
    log: say,
  });
  if (stopping) return;
  await demoKeys(cluster);
  say(`Temporal frontend at ${cluster.temporalAddress} (mutual TLS; certificates in ${cluster.certificates.dir})`);
  say(`connection profile: TEMPORAL_CONFIG_FILE=${cluster.profileFile} TEMPORAL_PROFILE=${PROFILE_NAME}`);
  say(
    `  e.g. TEMPORAL_CONFIG_FILE=${cluster.profileFile} temporal --profile ${PROFILE_NAME} workflow list --query 'CaseStatus="under_review"'`,
  );
  for (const api of cluster.apis) say(`API replica at ${api.url}/v1`);
  say(`demo API keys in ${join(cluster.dataDir, 'demo-keys.env')}; logs in ${join(cluster.dataDir, 'logs')}`);
  say('ready; Ctrl-C stops everything');
}

main().catch(async (err) => {
  process.stderr.write(`[cluster] FAILED: ${err?.stack ?? err}\n`);
  killAllManaged();
  process.exit(1);
});
