// The Temporal server's static configuration (`server --root DIR --config config --env
// production start --service S` reads DIR/config/production.yaml) and its dynamic configuration,
// generated from the cluster's settings. One file per service process: they differ only in the
// Prometheus address, which two processes on one machine cannot share. JSON is valid YAML.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterCertificates } from './certificates';

export const TEMPORAL_SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

/** Shared with docker-compose.yml (checked by test/unit/compose-file.test.ts). */
export const CLUSTER_SETTINGS = {
  numHistoryShards: 4,
  namespace: 'default',
  retentionDays: 3,
};

export interface SqlStore {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface TemporalPorts {
  frontend: { grpc: number; membership: number; http: number };
  history: { grpc: number; membership: number };
  matching: { grpc: number; membership: number };
  worker: { grpc: number; membership: number };
  /** Prometheus endpoint of each service process. */
  metrics: Record<TemporalService, number>;
}

/** Every port the Temporal services take, from one base: base+233 is the frontend (as 7233 is). */
export function temporalPorts(base: number): TemporalPorts {
  return {
    frontend: { grpc: base + 233, membership: base + 234, http: base + 235 },
    history: { grpc: base + 236, membership: base + 237 },
    matching: { grpc: base + 238, membership: base + 239 },
    worker: { grpc: base + 240, membership: base + 241 },
    metrics: { frontend: base + 250, history: base + 251, matching: base + 252, worker: base + 253 },
  };
}

export interface TemporalConfigInput {
  rootDir: string;
  ports: TemporalPorts;
  persistence: SqlStore;
  visibility: SqlStore;
  certificates: ClusterCertificates;
  logLevel?: string;
}

function sqlStore(store: SqlStore, maxConns: number) {
  return {
    sql: {
      pluginName: 'postgres12',
      databaseName: store.database,
      connectAddr: `${store.host}:${store.port}`,
      connectProtocol: 'tcp',
      user: store.user,
      password: store.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  };
}

/** The dynamic configuration: what the project needs beyond the server's defaults. */
export const DYNAMIC_CONFIG: Record<string, Array<{ value: unknown }>> = {
  // Officials' actions are updates; a filing is update-with-start (a multi-operation).
  'frontend.enableUpdateWorkflowExecution': [{ value: true }],
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted': [{ value: true }],
  'frontend.enableExecuteMultiOperation': [{ value: true }],
  // Search attributes added at start are usable at once (as on the dev server).
  'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true }],
  'limit.maxIDLength': [{ value: 255 }],
};

function serviceConfig(input: TemporalConfigInput, service: TemporalService) {
  const { ports, certificates: c } = input;
  const serverTls = {
    certFile: c.serverCert,
    keyFile: c.serverKey,
    requireClientAuth: true,
    clientCaFiles: [c.caCert],
  };
  const clientTls = { serverName: c.serverName, rootCaFiles: [c.caCert] };
  return {
    log: { stdout: true, level: input.logLevel ?? 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: CLUSTER_SETTINGS.numHistoryShards,
      datastores: {
        'postgres-default': sqlStore(input.persistence, 20),
        'postgres-visibility': sqlStore(input.visibility, 5),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: {
        prometheus: {
          framework: 'tally',
          timerType: 'histogram',
          listenAddress: `127.0.0.1:${ports.metrics[service]}`,
        },
      },
      tls: {
        // Mutual TLS at the frontend (clients) and between the services (each presents the server certificate).
        internode: { server: serverTls, client: clientTls },
        frontend: { server: serverTls, client: clientTls },
        // The server's own system worker dials the frontend as a client.
        systemWorker: { certFile: c.clientCert, keyFile: c.clientKey, client: clientTls },
      },
    },
    services: {
      frontend: {
        rpc: {
          grpcPort: ports.frontend.grpc,
          membershipPort: ports.frontend.membership,
          httpPort: ports.frontend.http,
          bindOnLocalHost: true,
        },
      },
      history: {
        rpc: { grpcPort: ports.history.grpc, membershipPort: ports.history.membership, bindOnLocalHost: true },
      },
      matching: {
        rpc: { grpcPort: ports.matching.grpc, membershipPort: ports.matching.membership, bindOnLocalHost: true },
      },
      worker: { rpc: { grpcPort: ports.worker.grpc, membershipPort: ports.worker.membership, bindOnLocalHost: true } },
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `${c.serverName}:${ports.frontend.grpc}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    publicClient: { hostPort: `${c.serverName}:${ports.frontend.grpc}` },
    dynamicConfigClient: { filepath: join(input.rootDir, 'dynamicconfig.yaml'), pollInterval: '10s' },
  };
}

export const TEMPORAL_ENV = 'production';

/** Writes ROOT/dynamicconfig.yaml and ROOT/<service>/config/production.yaml; returns each service's root. */
export function writeTemporalConfig(input: TemporalConfigInput): Record<TemporalService, string> {
  mkdirSync(input.rootDir, { recursive: true });
  writeFileSync(
    join(input.rootDir, 'dynamicconfig.yaml'),
    `# generated by npm run cluster\n${JSON.stringify(DYNAMIC_CONFIG, null, 2)}\n`,
  );
  const roots = {} as Record<TemporalService, string>;
  for (const service of TEMPORAL_SERVICES) {
    const root = join(input.rootDir, service);
    mkdirSync(join(root, 'config'), { recursive: true });
    writeFileSync(
      join(root, 'config', `${TEMPORAL_ENV}.yaml`),
      `# generated by npm run cluster for the ${service} service\n${JSON.stringify(serviceConfig(input, service), null, 2)}\n`,
    );
    roots[service] = root;
  }
  return roots;
}
