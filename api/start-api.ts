// The API's HTTP server, started the one way every process that serves it does: api/main.ts (the
// deployed replicas, the cluster's, the bench's), npm start, the bench's in-process API and the
// test stacks.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type express from 'express';
import { procedureSettingsOf, webhookPolicyOf, type Config } from '../platform/config';
import { createApp, type AppOptions } from './app';
import { originsFrom } from './codec-cors';
import { oidcSettingsFrom } from './oidc/settings';
import { listen } from './listen';

export interface ApiConfig extends AppOptions {
  /** 0: a free port (the tests, the bench). */
  port: number;
  /** Every interface unless given (127.0.0.1 for the tests and the bench). */
  host?: string;
}

/** What the configuration (the environment, read once) sets of the API's options. */
export function apiSettingsFrom(
  config: Config,
): Pick<
  AppOptions,
  | 'taskQueue'
  | 'procedure'
  | 'rateLimitPerMinute'
  | 'metricsFrom'
  | 'trustProxy'
  | 'temporalUiOrigins'
  | 'oidc'
  | 'webhookPolicy'
> {
  return {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    procedure: procedureSettingsOf(config),
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    metricsFrom: config.METRICS_FROM,
    trustProxy: config.TRUST_PROXY,
    temporalUiOrigins: originsFrom(config.TEMPORAL_UI_ORIGIN),
    oidc: oidcSettingsFrom(config),
    webhookPolicy: webhookPolicyOf(config),
  };
}

export interface RunningApi {
  app: express.Express;
  server: Server;
  /** The port it listens on (the one chosen when 0 was asked). */
  port: number;
  /**
   * A rolling restart's first step: /readyz answers 503, so the balancer stops sending here, and
   * every answer asks its client to close the connection; requests are still served.
   */
  drain(): void;
  /** Stops accepting and resolves once the requests in flight are answered; idle connections are closed. */
  stop(): Promise<void>;
}

export async function startApi(config: ApiConfig): Promise<RunningApi> {
  const { port, host, ...options } = config;
  const app = createApp(options);
  const server = await listen(app, port, host);
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
  let stopped: Promise<void> | undefined;
  return {
    app,
    server,
    port: (server.address() as { port: number }).port,
    drain() {
      draining = true;
    },
    stop() {
      stopped ??= new Promise<void>((ok, fail) => {
        server.close((err) => (err ? fail(err) : ok()));
        server.closeIdleConnections();
      });
      return stopped;
    },
  };
}
