// A webhook receiver over real HTTP that verifies each delivery with the Standard Webhooks
// reference library, as an integrator's would; it can be taken down (503) and brought back.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  signature: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown> & { complaintId: string };
  /** Which of the receiver's secrets verified it. */
  verifiedWith: string[];
  at: number;
}

export interface WebhookReceiver {
  url: string;
  /** Secrets the receiver verifies with; set after the subscription answers. */
  secrets: string[];
  received: Received[];
  /** Deliveries that failed verification (must stay empty). */
  rejected: string[];
  /** While down, every delivery is answered 503 and not recorded. */
  down: boolean;
  refusedWhileDown: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: '',
    secrets: [],
    received: [],
    rejected: [],
    down: false,
    refusedWhileDown: 0,
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (receiver.down) {
        receiver.refusedWhileDown++;
        res.writeHead(503).end();
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      };
      const verifiedWith = receiver.secrets.filter((secret) => {
        try {
          new Webhook(secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      if (!verifiedWith.length) {
        receiver.rejected.push(headers['webhook-id']);
        res.writeHead(401).end();
        return;
      }
      const payload = JSON.parse(body) as Omit<Received, 'id' | 'verifiedWith' | 'at' | 'signature'>;
      receiver.received.push({
        id: headers['webhook-id'],
        signature: headers['webhook-signature'],
        ...payload,
        verifiedWith,
        at: Date.now(),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  receiver.close = async () => {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  };
  return receiver;
}

/**
 * First receipts that came, per complaint, before an event earlier in the feed (ids as given);
 * a repeat of a webhook-id already received is a duplicate, not a reordering.
 */
export function outOfOrderPerComplaint(received: Received[], feedOrder: string[]): string[] {
  const rank = new Map(feedOrder.map((id, i) => [id, i]));
  const last = new Map<string, number>();
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of received) {
    const position = rank.get(r.id);
    if (position === undefined || seen.has(r.id)) continue;
    seen.add(r.id);
    const before = last.get(r.data.complaintId);
    if (before !== undefined && position < before)
      problems.push(`${r.id} after a later event of ${r.data.complaintId}`);
    last.set(r.data.complaintId, Math.max(before ?? -1, position));
  }
  return problems;
}
