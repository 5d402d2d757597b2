// Express routers made from the route declarations (api/contract): the roles, the portal's
// complainant, and the params, query and body each route declares are checked and parsed before
// its handler, which gets them typed (`RouteInput`) and returns its answer; a known path called
// with another method is a 405 with `Allow`.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { Answer, type RouteDeclaration, type RouteHandler, type RouteInput } from './contract/route';
import { nameComplainant, requireRole } from './auth';
import { ApiError, fromZodError } from './errors';
import { parseBody } from './validation';

const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

function parsed(schema: z.ZodType | undefined, value: unknown, where: 'params' | 'query'): unknown {
  if (!schema) return {};
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw fromZodError(result.error, where);
  return result.data;
}

/** The request's parts, each parsed once by its declared schema (a transform runs once). */
function inputOf(route: RouteDeclaration, req: Request): RouteInput {
  const body = route.request?.body;
  const params = parsed(route.request?.params, req.params, 'params');
  const query = parsed(route.request?.query, req.query, 'query');
  // The contract marks every declared body required: none at all is refused, not read as `{}`.
  if (body && req.body === undefined) {
    throw new ApiError(400, 'invalid_request', 'the request needs a JSON body', [
      { path: 'body', message: 'required' },
    ]);
  }
  return {
    params,
    query,
    body: body ? parseBody(body, req.body) : {},
    principal: req.principal,
    header: (name) => req.get(name),
    remoteAddress: req.socket.remoteAddress,
  } as RouteInput;
}

function send(res: Response, answer: unknown): void {
  if (!(answer instanceof Answer)) {
    res.json(answer);
    return;
  }
  const { contentType, location, headers } = answer.options;
  res.status(answer.status);
  if (headers) res.set(headers);
  if (location) res.location(location);
  if (contentType === undefined) res.json(answer.body);
  else res.type(contentType).send(answer.body);
}

function middlewaresOf(route: RouteDeclaration): RequestHandler[] {
  const chain: Array<RequestHandler | undefined> = [
    route.roles === 'public' ? undefined : requireRole(...route.roles),
    route.request?.complainantId ? nameComplainant : undefined,
  ];
  return chain.filter((m): m is RequestHandler => m !== undefined);
}

/** The Express handler of one declared route: parse, call, answer. */
export function expressHandler(route: RouteDeclaration, handler: RouteHandler): RequestHandler {
  return async (req, res) => {
    send(res, await handler(inputOf(route, req)));
  };
}

/**
 * One router for declarations whose paths start with `prefix` (where the router is mounted).
 * Every declaration needs its handler.
 */
export function routerFor(
  declarations: readonly RouteDeclaration[],
  handlers: Record<string, RouteHandler<never>>,
  prefix = '',
): Router {
  const router = Router();
  // Grouped by path, in the order declared, each group closed by its 405: a literal path
  // (`/calendar/deadline`) answers 405 to a method it lacks before a parameterised path declared
  // after it (`/calendar/{year}`) can take the request.
  const byPath = new Map<string, RouteDeclaration[]>();
  for (const route of declarations) {
    if (!route.path.startsWith(`${prefix}/`)) throw new Error(`${route.path} is not under ${prefix}/`);
    const path = expressPath(route.path.slice(prefix.length));
    byPath.set(path, [...(byPath.get(path) ?? []), route]);
  }
  for (const [path, group] of byPath) {
    for (const route of group) {
      const handler = handlers[route.operationId] as RouteHandler | undefined;
      if (!handler) throw new Error(`no handler for ${route.operationId}`);
      router[route.method](path, ...middlewaresOf(route), expressHandler(route, handler));
    }
    const methods = group.map((r) => r.method.toUpperCase());
    const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
    router.all(path, (req, res) => {
      res.set('Allow', allow);
      throw new ApiError(405, 'method_not_allowed', `${req.method} is not allowed here; allowed: ${allow}`);
    });
  }
  return router;
}
