// Every route of the API, declared once.
import { caseRoutes } from './case-routes';
import { eventRoutes } from './event-routes';
import { registerRoutes } from './register-routes';
import { serviceRoutes } from './service-routes';

export type { Handlers, RouteDeclaration } from './route';

export const routes = [...caseRoutes, ...registerRoutes, ...serviceRoutes, ...eventRoutes];
