// Express routers made from the route declarations (api/contract): the roles, path, query and
// header checks each route declares run before its handler; a known path called with another
// method is a 405 with `Allow`.
import { Router, type RequestHandler } from 'express';
import type { z } from 'zod';
import type { RouteDeclaration } from './contract';
import { nameComplainant, requireRole } from './auth';
import { ApiError, fromZodError } from './errors';

const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

function check(schema: z.ZodType | undefined, where: 'params' | 'query'): RequestHandler | undefined {
  if (!schema) return undefined;
  return (req, _res, next) => {
    const parsed = schema.safeParse(req[where] ?? {});
    if (!parsed.success) throw fromZodError(parsed.error, where);
    next();
  };
}

function middlewaresOf(route: RouteDeclaration): RequestHandler[] {
  const chain: Array<RequestHandler | undefined> = [
    route.roles === 'public' ? undefined : requireRole(...route.roles),
    route.request?.complainantId ? nameComplainant : undefined,
    check(route.request?.params, 'params'),
    check(route.request?.query, 'query'),
  ];
  return chain.filter((m): m is RequestHandler => m !== undefined);
}

/**
 * One router for declarations whose paths start with `prefix` (where the router is mounted).
 * Every declaration needs its handler.
 */
export function routerFor(
  declarations: readonly RouteDeclaration[],
  handlers: Record<string, RequestHandler>,
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
      const handler = handlers[route.operationId];
      if (!handler) throw new Error(`no handler for ${route.operationId}`);
      router[route.method](path, ...middlewaresOf(route), handler);
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
