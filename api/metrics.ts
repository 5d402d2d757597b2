import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { overdueCountsByBody, termsWithoutCalendarByBody } from '../db/complaints';
import type { Db } from '../db/database';
import { undeliveredNotificationCounts } from '../db/notifications';
import type { ApiHandlers } from './contract';
import { Answer } from './contract/route';
import { ApiError } from './errors';

/**
 * Prometheus metrics of one app. Labels are route patterns, methods, statuses and channels only:
 * never ids, names, IINs or addresses.
 */
export interface ApiMetrics {
  registry: Registry;
  requestDuration: Histogram<'route' | 'method' | 'status'>;
  complaintsFiled: Counter<'channel'>;
}

export function createMetrics(db?: Db): ApiMetrics {
  // A registry per app, not the global one: tests run several apps in one process.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  if (db) {
    overdueNow(db, registry);
    notDelivered(db, registry);
    termsWithoutCalendar(db, registry);
  }
  return {
    registry,
    requestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    complaintsFiled: new Counter({
      name: 'complaints_filed_total',
      help: 'Complaints filed through POST /v1/complaints (201 responses), by channel',
      labelNames: ['channel'],
      registers: [registry],
    }),
  };
}

/**
 * Times every request; the label is the matched route pattern (`/v1/complaints/:id`). The figure
 * is recorded after the answer has left, outside the request's error handling: a failure there is
 * logged and the figure lost, so that no request can stop the process through its metrics.
 */
export function measureRequests(metrics: ApiMetrics, log: (line: Record<string, unknown>) => void): RequestHandler {
  return (req, res, next) => {
    const end = metrics.requestDuration.startTimer();
    res.on('finish', () => {
      const pattern = req.route?.path;
      const route = typeof pattern === 'string' ? `${res.locals.routePrefix ?? ''}${pattern}` : 'unmatched';
      try {
        end({ route, method: req.method, status: String(res.statusCode) });
      } catch (err) {
        log({ level: 'error', msg: 'request not measured', route, error: (err as Error)?.name ?? typeof err });
      }
    });
    next();
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * `/metrics` needs no key, so by default it answers only on the machine itself (the
 * figures name bodies and load); `METRICS_FROM=any` opens it to a scraper elsewhere, which then
 * belongs behind the deployment's network rules.
 */
export function metricsHandlers(metrics: ApiMetrics, from: 'loopback' | 'any' = 'loopback'): ApiHandlers<'metrics'> {
  return {
    metrics: async ({ remoteAddress }) => {
      // 404, as for no route
      if (from === 'loopback' && !LOOPBACK.has(remoteAddress ?? ''))
        throw new ApiError(404, 'not_found', 'no route GET /metrics');
      return new Answer(200, await metrics.registry.metrics(), { contentType: metrics.registry.contentType });
    },
  };
}

/** Cases past their term without a decision, per reviewing body, read from the register at scrape time. */
function overdueNow(db: Db, registry: Registry): void {
  new Gauge({
    name: 'complaints_overdue',
    help: 'Complaints under review past their deadline, by reviewing body',
    labelNames: ['body'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { bodyId, count } of await overdueCountsByBody(db)) this.set({ body: bodyId }, count);
    },
  });
}

/** Terms counted by the rule-based fallback (no official calendar for the year yet), per reviewing body. */
function termsWithoutCalendar(db: Db, registry: Registry): void {
  new Gauge({
    name: 'complaint_terms_without_calendar',
    help: "Complaints under review whose term was counted without the year's official calendar, by reviewing body",
    labelNames: ['body'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [body, n] of await termsWithoutCalendarByBody(db)) this.set({ body }, n);
    },
  });
}

/**
 * Notifications that have not left: `failing` (pending, the last attempt failed, Temporal still
 * retrying) and `undeliverable` (no way to reach the recipient), by purpose and channel. A head's
 * alert that cannot go out shows here instead of being counted as sent.
 */
function notDelivered(db: Db, registry: Registry): void {
  new Gauge({
    name: 'notifications_not_delivered',
    help: 'Notifications not delivered: failing (retrying) or undeliverable, by purpose and channel',
    labelNames: ['purpose', 'channel', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { purpose, channel, state, count } of await undeliveredNotificationCounts(db))
        this.set({ purpose, channel, state }, count);
    },
  });
}
