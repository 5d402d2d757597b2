import express from 'express';
import pino from 'pino';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/database';
import { authenticate } from './auth';
import { ApiError, errorHandler, notFound } from './errors';
import { createMetrics, measureRequests, metricsRoutes, type ApiMetrics } from './metrics';
import { bodyRoutes } from './routes/bodies';
import { calendarRoutes } from './routes/calendar';
import { complaintListRoutes } from './routes/complaint-list';
import { complaintRecordRoutes } from './routes/complaint-records';
import { complaintRoutes } from './routes/complaints';
import { docsRoutes } from './routes/docs';
import { healthRoutes } from './routes/health';
import { outboxRoutes } from './routes/outbox';
import { reportRoutes } from './routes/reports';
import { codecRoutes } from './routes/codec';
import { codecCors } from './codec-cors';
import { rateLimitPerKey, requestId, requestLog, securityHeaders } from './protection';

export interface AppOptions {
  db: Db;
  client: Client;
  taskQueue: string;
  appealWindowDays: number;
  /** Calendar months of the appeal window (the law's term); when set, it is used instead of days. */
  appealWindowMonths?: number;
  /** Lines without personal data: no bodies, headers or query strings are ever logged. */
  log?: (line: Record<string, unknown>) => void;
  metrics?: ApiMetrics;
  /** Requests a minute per API key (per replica). */
  rateLimitPerMinute?: number;
  /** Who may read /metrics: the machine itself (default) or anyone (METRICS_FROM). */
  metricsFrom?: 'loopback' | 'any';
  /** Origins of the Temporal UI allowed to call /v1/codec from the browser (TEMPORAL_UI_ORIGIN). */
  temporalUiOrigins?: string[];
}

/** pino JSON lines on stdout; the level comes from the line itself. */
function pinoLog(): (line: Record<string, unknown>) => void {
  const logger = pino({ base: { service: 'complaints-api' } });
  return ({ level, msg, ...fields }) => {
    const method = level === 'error' ? 'error' : level === 'warn' ? 'warn' : 'info';
    logger[method](fields, String(msg ?? ''));
  };
}

export function createApp(options: AppOptions): express.Express {
  const { db, client } = options;
  const log = options.log ?? pinoLog();
  const metrics = options.metrics ?? createMetrics(db);
  const app = express();
  app.disable('x-powered-by');
  app.use(requestId, securityHeaders, requestLog(log));
  app.use(measureRequests(metrics));
  app.use(healthRoutes(db, client));
  app.use(metricsRoutes(metrics, options.metricsFrom));
  app.use(docsRoutes());

  const v1 = express.Router();
  v1.use((_req, res, next) => { res.locals.routePrefix = '/v1'; next(); });
  // The UI's preflight carries no credential: answered before authentication.
  v1.use(codecCors(options.temporalUiOrigins ?? []));
  // Who is asking comes first: an anonymous request's body is never read.
  v1.use(authenticate(db));
  v1.use(rateLimitPerKey(options.rateLimitPerMinute ?? 1200));
  v1.use((req, _res, next) => {
    const hasBody = req.method === 'POST' || req.method === 'PUT';
    if (hasBody && req.headers['content-length'] !== '0' && !req.is('application/json') && req.headers['content-type'] !== undefined) {
      throw new ApiError(415, 'unsupported_media_type', 'send the request body as application/json');
    }
    next();
  });
  v1.use(express.json({ limit: '256kb', strict: true }));
  v1.use(complaintListRoutes(db));
  v1.use(complaintRoutes({ ...options, metrics }));
  v1.use(complaintRecordRoutes(db, client));
  v1.use(bodyRoutes(db));
  v1.use(calendarRoutes(db));
  v1.use(reportRoutes(db));
  v1.use(outboxRoutes(db, client));
  v1.use(codecRoutes(client));
  app.use('/v1', v1);

  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
