import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { z } from 'zod';
import { scrubMessage } from '../domain/log-scrub';

export interface ErrorDetail {
  path: string;
  message: string;
}

/** Every failure leaves the API as `{ error: { code, message, details } }` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

// Wrong shapes are malformed requests (400); well-formed content that breaks a rule, such as a
// bad IIN check digit or a channel/signature mismatch, is unprocessable (422).
const MALFORMED = new Set(['invalid_type', 'unrecognized_keys', 'invalid_union']);

export function fromZodError(error: z.ZodError, where: 'body' | 'query' | 'params' | 'headers' = 'body'): ApiError {
  const details = error.issues.map((i) => ({
    path: [where, ...i.path.map(String), ...('keys' in i && Array.isArray(i.keys) ? [i.keys.join(',')] : [])].join('.'),
    message: i.message,
  }));
  // Text that is not text (NUL, a lone surrogate, control or invisible characters) is malformed too.
  const notText = (i: z.core.$ZodIssue) =>
    i.code === 'custom' && (i.params as { text?: boolean } | undefined)?.text === true;
  const malformed = error.issues.some((i) => MALFORMED.has(i.code) || notText(i)) || where !== 'body';
  return malformed
    ? new ApiError(400, 'invalid_request', `the request ${where} does not match the schema`, details)
    : new ApiError(422, 'validation_failed', 'the request is well-formed but its content is not valid', details);
}

export const notFound: RequestHandler = (req) => {
  throw new ApiError(404, 'not_found', `no route ${req.method} ${req.path}`);
};

// Connection-level failures of PostgreSQL (refused, reset, admin shutdown, pool timeout): the
// request changed nothing and may be repeated, so they are a 503, not a 500.
const DATABASE_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  if (typeof e?.code === 'string' && DATABASE_DOWN_CODES.has(e.code)) return true;
  const message = String(e?.message ?? '');
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
    message,
  );
}

function isTemporalUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown }; name?: unknown } | undefined;
  return e?.name === 'ServiceError' && (e.cause?.code === 14 || e.code === 14); // gRPC UNAVAILABLE
}

/** Temporal did not answer an update in time (an overloaded server): the action may still take effect. */
function isTemporalTimeout(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown }; name?: unknown } | undefined;
  if (e?.name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return true;
  return e?.name === 'ServiceError' && (e.cause?.code === 4 || e.code === 4); // gRPC DEADLINE_EXCEEDED
}

/** Any failure as the one error the API (or a page) shows; an unexpected one is logged, scrubbed. */
export function apiErrorOf(err: any, req: Request, log: (line: Record<string, unknown>) => void): ApiError {
  let error: ApiError;
  if (err instanceof ApiError) error = err;
  else if (err?.type === 'entity.parse.failed')
    error = new ApiError(400, 'malformed_json', 'the request body is not valid JSON');
  else if (err?.type === 'entity.too.large')
    error = new ApiError(413, 'payload_too_large', `the request body exceeds ${err.limit} bytes`);
  // A form with more fields than any page sends (the sign-in form has three): refused unread.
  else if (err?.type === 'parameters.too.many')
    error = new ApiError(413, 'too_many_fields', 'the form has more fields than any page sends');
  else if (err?.type === 'encoding.unsupported' || err?.type === 'charset.unsupported')
    error = new ApiError(415, 'unsupported_media_type', err.message);
  // A path that does not decode (`%FF`), a body whose gzip or br stream is corrupt: the client's
  // mistake, told without quoting the input.
  else if (err instanceof URIError || (err?.status === 400 && err?.expose === true))
    error = new ApiError(
      400,
      'malformed_request',
      'the request could not be decoded (path, body or its content encoding)',
    );
  else if (isDatabaseUnavailable(err))
    error = new ApiError(
      503,
      'database_unavailable',
      'the case register is unavailable; try again shortly (an Idempotency-Key makes a repeated filing safe)',
    );
  else if (isTemporalUnavailable(err))
    error = new ApiError(503, 'temporal_unavailable', 'the workflow service is unavailable; try again shortly');
  else if (isTemporalTimeout(err))
    error = new ApiError(
      503,
      'temporal_timeout',
      'the workflow service did not answer in time; the action may still take effect: read the case before repeating it',
    );
  else {
    // No request body, headers, raw path or quoted values here: they may carry personal data.
    const line = {
      method: req.method,
      route: req.route?.path ?? null,
      error: err?.name ?? typeof err,
      code: err?.code,
      message: scrubMessage(String(err?.message ?? err)),
    };
    // Through the request's logger when there is one, so the line carries the request id.
    if (req.log) req.log.error(line, 'unhandled error');
    else log({ level: 'error', msg: 'unhandled error', ...line });
    error = new ApiError(500, 'internal_error', 'the request could not be completed');
  }
  return error;
}

export function errorHandler(log: (line: Record<string, unknown>) => void): ErrorRequestHandler {
  return (err, req, res, next) => {
    // An answer already on its way cannot become an error: Express ends the connection instead.
    if (res.headersSent) return next(err);
    const error = apiErrorOf(err, req, log);
    // A refused bearer token has said why already (api/auth.ts, RFC 6750 §3).
    if (error.status === 401 && !res.get('WWW-Authenticate')) res.set('WWW-Authenticate', 'Bearer realm="complaints"');
    if ((error.status === 429 || error.status === 503) && !res.get('Retry-After'))
      res.set('Retry-After', error.status === 429 ? '60' : '5');
    res.status(error.status).json({ error: { code: error.code, message: error.message, details: error.details } });
  };
}
