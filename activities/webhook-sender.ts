// One webhook attempt over HTTP(S), safe against server-side request forgery: the host is resolved
// here and every address it resolves to is judged (domain/webhook-address.ts) before the socket
// connects to the one judged, so a name rebound to an internal address between the subscription
// and the delivery is refused. A timeout and a cap on the response bound an attempt; redirects are
// not followed (a 3xx is a failed attempt).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { refusedAddress, refusedUrl, type WebhookAddressPolicy } from '../domain/webhook-address';

export interface SendOptions {
  policy: WebhookAddressPolicy;
  /** The whole attempt, connection to last byte read. */
  timeoutMs: number;
  /** Response bytes read at most; the rest is not waited for. */
  maxResponseBytes: number;
}

export type SendResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

class RefusedAddress extends Error {}

/** dns.lookup, with each address judged; the socket connects only to an address that passed. */
function guardedLookup(policy: WebhookAddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4);
      const refused = addresses.map((a) => refusedAddress(a.address, policy)).find((r) => r !== undefined);
      if (refused || !addresses.length) {
        return callback(new RefusedAddress(refused ?? `${hostname} has no address`), '', 4);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

export function sendWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<SendResult> {
  const refusedTarget = refusedUrl(target, options.policy);
  if (refusedTarget) return Promise.resolve({ ok: false, status: null, error: `refused: ${refusedTarget}` });
  const url = new URL(target);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // A literal address is connected to without a lookup: judged here.
  if (isIP(host)) {
    const refused = refusedAddress(host, options.policy);
    if (refused) return Promise.resolve({ ok: false, status: null, error: `refused: ${refused}` });
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'complaint-case-engine-webhooks/1',
        },
        lookup: guardedLookup(options.policy),
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let read = 0;
        const done = () => {
          if (status >= 200 && status < 300) finish({ ok: true, status });
          else finish({ ok: false, status, error: `the receiver answered ${status}` });
          res.destroy();
        };
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > options.maxResponseBytes) done(); // the status is known; the rest is not read
        });
        res.on('end', done);
        res.on('error', done);
        res.on('close', done);
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, status: null, error: `no answer within ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (err) => {
      const reason = err instanceof RefusedAddress ? `refused: ${err.message}` : errorText(err);
      finish({ ok: false, status: null, error: reason });
    });
    req.end(body);
  });
}

/** A transport error without anything the receiver sent: its code and a short message. */
function errorText(err: Error & { code?: string }): string {
  return (err.code ? `${err.code}: ` : '') + err.message.slice(0, 200);
}
