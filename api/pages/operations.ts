// A page answered by the JSON API's own handler (the receipt is already a page), with the
// session's principal in place of the bearer key, held to the roles the contract declares.
import type { Request, RequestHandler } from 'express';
import { routes } from '../contract';
import { ApiError } from '../errors';

export type OperationHandlers = Record<string, RequestHandler>;

/** The roles the contract declares for an operation; a page is held to the same. */
export function checkDeclaredRoles(operationId: string, req: Request): void {
  const route = routes.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`no route declares ${operationId}`);
  if (route.roles !== 'public' && !(req.principal && route.roles.includes(req.principal.role)))
    throw new ApiError(403, 'forbidden', `this action is for ${route.roles.join(', ')}`);
}

/** An operation whose answer is already a page (the receipt): its own handler answers. */
export function passOperation(handlers: OperationHandlers, operationId: string): RequestHandler {
  return (req, res, next) => {
    checkDeclaredRoles(operationId, req);
    return handlers[operationId](req, res, next);
  };
}
