import type { Request, RequestHandler, Response } from 'express';
import { keptApiKeyLookup, type ApiKey, type Role } from '../db/api-keys';
import type { Db } from '../db/database';
import { isValidBin, isValidIin } from '../domain/identification-number';
import { ApiError } from './errors';
import { looksLikeJwt, type BearerCheck } from './oidc/bearer-tokens';

export interface Principal extends ApiKey {
  /** The portal acts for one complainant, named by IIN/BIN in X-Complainant-Id. */
  complainantId?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
  interface Locals {
    /** Why a bearer JWT was not accepted (api/oidc/bearer-tokens.ts), for requireKey's answer. */
    bearerRefusal?: Exclude<BearerCheck, { principal: unknown }>;
  }
}

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * `Authorization: Bearer <api key>`; keys are looked up by their hash and the answer, valid or
 * not, is kept API_KEY_KEPT_MS (db/api-keys.ts): a revoked key is refused within that bound, a
 * flood of repeated bad keys costs no database lookups. A known key becomes `req.principal`;
 * any other request goes on without one, to the per-address limit on bad keys and then
 * `requireKey`. So a valid key is served whatever others sent from the same address.
 */
export function identifyKey(db: Db, checkBearerToken?: (token: string) => Promise<BearerCheck>): RequestHandler {
  const findApiKey = keptApiKeyLookup(db);
  return async (req, res, next) => {
    // The scheme is case-insensitive (RFC 9110 §11.1): "bearer" is as good as "Bearer".
    const match = BEARER.exec(req.get('authorization') ?? '');
    // A JWT is the identity provider's token of a system (when configured); anything else a key.
    if (match && checkBearerToken && looksLikeJwt(match[1])) {
      const check = await checkBearerToken(match[1]);
      if ('principal' in check) req.principal = check.principal;
      else res.locals.bearerRefusal = check;
      return next();
    }
    const key = match ? await findApiKey(match[1]) : undefined;
    if (key) req.principal = { ...key };
    next();
  };
}

/**
 * A bearer JWT not accepted, answered as RFC 6750 §3 says: 401 with `error="invalid_token"` for a
 * token that is not valid here, 403 `insufficient_scope` for a valid one whose claims grant nothing.
 */
function refuseBearer(res: Response, refusal: NonNullable<Response['locals']['bearerRefusal']>): never {
  if ('unavailable' in refusal) throw new ApiError(503, 'identity_provider_unavailable', refusal.unavailable);
  const [status, error, description] =
    'invalid' in refusal
      ? ([401, 'invalid_token', refusal.invalid] as const)
      : ([403, 'insufficient_scope', `the token grants no role here (${refusal.refused})`] as const);
  res.set(
    'WWW-Authenticate',
    `Bearer realm="complaints", error="${error}", error_description="${description.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, ' ')}"`,
  );
  throw new ApiError(status, error, description);
}

/** 401 for a request `identifyKey` found no valid key or token in. */
export const requireKey: RequestHandler = (req, res, next) => {
  if (req.principal) return next();
  if (res.locals.bearerRefusal) refuseBearer(res, res.locals.bearerRefusal);
  if (!BEARER.test(req.get('authorization') ?? ''))
    throw new ApiError(401, 'unauthenticated', 'an API key is required: Authorization: Bearer <key>');
  throw new ApiError(401, 'unauthenticated', 'the API key is not valid');
};

/**
 * X-Complainant-Id, on the routes that read or act on cases: the portal must name the complainant
 * (IIN or BIN) it acts for; other roles need not send it, and one they send must be well-formed.
 */
export const nameComplainant: RequestHandler = (req, _res, next) => {
  const principal = principalOf(req);
  const given = req.get('x-complainant-id');
  if (principal.role === 'portal') {
    const complainantId = given ?? '';
    if (!isValidIin(complainantId) && !isValidBin(complainantId)) {
      throw new ApiError(
        400,
        'invalid_request',
        'the portal must name the complainant (IIN or BIN) in X-Complainant-Id',
        [{ path: 'headers.x-complainant-id', message: 'a valid IIN or BIN is required' }],
      );
    }
    req.principal = { ...principal, complainantId };
  } else if (given !== undefined && !/^\d{12}$/.test(given)) {
    throw new ApiError(400, 'invalid_request', 'X-Complainant-Id must be 12 digits (an IIN or BIN)', [
      { path: 'headers.x-complainant-id', message: '12 digits' },
    ]);
  }
  next();
};

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.principal || !roles.includes(req.principal.role)) {
      throw new ApiError(403, 'forbidden', `this action is for ${roles.join(', ')}`);
    }
    next();
  };
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw new ApiError(401, 'unauthenticated', 'an API key is required');
  return req.principal;
}
