import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ApiError } from './errors';

/** Headers for an API whose answers carry personal data: no caching, no framing, no sniffing. */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    // Receipts and letters are printable HTML with inline styles; nothing else is loaded.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    'Strict-Transport-Security': 'max-age=31536000',
  });
  next();
};

/** A request id from X-Request-Id (if sane) or a new one, echoed back and used in log lines. */
export const requestId: RequestHandler = (req, res, next) => {
  const given = req.get('x-request-id');
  res.locals.requestId = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
  res.set('X-Request-Id', res.locals.requestId);
  next();
};

/**
 * Requests per API key per minute, per replica (a fixed window: simple and enough against a
 * runaway client; a shared limiter belongs in the gateway in front of several replicas).
 */
export function rateLimitPerKey(perMinute: number): RequestHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return (req, res, next) => {
    const keyId = req.principal?.id;
    if (!keyId) return next();
    const now = Date.now();
    let window = windows.get(keyId);
    if (!window || now - window.start >= 60_000) {
      if (windows.size > 10_000) windows.clear();
      window = { start: now, count: 0 };
      windows.set(keyId, window);
    }
    window.count++;
    res.set('RateLimit-Limit', String(perMinute));
    res.set('RateLimit-Remaining', String(Math.max(0, perMinute - window.count)));
    if (window.count > perMinute) {
      res.set('Retry-After', String(Math.ceil((window.start + 60_000 - now) / 1000)));
      throw new ApiError(429, 'rate_limited', `at most ${perMinute} requests a minute per API key`);
    }
    next();
  };
}

/** One JSON line per request: method, route pattern, status, duration, request id; never bodies, queries or headers. */
export function requestLog(log: (line: Record<string, unknown>) => void): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      log({
        level: res.statusCode >= 500 ? 'error' : 'info', msg: 'request', requestId: res.locals.requestId,
        method: req.method, route: `${res.locals.routePrefix ?? ''}${req.route?.path ?? ''}` || 'unmatched',
        status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, role: req.principal?.role,
        keyId: req.principal?.id, // which key acted (issue 11); never the complainant's data
      });
    });
    next();
  };
}
