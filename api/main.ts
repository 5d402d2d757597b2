// The API as its own stateless process (docker-compose, several replicas behind a balancer).
import { readConfig } from '../platform/config';
import { dataConverterFrom } from '../platform/data-converter';
import { connectTemporal, openRegister } from '../platform/services';
import { stopStack } from '../platform/stop-stack';
import { readTemporalProfile } from '../platform/temporal-profile';
import { apiSettingsFrom, startApi } from './start-api';

/** How long /readyz answers 503 before the server stops accepting: longer than the balancer's probe interval. */
const DRAIN_MS = Number(process.env.API_DRAIN_MS ?? 5_000);

const say = (line: string) => process.stdout.write(`[api] ${line}\n`);
const stops = stopStack((err) => process.stderr.write(`[api] while stopping: ${(err as Error)?.message ?? err}\n`));

async function main(): Promise<void> {
  const config = readConfig();
  const temporal = readTemporalProfile();
  if (!temporal.address || !config.DATABASE_URL)
    throw new Error(
      'set TEMPORAL_ADDRESS (or a Temporal profile) and DATABASE_URL (npm start runs everything embedded)',
    );
  const db = await openRegister(config.DATABASE_URL, stops);
  const client = await connectTemporal(temporal, dataConverterFrom(config), stops);
  const api = await startApi({ ...apiSettingsFrom(config), db, client, port: config.PORT });
  stops.add(() => api.stop());
  say(`listening on ${config.PORT}`);
  const close = () => void stops.stopAll().then(() => process.exit(0));
  process.on('SIGINT', close);
  // Draining on SIGTERM (a rolling restart): /readyz answers 503 first, so the balancer stops
  // sending here; every answer then asks its client to close the connection; after the balancer's
  // probe interval the server stops accepting and ends once the requests in flight are answered.
  let draining = false;
  process.on('SIGTERM', () => {
    if (draining) return;
    draining = true;
    api.drain();
    say(`SIGTERM: draining for ${DRAIN_MS} ms, then closing`);
    setTimeout(close, DRAIN_MS);
  });
}

main().catch(async (err) => {
  process.stderr.write(`[api] FAILED: ${err?.message ?? err}\n`);
  await stops.stopAll();
  process.exit(1);
});
