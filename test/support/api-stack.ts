import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type express from 'express';
import { fileTransport, type MessageTransport } from '../../activities';
import type { OidcSettings } from '../../api/oidc/settings';
import { createMetrics, type ApiMetrics } from '../../api/metrics';
import { startApi } from '../../api/start-api';
import { createApiKey, type Role } from '../../db/api-keys';
import { headOf, listBodies } from '../../db/bodies';
import type { Db } from '../../db/database';
import { startWorker } from '../../worker/start-worker';
import { startWebhookDispatcher } from '../../worker/webhook-dispatcher';
import { DEFAULT_DISPATCH, type DispatchOptions } from '../../activities/webhook-dispatch';
import { dataConverterFrom } from '../../platform/data-converter';
import { stopAllOrThrow, stopStack } from '../../platform/stop-stack';
import { createTestDatabase } from './test-database';
import { workflowBundle } from './time-skipping';
import { TEST_PROCEDURE } from './procedure';

export interface ApiStack {
  app: express.Express;
  /** The same app served over HTTP on 127.0.0.1 (a browser, a generated client). */
  baseUrl: string;
  db: Db;
  /** The stack's own database, for a process of its own (the apikey command). */
  databaseUrl: string;
  client: Client;
  taskQueue: string;
  outboxDir: string;
  /** One API key per role; officials of the demo bodies under `official:<bodyId>`. */
  keys: Record<string, string>;
  logs: string[];
  /** The app's own metrics (a test makes one of them fail). */
  metrics: ApiMetrics;
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
  /** The organisation's identity provider (api/oidc): people sign in there, systems bring its tokens. */
  oidc?: OidcSettings;
  /** Run the webhook dispatcher (as the worker process does), with these options; receivers on loopback allowed. */
  webhooks?: Partial<Omit<DispatchOptions, 'policy'>> & { idleMs?: number };
}

export async function startApiStack(options: ApiStackOptions = {}): Promise<ApiStack> {
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is not set: run the tests through jest');
  const stops = stopStack();
  try {
    const { db, url: databaseUrl } = await createTestDatabase();
    stops.add(() => db.destroy());
    const taskQueue = `complaints-${randomUUID()}`;
    const outboxDir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const connection = await Connection.connect({ address });
    stops.add(() => connection.close());
    const dataConverter = dataConverterFrom({ PAYLOAD_KEYS: options.payloadKeys, PAYLOAD_KEY_ID: undefined });
    const client = new Client({ connection, dataConverter });
    const worker = await startWorker({
      temporal: { address },
      taskQueue,
      db,
      client,
      dataConverter,
      transport: options.transport ?? fileTransport(outboxDir),
      workflowBundle: await workflowBundle(require.resolve('../../workflows')),
    });
    stops.add(() => worker.stop());
    const webhookPolicy = { allowLoopback: true, allowedNetworks: [] };
    if (options.webhooks) {
      const dispatcher = startWebhookDispatcher(db, {
        ...DEFAULT_DISPATCH,
        ...options.webhooks,
        policy: webhookPolicy,
      });
      stops.add(() => dispatcher.stop());
    }
    const logs: string[] = [];
    const metrics = createMetrics(db);
    const api = await startApi({
      port: 0,
      host: '127.0.0.1',
      db,
      client,
      taskQueue,
      procedure: TEST_PROCEDURE,
      temporalUiUrl: options.temporalUiUrl,
      temporalUi: options.temporalUi,
      oidc: options.oidc,
      webhookPolicy,
      metrics,
      log: (line) => logs.push(JSON.stringify(line)),
    });
    stops.add(() => api.stop());

    const keys: Record<string, string> = {};
    for (const role of ['intake', 'portal', 'auditor', 'admin'] as Role[])
      keys[role] = (await createApiKey(db, role, null)).key;
    // Each body's official key is issued to its head (the person who signs its decisions).
    for (const body of await listBodies(db)) {
      keys[`official:${body.id}`] = (await createApiKey(db, 'official', body.id, null, headOf(body))).key;
    }
    return {
      app: api.app,
      baseUrl: `http://127.0.0.1:${api.port}`,
      db,
      databaseUrl,
      client,
      taskQueue,
      outboxDir,
      keys,
      logs,
      metrics,
      stop: () => stopAllOrThrow(stops),
    };
  } catch (err) {
    await stops.stopAll();
    throw err;
  }
}
