import express from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/database';
import type { ProcedureSettings } from '../domain/procedure-settings';
import { RATE_LIMITS, type TrustProxy } from '../platform/config';
import { STRICT_POLICY, type WebhookAddressPolicy } from '../domain/webhook-address';
import { PostgresRateLimitStore } from '../db/rate-limit-store';
import { identifyKey, requireKey } from './auth';
import { routes, type ApiHandlers, type OperationId } from './contract';
import { ApiError, errorHandler, notFound } from './errors';
import { createMetrics, measureRequests, metricsHandlers, type ApiMetrics } from './metrics';
import { routerFor } from './router';
import { bodyHandlers } from './routes/bodies';
import { calendarHandlers } from './routes/calendar';
import { codecHandlers } from './routes/codec';
import { complaintListHandlers } from './routes/complaint-list';
import { complaintRecordHandlers } from './routes/complaint-records';
import { caseActionHandlers, caseActionService } from './routes/case-actions';
import { complaintHandlers } from './routes/complaints';
import { docsAssets, docsHandlers } from './routes/docs';
import { eventHandlers } from './routes/events';
import { healthHandlers } from './routes/health';
import { outboxHandlers } from './routes/outbox';
import { reportHandlers } from './routes/reports';
import { webhookHandlers } from './routes/webhooks';
import { authFailuresPerAddress, rateLimitPerKey, requestLogger, securityHeaders } from './protection';
import { codecCors } from './codec-cors';
import { refuseDeepJson } from './json-depth';
import { pagesRouter } from './pages';
import { TEMPORAL_UI_PATH, temporalUiProxy } from './temporal-ui-proxy';
import { bearerTokenChecker } from './oidc/bearer-tokens';
import { knownBodyLookup } from './oidc/known-bodies';
import { peopleSignIn } from './oidc/people';
import { identityProvider } from './oidc/provider';
import type { OidcSettings } from './oidc/settings';

export interface AppOptions {
  db: Db;
  client: Client;
  taskQueue: string;
  /** The appeal window each new complaint is filed with (platform/config.ts `procedureSettingsOf`). */
  procedure: ProcedureSettings;
  /** Lines without personal data: no bodies, headers or query strings are ever logged. */
  log?: (line: Record<string, unknown>) => void;
  metrics?: ApiMetrics;
  /** Requests a minute per API key, counted across replicas in PostgreSQL; 0 turns rate limiting off (both limits default to platform/config.ts `RATE_LIMITS`). */
  rateLimitPerMinute?: number;
  /** Requests without a valid key per client address a minute; a valid key is never held up by them. */
  authFailuresPerMinute?: number;
  /** Proxies whose X-Forwarded-For and -Proto are believed (TRUST_PROXY); none by default. */
  trustProxy?: TrustProxy;
  /** Who may read /metrics: the machine itself (default) or anyone (METRICS_FROM). */
  metricsFrom?: 'loopback' | 'any';
  /** Origins of the Temporal UI allowed to call /v1/codec from the browser (TEMPORAL_UI_ORIGIN). */
  temporalUiOrigins?: string[];
  /** The Temporal UI's address, linked from the auditor's case page. */
  temporalUiUrl?: string;
  /**
   * npm start's Temporal UI server, served at /temporal-ui/ to signed-in auditors and
   * administrators under loopback or these host names only (api/temporal-ui-proxy.ts).
   */
  temporalUi?: { upstream: string; hosts: string[] };
  /** How long a page session lasts from sign-in (8 hours by default). */
  pageSessionMs?: number;
  /**
   * The organisation's OpenID Connect provider (OIDC_*): people sign in there instead of with keys,
   * and systems may present its bearer tokens on /v1 beside keys.
   */
  oidc?: OidcSettings;
  /** Where webhooks may point (loopback only under npm start and in tests); strict by default. */
  webhookPolicy?: WebhookAddressPolicy;
}

export function createApp(options: AppOptions): express.Express {
  const { db, client } = options;
  const logger = requestLogger(options.log);
  const log = (line: Record<string, unknown>) => logger.logger.error(line);
  const metrics = options.metrics ?? createMetrics(db);
  const perKeyPerMinute = options.rateLimitPerMinute ?? RATE_LIMITS.perKeyPerMinute;
  const authFailuresPerMinute = options.authFailuresPerMinute ?? RATE_LIMITS.authFailuresPerMinute;
  const rateLimited = perKeyPerMinute > 0;
  // One budget per key, shared by its JSON requests and its pages, across replicas.
  const perKeyLimit = rateLimited ? rateLimitPerKey(perKeyPerMinute, new PostgresRateLimitStore(db)) : undefined;
  const provider = options.oidc && identityProvider(options.oidc);
  const bodyExists = knownBodyLookup(db);
  const people = provider && peopleSignIn(db, provider, bodyExists, log);
  const checkBearerToken = provider?.settings.audience ? bearerTokenChecker(provider, bodyExists) : undefined;
  const app = express();
  app.disable('x-powered-by');
  // The client's address (per-address limits) and TLS (Secure cookies) come from the socket unless
  // a trusted proxy forwarded them.
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(logger, ...securityHeaders);
  app.use(measureRequests(metrics, log));

  // The case actions, for the JSON API and the case page alike.
  const takeAction = caseActionService(db, client);
  // Every route's handler, by operationId (api/contract declares the routes).
  const handlers = {
    ...healthHandlers(db, client),
    ...metricsHandlers(metrics, options.metricsFrom),
    ...docsHandlers(),
    ...complaintListHandlers(db),
    ...complaintHandlers({ ...options, metrics }),
    ...caseActionHandlers(takeAction),
    ...complaintRecordHandlers(db, client),
    ...bodyHandlers(db),
    ...calendarHandlers(db, client),
    ...reportHandlers(db),
    ...outboxHandlers(db, client),
    ...codecHandlers(client),
    ...eventHandlers(db),
    ...webhookHandlers(db, options.webhookPolicy ?? STRICT_POLICY),
  } satisfies ApiHandlers<OperationId>;
  if (options.temporalUi) {
    const codecs = client.options.loadedDataConverter.payloadCodecs;
    app.use(TEMPORAL_UI_PATH, temporalUiProxy({ db, codecs, ...options.temporalUi }));
  }
  app.use(docsAssets());
  // Pages for people (api/pages): HTML with a session cookie, outside the JSON contract.
  app.use(
    pagesRouter({
      db,
      client,
      handlers,
      takeAction,
      log,
      temporalUiUrl: options.temporalUiUrl,
      sessionMs: options.pageSessionMs,
      signInFailuresPerMinute: rateLimited ? authFailuresPerMinute : 0,
      perKeyLimit,
      people,
    }),
  );
  const isV1 = (route: (typeof routes)[number]) => route.path.startsWith('/v1/');
  app.use(
    routerFor(
      routes.filter((r) => !isV1(r)),
      handlers,
    ),
  );

  const v1 = express.Router();
  v1.use((_req, res, next) => {
    res.locals.routePrefix = '/v1';
    next();
  });
  // The UI's preflight carries no credential: answered before authentication.
  v1.use(codecCors(options.temporalUiOrigins ?? []));
  // Who is asking comes first: an anonymous request's body is never read. A valid key is served
  // whatever else came from its address; bad keys count against the address.
  v1.use(identifyKey(db, checkBearerToken));
  if (rateLimited) v1.use(authFailuresPerAddress(authFailuresPerMinute));
  v1.use(requireKey);
  if (perKeyLimit) v1.use(perKeyLimit);
  v1.use((req, _res, next) => {
    const hasBody = req.method === 'POST' || req.method === 'PUT';
    if (
      hasBody &&
      req.headers['content-length'] !== '0' &&
      !req.is('application/json') &&
      req.headers['content-type'] !== undefined
    ) {
      throw new ApiError(415, 'unsupported_media_type', 'send the request body as application/json');
    }
    next();
  });
  v1.use(express.json({ limit: '256kb', strict: true, verify: refuseDeepJson }));
  v1.use(routerFor(routes.filter(isV1), handlers, '/v1'));
  app.use('/v1', v1);

  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
