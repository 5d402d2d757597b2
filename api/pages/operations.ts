// A page answered by the JSON API's own handler (the receipt is already a page), with the
// session's principal in place of the bearer key, held to the roles the contract declares.
import type { Request, RequestHandler } from 'express';
import { routes, type ApiHandlers, type OperationId, type RouteDeclaration } from '../contract';
import type { RouteHandler } from '../contract/route';
import { ApiError } from '../errors';
import { expressHandler } from '../router';

export type OperationHandlers = ApiHandlers<OperationId>;

const routeOf = (operationId: OperationId): RouteDeclaration => {
  const route = routes.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`no route declares ${operationId}`);
  return route;
};

/** The roles the contract declares for an operation; a page is held to the same. */
export function checkDeclaredRoles(operationId: OperationId, req: Request): void {
  const { roles } = routeOf(operationId);
  if (roles !== 'public' && !(req.principal && (roles as readonly string[]).includes(req.principal.role)))
    throw new ApiError(403, 'forbidden', `this action is for ${roles.join(', ')}`);
}

/** An operation whose answer is already a page (the receipt): its own handler answers. */
export function passOperation(handlers: OperationHandlers, operationId: OperationId): RequestHandler {
  const answer = expressHandler(routeOf(operationId), handlers[operationId] as RouteHandler);
  return (req, res, next) => {
    checkDeclaredRoles(operationId, req);
    return answer(req, res, next);
  };
}
