// One connection config for every Temporal client of the project (worker, API, npm start, bench,
// fault suite, cluster tests): Temporal's own environment configuration, read by
// @temporalio/envconfig, the same settings the `temporal` CLI reads. A profile in a
// temporal.toml (TEMPORAL_CONFIG_FILE, default ~/.config/temporalio/temporal.toml; TEMPORAL_PROFILE,
// default "default") and, over it, the environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
// TEMPORAL_API_KEY, TEMPORAL_TLS, TEMPORAL_TLS_CLIENT_CERT_PATH / _KEY_PATH, TEMPORAL_TLS_SERVER_CA_CERT_PATH,
// TEMPORAL_TLS_SERVER_NAME (and the _DATA forms). An API key turns TLS on (Temporal Cloud).
import type { ConnectionOptions } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';

export interface TemporalProfile {
  /** Unset: no Temporal named, `npm start` runs its embedded dev server. */
  address?: string;
  namespace: string;
  /** For `Connection.connect` (clients) and `NativeConnection.connect` (workers) alike. */
  connectionOptions: ConnectionOptions & NativeConnectionOptions;
  /** How it connects, for a log line: never the key or certificate contents. */
  describe(): string;
}

export function readTemporalProfile(env: NodeJS.ProcessEnv = process.env): TemporalProfile {
  // An empty variable counts as unset (TEMPORAL_ADDRESS= npm start still runs the dev server).
  const vars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => !!e[1]));
  let loaded: ReturnType<typeof loadClientConnectConfig>;
  try {
    loaded = loadClientConnectConfig({ overrideEnvVars: vars });
  } catch (err) {
    throw new Error(`invalid Temporal connection profile: ${(err as Error).message}`, { cause: err });
  }
  const { address, apiKey, tls } = loaded.connectionOptions;
  const namespace = loaded.namespace ?? 'default';
  const connectionOptions = { ...loaded.connectionOptions } as ConnectionOptions & NativeConnectionOptions;
  return {
    address,
    namespace,
    connectionOptions,
    describe() {
      const security =
        typeof tls === 'object' && tls ? (tls.clientCertPair ? 'mutual TLS' : 'TLS') : tls ? 'TLS' : 'plaintext';
      return `${address} namespace ${namespace}, ${security}${apiKey ? ', API key' : ''}`;
    },
  };
}
