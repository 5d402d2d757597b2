// A page does what the JSON API does by running the API's own handler for the operation, with the
// session's principal in place of the bearer key: the same checks, the same workflow update with
// the same ActedOn and actor, the same refusals.
import type { Request, RequestHandler, Response } from 'express';
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

/** Runs a JSON operation and hands back what it would have answered (its error is thrown). */
export function runOperation(handlers: OperationHandlers, operationId: string, req: Request): Promise<unknown> {
  checkDeclaredRoles(operationId, req);
  const handler = handlers[operationId];
  return new Promise((resolve, reject) => {
    const answer = {
      json: (value: unknown) => {
        resolve(value);
        return answer;
      },
      status: () => answer,
      set: () => answer,
      location: () => answer,
    };
    Promise.resolve(handler(req, answer as unknown as Response, reject)).catch(reject);
  });
}

/** An operation whose answer is already a page (the receipt): its own handler answers. */
export function passOperation(handlers: OperationHandlers, operationId: string): RequestHandler {
  return (req, res, next) => {
    checkDeclaredRoles(operationId, req);
    return handlers[operationId](req, res, next);
  };
}
