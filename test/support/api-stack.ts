import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type express from 'express';
import { fileTransport, type MessageTransport } from '../../activities';
import { createApp } from '../../api/app';
import { createApiKey, type Role } from '../../db/api-keys';
import { headOf, listBodies } from '../../db/bodies';
import type { Db } from '../../db/database';
import { createComplaintWorker } from '../../worker/worker';
import { startWebhookDispatcher } from '../../worker/webhook-dispatcher';
import { DEFAULT_DISPATCH, type DispatchOptions } from '../../activities/webhook-dispatch';
import { dataConverterFrom } from '../../platform/data-converter';
import { createTestDatabase } from './test-database';
import { workflowBundle } from './time-skipping';

export interface ApiStack {
  app: express.Express;
  db: Db;
  /** The stack's own database, for a process of its own (the apikey command). */
  databaseUrl: string;
  client: Client;
  taskQueue: string;
  outboxDir: string;
  /** One API key per role; officials of the demo bodies under `official:<bodyId>`. */
  keys: Record<string, string>;
  logs: string[];
  stop(): Promise<void>;
}

/** The real app, worker and database against the run's Temporal dev server. */
export interface ApiStackOptions {
  /** PAYLOAD_KEYS: encrypt Temporal payloads with these keys. */
  payloadKeys?: string;
  /** How notifications leave (files under a temporary outbox by default). */
  transport?: MessageTransport;
  /** The Temporal UI the auditor's case page links to. */
  temporalUiUrl?: string;
  /** A Temporal UI server to serve at /temporal-ui/ (api/temporal-ui-proxy.ts). */
  temporalUi?: { upstream: string; hosts: string[] };
  /** Run the webhook dispatcher (as the worker process does), with these options; receivers on loopback allowed. */
  webhooks?: Partial<Omit<DispatchOptions, 'policy'>> & { idleMs?: number };
}

export async function startApiStack(options: ApiStackOptions = {}): Promise<ApiStack> {
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is not set: run the tests through jest');
  const { db, url: databaseUrl } = await createTestDatabase();
  const taskQueue = `complaints-${randomUUID()}`;
  const outboxDir = mkdtempSync(join(tmpdir(), 'outbox-'));
  const nativeConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  const dataConverter = dataConverterFrom({ PAYLOAD_KEYS: options.payloadKeys, PAYLOAD_KEY_ID: undefined });
  const client = new Client({ connection, dataConverter });
  const worker: Worker = await createComplaintWorker({
    connection: nativeConnection,
    taskQueue,
    db,
    transport: options.transport ?? fileTransport(outboxDir),
    temporal: client,
    dataConverter,
    workflowBundle: await workflowBundle(require.resolve('../../workflows')),
  });
  const running = worker.run();
  const webhookPolicy = { allowLoopback: true, allowedNetworks: [] };
  const dispatcher =
    options.webhooks && startWebhookDispatcher(db, { ...DEFAULT_DISPATCH, ...options.webhooks, policy: webhookPolicy });
  const logs: string[] = [];
  const app = createApp({
    db,
    client,
    taskQueue,
    appealWindowDays: 30,
    temporalUiUrl: options.temporalUiUrl,
    temporalUi: options.temporalUi,
    log: (line) => logs.push(JSON.stringify(line)),
    webhookPolicy,
  });

  const keys: Record<string, string> = {};
  for (const role of ['intake', 'portal', 'auditor', 'admin'] as Role[])
    keys[role] = (await createApiKey(db, role, null)).key;
  // Each body's official key is issued to its head (the person who signs its decisions).
  for (const body of await listBodies(db)) {
    keys[`official:${body.id}`] = (await createApiKey(db, 'official', body.id, null, headOf(body))).key;
  }
  return {
    app,
    db,
    databaseUrl,
    client,
    taskQueue,
    outboxDir,
    keys,
    logs,
    async stop() {
      await dispatcher?.stop();
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
      await db.destroy();
    },
  };
}
