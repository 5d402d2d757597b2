import type { Request, RequestHandler } from 'express';
import { keptApiKeyLookup, type ApiKey, type Role } from '../db/api-keys';
import type { Db } from '../db/database';
import { isValidBin, isValidIin } from '../domain/identification-number';
import { ApiError } from './errors';

export interface Principal extends ApiKey {
  /** The portal acts for one complainant, named by IIN/BIN in X-Complainant-Id. */
  complainantId?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/**
 * `Authorization: Bearer <api key>`; keys are looked up by their hash and the answer, valid or
 * not, is kept API_KEY_KEPT_MS (db/api-keys.ts): a revoked key is refused within that bound, a
 * flood of bad keys costs no database lookups.
 */
export function authenticate(db: Db): RequestHandler {
  const findApiKey = keptApiKeyLookup(db);
  return async (req, _res, next) => {
    // The scheme is case-insensitive (RFC 9110 §11.1): "bearer" is as good as "Bearer".
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match) throw new ApiError(401, 'unauthenticated', 'an API key is required: Authorization: Bearer <key>');
    const key = await findApiKey(match[1]);
    if (!key) throw new ApiError(401, 'unauthenticated', 'the API key is not valid');
    req.principal = { ...key };
    next();
  };
}

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
