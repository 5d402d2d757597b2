// (o) Open loop: filings arrive at a fixed rate, half the maximum throughput (b) measured on the
// same server, each sent on its schedule whether or not the earlier ones have been answered, as
// an intake system's traffic arrives. With a fixed number in flight (b), latency only mirrors
// throughput (Little's law); at a fixed arrival rate below capacity it is what a filer waits.
import { randomUUID } from 'node:crypto';
import { complaintFor } from './filing';
import { expectStatus, type ApiClient } from './http';
import { firstError, now, sleep, summarise, type LatencySummary } from './stats';

export interface OpenLoopResult {
  /** Filings a second asked for, and those actually sent (the load generator keeps up or not). */
  targetPerSecond: number;
  sentPerSecond: number;
  n: number;
  latencyMs: LatencySummary;
  /** The most requests waiting for an answer at once. */
  maxInFlight: number;
  errors?: string;
}

export async function runOpenLoop(opts: {
  api: ApiClient;
  intakeKey: string;
  perSecond: number;
  n: number;
  singleBody: boolean;
  say: (l: string) => void;
}): Promise<OpenLoopResult> {
  const { api, perSecond, n } = opts;
  const run = randomUUID().slice(0, 8);
  opts.say(`(o) open loop: ${n} filings at ${perSecond.toFixed(1)}/s`);
  const latencies: number[] = [];
  const errors: unknown[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const pending: Array<Promise<void>> = [];
  const t0 = now();
  for (let i = 0; i < n; i++) {
    const due = t0 + (i * 1000) / perSecond;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const sent = now();
    pending.push(
      api
        .post('/v1/complaints', opts.intakeKey, complaintFor(i, opts.singleBody), {
          'idempotency-key': `bench-${run}-open-${i}`,
        })
        .then((res) => {
          expectStatus(res, 201, 'POST /v1/complaints');
          latencies.push(now() - sent);
        })
        .catch((err) => {
          errors.push(err);
        })
        .finally(() => {
          inFlight--;
        }),
    );
  }
  const sentMs = now() - t0;
  await Promise.all(pending);
  return {
    targetPerSecond: Math.round(perSecond * 10) / 10,
    sentPerSecond: Math.round((n / (sentMs / 1000)) * 10) / 10,
    n,
    latencyMs: summarise(latencies),
    maxInFlight,
    ...(errors.length ? { errors: firstError(errors) } : {}),
  };
}
