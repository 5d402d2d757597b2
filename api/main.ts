// The API as its own stateless process (docker-compose, several replicas behind a balancer).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { seedCalendar } from '../db/seed';
import { appealWindowOf, readConfig, webhookPolicyOf } from '../platform/config';
import { registerSearchAttributes } from '../platform/search-attribute-setup';
import { dataConverterFrom } from '../platform/data-converter';
import { readTemporalProfile } from '../platform/temporal-profile';
import { createApp } from './app';
import { originsFrom } from './codec-cors';
import { listen } from './listen';

async function main(): Promise<void> {
  const config = readConfig();
  const temporal = readTemporalProfile();
  if (!temporal.address || !config.DATABASE_URL)
    throw new Error(
      'set TEMPORAL_ADDRESS (or a Temporal profile) and DATABASE_URL (npm start runs everything embedded)',
    );
  const db = createDb(config.DATABASE_URL);
  await migrateToLatest(db);
  await seedCalendar(db);
  const connection = await Connection.connect(temporal.connectionOptions);
  await registerSearchAttributes(connection, temporal.namespace);
  const client = new Client({ connection, namespace: temporal.namespace, dataConverter: dataConverterFrom(config) });
  const app = createApp({
    db,
    client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...appealWindowOf(config),
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    metricsFrom: config.METRICS_FROM,
    trustProxy: config.TRUST_PROXY,
    temporalUiOrigins: originsFrom(config.TEMPORAL_UI_ORIGIN),
    webhookPolicy: webhookPolicyOf(config),
  });
  const server = await listen(app, config.PORT);
  process.stdout.write(`[api] listening on ${config.PORT}\n`);
  // Draining on SIGTERM (a rolling restart): /readyz answers 503 first, so the balancer stops
  // sending here; every answer then asks its client to close the connection; after the balancer's
  // probe interval the server stops accepting and ends once the requests in flight are answered.
  let draining = false;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (draining) {
      res.setHeader('Connection', 'close');
      if (req.url === '/readyz') {
        res.writeHead(503, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'draining', message: 'This replica is shutting down.' } }));
        return;
      }
    }
    app(req, res);
  });
  const close = () =>
    server.close(async () => {
      await connection.close();
      await db.destroy();
      process.exit(0);
    });
  process.on('SIGINT', close);
  process.on('SIGTERM', () => {
    if (draining) return;
    draining = true;
    process.stdout.write(`[api] SIGTERM: draining for ${DRAIN_MS} ms, then closing\n`);
    setTimeout(close, DRAIN_MS);
  });
}

/** How long /readyz answers 503 before the server stops accepting: longer than the balancer's probe interval. */
const DRAIN_MS = Number(process.env.API_DRAIN_MS ?? 5_000);

main().catch((err) => {
  process.stderr.write(`[api] FAILED: ${err?.message ?? err}\n`);
  process.exit(1);
});
