// (w) Webhooks under filing load: the filings of (b) again, at (b)'s concurrency, with one
// subscriber whose receiver verifies every delivery with the Standard Webhooks reference library.
// Reports the filing throughput with the subscriber against (b) without one, and the delivery lag
// from the event (its timeline time) to its verified receipt.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { createSubscription, deleteSubscription } from '../db/webhooks';
import { newWebhookSecret } from '../domain/webhook-signature';
import { startWebhookReceiver } from '../test/support/webhook-receiver';
import { runFiling, type FilingResult } from './filing';
import type { ApiClient } from './http';
import { summarise, waitUntil, type LatencySummary } from './stats';

export interface WebhookBenchResult {
  filing: FilingResult;
  delivered: number;
  rejected: number;
  lagMs: LatencySummary;
}

export async function runWebhookBench(opts: {
  db: Db;
  api: ApiClient;
  apiPid?: number;
  intakeKey: string;
  intakeKeyId: string;
  n: number;
  concurrency: number;
  warmup: number;
  singleBody: boolean;
  workerPid: number;
  cores: number;
  say: (l: string) => void;
}): Promise<WebhookBenchResult> {
  const receiver = await startWebhookReceiver();
  const id = randomUUID();
  try {
    const secret = newWebhookSecret();
    receiver.secrets = [secret];
    await createSubscription(opts.db, {
      id,
      ownerKeyId: opts.intakeKeyId,
      url: receiver.url,
      kinds: null,
      scope: { filedBy: opts.intakeKeyId },
      secret,
    });
    opts.say(`(w) ${opts.n} filings with one webhook subscriber`);
    const { result, cases } = await runFiling({ ...opts, sequential: 0, label: 'with a webhook subscriber' });
    const filed = new Set(cases.map((c) => c.id));
    const registered = () =>
      receiver.received.filter((r) => r.type === 'complaint.registered' && filed.has(r.data.complaintId));
    await waitUntil(async () => registered().length >= filed.size, 120_000);
    const lags = registered().map((r) => r.at - Date.parse(r.timestamp));
    return {
      filing: result,
      delivered: registered().length,
      rejected: receiver.rejected.length,
      lagMs: summarise(lags),
    };
  } finally {
    await deleteSubscription(opts.db, id);
    await receiver.close();
  }
}
