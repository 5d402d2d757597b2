import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import helmet from 'helmet';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { ApiError } from './errors';

/** Headers for an API whose answers carry personal data: no caching, no framing, no sniffing. */
export const securityHeaders: RequestHandler[] = [
  helmet({
    // Receipts and letters are printable HTML with inline styles; nothing else is loaded.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], frameAncestors: ["'none'"] },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: false },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  }),
  (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  },
];

const SANE_REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * One JSON line per request (pino-http): request id, method, route pattern, status, duration and
 * role; never bodies, queries, headers or raw paths. The request id comes from X-Request-Id (if
 * sane) or is new, is echoed back, and is on every line logged through `req.log`, errors included.
 */
export function requestLogger(log?: (line: Record<string, unknown>) => void) {
  const destination = log ? { write: (line: string) => log(JSON.parse(line)) } : undefined;
  const logger = pino({ base: { service: 'complaints-api' } }, destination ?? pino.destination(1));
  const line = (req: IncomingMessage, res: ServerResponse, responseTime: number) => {
    const request = req as Request;
    const response = res as Response;
    return {
      method: req.method,
      route: `${response.locals?.routePrefix ?? ''}${request.route?.path ?? ''}` || 'unmatched',
      status: res.statusCode,
      ms: responseTime,
      role: request.principal?.role,
      keyId: request.principal?.id, // which key acted; never the complainant's data
    };
  };
  return pinoHttp({
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
    customSuccessObject: (req, res, value) => line(req, res, value.responseTime),
    customErrorObject: (req, res, _err, value) => line(req, res, value.responseTime),
  });
}

/** Too many requests: 429 in the one error shape, with Retry-After. */
function tooMany(message: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
    const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : 60;
    res.set('Retry-After', String(seconds));
    next(new ApiError(429, 'rate_limited', message));
  };
}

/**
 * Requests per API key per minute, counted in a store all replicas share (db/rate-limit-store.ts),
 * with the standard RateLimit headers. Runs after authentication.
 */
export function rateLimitPerKey(perMinute: number, store?: Store): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `key:${req.principal?.id ?? 'none'}`,
    skip: (req) => !req.principal,
    ...(store ? { store } : {}),
    handler: tooMany(`at most ${perMinute} requests a minute per API key`),
  });
}

/**
 * Requests without a valid key per client address a minute: past the budget they are 429, and
 * the key they carry is not trusted further. A request with a known key is never counted nor
 * refused here (`req.principal` set before), so bad keys from an address, or from everyone behind
 * a shared proxy, cannot lock out a valid one. The address is the socket's peer unless the app's
 * `trust proxy` names the proxy in front (TRUST_PROXY). In memory, per replica.
 */
export function authFailuresPerAddress(
  perMinute: number,
  hasValidKey: (req: Request, res: Response) => boolean = (req) => req.principal !== undefined,
): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: hasValidKey,
    // Forwarding headers from a sender TRUST_PROXY does not name are ignored on purpose, not by
    // a misconfiguration; the standard Forwarded header is not read at all (Express reads X-Forwarded-*).
    validate: { xForwardedForHeader: false, forwardedHeader: false },
    handler: tooMany(`too many requests without a valid API key from this address; at most ${perMinute} a minute`),
  });
}
