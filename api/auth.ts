import type { Request, RequestHandler } from 'express';
import { findApiKey, type ApiKey, type Role } from '../db/api-keys';
import type { Db } from '../db/database';
import { isValidBin, isValidIin } from '../domain/identification-number';
import { ApiError } from './errors';

export interface Principal extends ApiKey {
  /** The portal acts for one complainant, named by IIN/BIN in X-Complainant-Id. */
  complainantId?: string;
}

declare module 'express-serve-static-core' {
  interface Request { principal?: Principal }
}

/** `Authorization: Bearer <api key>`; keys are looked up by their hash. */
export function authenticate(db: Db): RequestHandler {
  return async (req, _res, next) => {
    // The scheme is case-insensitive (RFC 9110 §11.1): "bearer" is as good as "Bearer".
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match) throw new ApiError(401, 'unauthenticated', 'an API key is required: Authorization: Bearer <key>');
    const key = await findApiKey(db, match[1]);
    if (!key) throw new ApiError(401, 'unauthenticated', 'the API key is not valid');
    const principal: Principal = { ...key };
    if (key.role === 'portal') {
      const complainantId = req.get('x-complainant-id') ?? '';
      if (!isValidIin(complainantId) && !isValidBin(complainantId)) {
        throw new ApiError(400, 'invalid_request', 'the portal must name the complainant (IIN or BIN) in X-Complainant-Id',
          [{ path: 'headers.x-complainant-id', message: 'a valid IIN or BIN is required' }]);
      }
      principal.complainantId = complainantId;
    }
    req.principal = principal;
    next();
  };
}

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
