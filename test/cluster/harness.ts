// The cluster under test: cluster/cluster.ts on a free port base in a temporary directory, API keys
// in its register, a client over mutual TLS, and views of the two API replicas in the shape the
// fault suite's HTTP helpers take (test/faults/http.ts).
import { mkdirSync } from 'node:fs';
import { Client, type Connection } from '@temporalio/client';
import { createApiKey } from '../../db/api-keys';
import { findBody, headOf } from '../../db/bodies';
import { createDb, type Db } from '../../db/database';
import { startCluster, type ClusterOptions, type RunningCluster } from '../../cluster/cluster';
import { dataConverterFrom } from '../../platform/data-converter';
import { payloadKeysInDataDir } from '../../platform/payload-key-file';
import { freePortBase } from '../../cluster/ports';
import type { FaultStack } from '../faults/stack';
import { BODIES, type BodyId, type Caller } from '../faults/stack';

export interface TestCluster {
  cluster: RunningCluster;
  db: Db;
  connection: Connection;
  client: Client;
  intake: Caller;
  auditor: Caller;
  portal: Caller;
  officials: Record<BodyId | 'qcb-almaty', Caller>;
  /** API replica i as the fault suite's HTTP helpers see a stack. */
  replica(i: number): FaultStack;
  close(): Promise<void>;
}

/** CLUSTER_TEST_PORT_BASE pins the base; otherwise a free one. */
export async function testPortBase(): Promise<number> {
  return process.env.CLUSTER_TEST_PORT_BASE ? Number(process.env.CLUSTER_TEST_PORT_BASE) : freePortBase();
}

export async function startTestCluster(options: ClusterOptions): Promise<TestCluster> {
  // Encrypted payloads as npm run cluster has them, with its key file (made by its first start).
  mkdirSync(options.dataDir, { recursive: true });
  const PAYLOAD_KEYS = payloadKeysInDataDir(options.dataDir).keys;
  const cluster = await startCluster({ ...options, appEnv: { ...options.appEnv, PAYLOAD_KEYS } });
  try {
    const db = createDb(cluster.registerUrl, 10);
    const connection = await cluster.connect();
    const client = new Client({
      connection,
      namespace: cluster.namespace,
      dataConverter: dataConverterFrom({ PAYLOAD_KEYS }),
    });
    const intake = await createApiKey(db, 'intake', null, 'cluster tests');
    const auditor = await createApiKey(db, 'auditor', null, 'cluster tests');
    const portal = await createApiKey(db, 'portal', null, 'cluster tests');
    const officials = {} as Record<BodyId | 'qcb-almaty', Caller>;
    for (const body of [...BODIES, 'qcb-almaty'] as const) {
      officials[body] = await createApiKey(db, 'official', body, 'cluster tests', headOf((await findBody(db, body))!));
    }
    const replica = (i: number) => {
      // Only what the HTTP helpers read; the rest of a fault stack has no meaning for a replica.
      const view = {
        name: `api-${i + 1}`,
        baseUrl: cluster.apis[i % cluster.apis.length].url,
        intake,
        auditor,
        officials,
        taskQueue: cluster.taskQueue,
        db,
        client,
      };
      return view as unknown as FaultStack;
    };
    return {
      cluster,
      db,
      connection,
      client,
      intake,
      auditor,
      portal,
      officials,
      replica,
      async close() {
        await connection.close().catch(() => undefined);
        await db.destroy().catch(() => undefined);
        await cluster.stop();
      },
    };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}
