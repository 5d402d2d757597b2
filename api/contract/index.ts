// Every route of the API, declared once.
import { caseRoutes } from './case-routes';
import { eventRoutes } from './event-routes';
import { registerRoutes } from './register-routes';
import type { Handlers } from './route';
import { serviceRoutes } from './service-routes';

export type { RouteDeclaration } from './route';

export const routes = [...caseRoutes, ...registerRoutes, ...serviceRoutes, ...eventRoutes] as const;

export type OperationId = (typeof routes)[number]['operationId'];

/** The handlers of some of the API's operations, each typed from its route's declaration. */
export type ApiHandlers<Id extends OperationId> = Handlers<typeof routes, Id>;
