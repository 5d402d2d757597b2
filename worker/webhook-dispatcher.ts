// The webhook dispatcher runs beside the Temporal worker in every worker process: a loop over the
// PostgreSQL outbox of deliveries (activities/webhook-dispatch.ts). Several processes share the
// work through row locks and leases; everything it knows is in the register, so a restart of any
// process (or of PostgreSQL) loses nothing. Why not a workflow: docs/DECISIONS.md.
import { dispatchWebhooks, type DispatchOptions } from '../activities/webhook-dispatch';
import type { Db } from '../db/database';

export interface WebhookDispatcher {
  stop(): Promise<void>;
}

export function startWebhookDispatcher(
  db: Db,
  options: DispatchOptions & { idleMs?: number; onError?: (err: unknown) => void },
): WebhookDispatcher {
  const idleMs = options.idleMs ?? 250;
  let stopping = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopping) {
      let busy = false;
      try {
        const round = await dispatchWebhooks(db, options);
        busy = round.queued + round.delivered + round.failed > 0;
      } catch (err) {
        // The register unavailable (an outage, a restart): tried again after the pause.
        options.onError?.(err);
      }
      if (!busy && !stopping) await pause(idleMs);
    }
  })();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
