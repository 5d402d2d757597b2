// The production shape on one machine (`npm run cluster`, and the cluster tests): PostgreSQL with
// Temporal's two databases and the register; the real Temporal server as four processes
// (history, matching, frontend, worker) on mutual TLS; the `default` namespace with a real
// retention and the project's search attributes; then complaint workers and API replicas, two of
// each, connected through one Temporal profile (temporal.toml). stop() takes it all down in order.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createConnection } from 'node:net';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { clientConfigToToml } from '@temporalio/envconfig';
import { createDb } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { seedCalendar, seedDemoBodies } from '../db/seed';
import { temporalServerTools } from '../platform/provision/paths';
import { registerSearchAttributes } from '../platform/search-attribute-setup';
import { stopStack } from '../platform/stop-stack';
import { ensureCertificates, type ClusterCertificates } from './certificates';
import { ManagedProcess, waitUntil } from './processes';
import { startClusterPostgres, TEMPORAL_DATABASES, type ClusterPostgres } from './postgres';
import { ensureWalArchiving } from './wal-archive';
import {
  CLUSTER_SETTINGS,
  TEMPORAL_ENV,
  TEMPORAL_SERVICES,
  temporalPorts,
  writeTemporalConfig,
  type TemporalPorts,
  type TemporalService,
} from './temporal-config';
import { setUpTemporalSchema } from './temporal-schema';

const repoRoot = resolve(__dirname, '..');
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');

export const PROFILE_NAME = 'cluster';

export interface ClusterOptions {
  dataDir: string;
  /** Every port is base + an offset: frontend +233, PostgreSQL +100, API replicas +300, +301 … */
  portBase: number;
  /** An external PostgreSQL (its database is the register); embedded when unset. */
  databaseUrl?: string;
  workers?: number;
  apiReplicas?: number;
  taskQueue?: string;
  /** Extra environment for the workers and API replicas (APPEAL_WINDOW_DAYS, PAYLOAD_KEYS …). */
  appEnv?: Record<string, string>;
  log?: (line: string) => void;
}

export interface ApiReplica {
  process: ManagedProcess;
  url: string;
}

export interface RunningCluster {
  dataDir: string;
  ports: TemporalPorts & { postgres: number; api: number[] };
  certificates: ClusterCertificates;
  /** The temporal.toml with the `cluster` profile every client of the cluster uses. */
  profileFile: string;
  /** Environment that points a client (our code or the `temporal` CLI) at the cluster. */
  clientEnv: Record<string, string>;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  postgres: ClusterPostgres;
  registerUrl: string;
  services: Record<TemporalService, ManagedProcess>;
  workers: ManagedProcess[];
  apis: ApiReplica[];
  /** A TLS connection to the frontend with the client certificate. */
  connect(): Promise<Connection>;
  startService(service: TemporalService): Promise<void>;
  startWorker(index: number): Promise<void>;
  /** Starts API replica `index` again (after a stop) and waits for its /healthz. */
  startApi(index: number): Promise<void>;
  stop(): Promise<void>;
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => ok(false));
  });
}

/** The child environment: ours minus any Temporal connection settings, which would override the profile. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('TEMPORAL_') || k === 'TEMPORAL_CLI_PATH') env[k] = v;
  return { ...env, ...extra };
}

export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const workerCount = options.workers ?? 2;
  const apiCount = options.apiReplicas ?? 2;
  const taskQueue = options.taskQueue ?? 'complaints';
  const ports = {
    ...temporalPorts(options.portBase),
    postgres: options.portBase + 100,
    api: Array.from({ length: apiCount }, (_, i) => options.portBase + 300 + i),
  };
  for (const tool of [temporalServerTools.server, temporalServerTools.sql]) {
    if (!existsSync(tool))
      throw new Error(`${tool} is missing: run \`npm run provision\` (builds the Temporal server)`);
  }

  const stops = stopStack((err) => log(`while stopping: ${(err as Error)?.message ?? err}`));
  const stopAll = async () => void (await stops.stopAll());
  try {
    log(
      `PostgreSQL (${options.databaseUrl ? 'DATABASE_URL' : `embedded, ${join(dataDir, 'pg')}, port ${ports.postgres}`})`,
    );
    const postgres = await startClusterPostgres({
      databaseUrl: options.databaseUrl,
      dataDir: join(dataDir, 'pg'),
      port: ports.postgres,
      log: () => undefined,
    });
    stops.add(() => (postgres.embedded && postgres.running ? postgres.stop() : Promise.resolve()));
    // Every moment since a base backup can be restored (npm run backup, npm run restore).
    if (postgres.embedded) await ensureWalArchiving(postgres, dataDir, join(dataDir, 'pg'));

    const persistence = { ...postgres.server, database: TEMPORAL_DATABASES.persistence };
    const visibility = { ...postgres.server, database: TEMPORAL_DATABASES.visibility };
    log(`Temporal schemas (${persistence.database}, ${visibility.database}) with the server's SQL tool`);
    await setUpTemporalSchema(temporalServerTools, persistence, 'temporal');
    await setUpTemporalSchema(temporalServerTools, visibility, 'visibility');

    log('the case register: migrations, calendar, demo bodies');
    const db = createDb(postgres.registerUrl, 2);
    try {
      await migrateToLatest(db);
      await seedCalendar(db);
      await seedDemoBodies(db);
    } finally {
      await db.destroy();
    }

    const certificates = ensureCertificates(join(dataDir, 'certs'));
    const roots = writeTemporalConfig({
      rootDir: join(dataDir, 'temporal'),
      ports,
      persistence,
      visibility,
      certificates,
    });
    const services = {} as Record<TemporalService, ManagedProcess>;
    for (const service of TEMPORAL_SERVICES) {
      services[service] = new ManagedProcess({
        name: `temporal-${service}`,
        command: temporalServerTools.server,
        cwd: roots[service],
        args: [
          '--root',
          roots[service],
          '--config',
          'config',
          '--env',
          TEMPORAL_ENV,
          '--allow-no-auth',
          'start',
          '--service',
          service,
        ],
        logFile: join(logDir, `temporal-${service}.log`),
      });
      stops.add(() => services[service].stop());
    }
    const startService = async (service: TemporalService) => {
      services[service].start();
      // The worker service serves no gRPC; it is up once it listens for membership.
      const port = service === 'worker' ? ports.worker.membership : ports[service].grpc;
      const up = await waitUntil(async () => !services[service].running || listening(port), 60_000, 200);
      if (!up || !services[service].running) {
        const log = join(logDir, `temporal-${service}.log`);
        const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-6).join('\n').slice(-1500) : '';
        throw new Error(`Temporal ${service} did not listen on ${port} (log: ${log}):\n${tail}`);
      }
    };
    log(
      `Temporal services: ${TEMPORAL_SERVICES.join(', ')} (${CLUSTER_SETTINGS.numHistoryShards} history shards, frontend on mutual TLS at localhost:${ports.frontend.grpc})`,
    );
    // History first: on a fresh database the first process writes the cluster's metadata, and
    // services starting at the same instant race each other for it.
    await startService('history');
    await Promise.all(TEMPORAL_SERVICES.filter((s) => s !== 'history').map(startService));

    const temporalAddress = `${certificates.serverName}:${ports.frontend.grpc}`;
    const profileFile = join(dataDir, 'temporal.toml');
    writeFileSync(
      profileFile,
      Buffer.from(
        clientConfigToToml({
          profiles: {
            [PROFILE_NAME]: {
              address: temporalAddress,
              namespace: CLUSTER_SETTINGS.namespace,
              tls: {
                clientCert: { path: certificates.clientCert },
                clientKey: { path: certificates.clientKey },
                serverCACert: { path: certificates.caCert },
                serverName: certificates.serverName,
              },
            },
          },
        }),
      ),
    );
    const clientEnv = { TEMPORAL_CONFIG_FILE: profileFile, TEMPORAL_PROFILE: PROFILE_NAME };
    const connect = () =>
      Connection.connect({
        address: temporalAddress,
        connectTimeout: 5_000,
        tls: {
          serverNameOverride: certificates.serverName,
          serverRootCACertificate: readFileSync(certificates.caCert),
          clientCertPair: { crt: readFileSync(certificates.clientCert), key: readFileSync(certificates.clientKey) },
        },
      });

    log(
      `namespace ${CLUSTER_SETTINGS.namespace} (retention ${CLUSTER_SETTINGS.retentionDays} days) and search attributes`,
    );
    await ensureNamespace(connect);

    const bundle = join(dataDir, 'workflow-bundle.js');
    if (workerCount > 0) {
      log('bundling the workflows once for every worker');
      await runToEnd(
        new ManagedProcess({
          name: 'bundle',
          command: tsx,
          args: ['scripts/bundle-workflows.ts', bundle],
          cwd: repoRoot,
          logFile: join(logDir, 'bundle.log'),
        }),
      );
    }

    const appEnv = (extra: Record<string, string>) =>
      childEnv({
        ...clientEnv,
        DATABASE_URL: postgres.registerUrl,
        DATA_DIR: dataDir,
        TEMPORAL_TASK_QUEUE: taskQueue,
        ...options.appEnv,
        ...extra,
      });
    const workers = Array.from(
      { length: workerCount },
      (_, i) =>
        new ManagedProcess({
          name: `worker-${i + 1}`,
          command: tsx,
          args: ['worker/main.ts'],
          cwd: repoRoot,
          logFile: join(logDir, `worker-${i + 1}.log`),
          env: appEnv({ WORKFLOW_BUNDLE_PATH: bundle }),
        }),
    );
    for (const w of workers) stops.add(() => w.stop());
    const startWorker = async (index: number) => {
      const worker = workers[index];
      let seen = '';
      worker.start((text) => {
        seen = (seen + text).slice(-4096);
      });
      const ok = await waitUntil(
        () => {
          if (!worker.running) throw new Error('exited');
          return seen.includes('[worker] polling');
        },
        180_000,
        100,
      );
      if (!ok || !worker.running) throw new Error(`${worker.name} did not start polling (log: ${worker.spec.logFile})`);
    };
    const apis: ApiReplica[] = ports.api.map((port, i) => ({
      url: `http://127.0.0.1:${port}`,
      process: new ManagedProcess({
        name: `api-${i + 1}`,
        command: tsx,
        args: ['api/main.ts'],
        cwd: repoRoot,
        logFile: join(logDir, `api-${i + 1}.log`),
        env: appEnv({ PORT: String(port) }),
      }),
    }));
    // The whole cluster stops: SIGINT, no drain (SIGTERM would hold each replica API_DRAIN_MS for a balancer).
    for (const a of apis) stops.add(() => a.process.stop(15_000, 'SIGINT'));
    const startApi = async (api: ApiReplica) => {
      api.process.start();
      const ok = await waitUntil(
        async () => {
          if (!api.process.running) throw new Error('exited');
          return (await fetch(`${api.url}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok;
        },
        180_000,
        250,
      );
      if (!ok || !api.process.running)
        throw new Error(`${api.process.name} did not answer /healthz (log: ${api.process.spec.logFile})`);
    };
    log(
      `${workerCount} complaint workers on task queue ${taskQueue}, ${apiCount} API replicas on ${ports.api.join(', ')}`,
    );
    await Promise.all([...workers.map((_, i) => startWorker(i)), ...apis.map(startApi)]);

    return {
      dataDir,
      ports,
      certificates,
      profileFile,
      clientEnv,
      temporalAddress,
      namespace: CLUSTER_SETTINGS.namespace,
      taskQueue,
      postgres,
      registerUrl: postgres.registerUrl,
      services,
      workers,
      apis,
      connect,
      startService,
      startWorker,
      startApi: (index: number) => startApi(apis[index]),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Runs a one-shot program to its end; throws on a non-zero exit. */
async function runToEnd(proc: ManagedProcess): Promise<void> {
  proc.start();
  const code = await proc.waitForExit();
  if (code !== 0) throw new Error(`${proc.name} exited with ${code} (log: ${proc.spec.logFile})`);
}

const ALREADY_EXISTS = 6;

/** Registers the namespace (once) and waits until the frontend serves it, then the search attributes. */
async function ensureNamespace(connect: () => Promise<Connection>): Promise<void> {
  let connection: Connection | undefined;
  const ready = await waitUntil(
    async () => {
      connection ??= await connect();
      await connection.workflowService.getSystemInfo({});
      return true;
    },
    90_000,
    500,
  );
  if (!ready || !connection) throw new Error('the Temporal frontend did not answer over TLS');
  try {
    try {
      await connection.workflowService.registerNamespace({
        namespace: CLUSTER_SETTINGS.namespace,
        workflowExecutionRetentionPeriod: msToTs(`${CLUSTER_SETTINGS.retentionDays} days`),
        description: 'complaint case engine',
      });
    } catch (err) {
      if ((err as { code?: number }).code !== ALREADY_EXISTS) throw err;
    }
    // The frontend's namespace cache refreshes on its own schedule: wait until it knows the namespace.
    const known = await waitUntil(
      async () => {
        await connection!.workflowService.listWorkflowExecutions({
          namespace: CLUSTER_SETTINGS.namespace,
          pageSize: 1,
        });
        return true;
      },
      60_000,
      500,
    );
    if (!known) throw new Error(`the frontend does not serve namespace ${CLUSTER_SETTINGS.namespace}`);
    let lastError: unknown;
    const added = await waitUntil(
      async () => {
        try {
          await registerSearchAttributes(connection!, CLUSTER_SETTINGS.namespace);
          return true;
        } catch (err) {
          lastError = err;
          throw err;
        }
      },
      60_000,
      1_000,
    );
    if (!added) throw new Error(`search attributes not registered: ${(lastError as Error)?.message ?? lastError}`);
  } finally {
    await connection.close();
  }
}
