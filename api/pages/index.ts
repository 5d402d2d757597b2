// Pages for people on the API's own server: sign-in, the officials' workbench, the
// complainant's view, the SLA dashboard. Not part of the JSON contract (openapi.json): they answer
// HTML to a browser with a session, never to a bearer key.
import type { Client } from '@temporalio/client';
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Db } from '../../db/database';
import { apiErrorOf } from '../errors';
import { html } from '../html';
import { authFailuresPerAddress } from '../protection';
import { pageAssets } from './assets';
import { cabinetHandlers } from './cabinet';
import type { TakeAction } from '../routes/case-actions';
import { caseActionHandler } from './case-actions';
import { renderCasePage, type CasePageOptions } from './case-page';
import { dashboardHandlers } from './dashboard';
import { formFields } from './form-fields';
import { workbenchHandler } from './workbench';
import { layoutPage, pagesCsp } from './layout';
import { TEXTS } from './texts';
import { passOperation, type OperationHandlers } from './operations';
import { refusalText } from './refusal-words';
import type { PeopleSignIn } from '../oidc/people';
import { checkCsrf, findSignInKey, loadPageSession, pageContext, requireSignedIn, signInHandlers } from './session';

export interface PagesOptions {
  db: Db;
  client: Client;
  /** The API's handlers by operationId: the receipt page is the API's own answer. */
  handlers: OperationHandlers;
  /** The case actions, as the JSON API takes them. */
  takeAction: TakeAction;
  /** How long a session lasts from sign-in (8 hours by default). */
  sessionMs?: number;
  temporalUiUrl?: string;
  /** Failed sign-ins per address a minute (the API's limit on bad keys); 0 turns it off. */
  signInFailuresPerMinute?: number;
  /** The API's requests-per-key limit: a signed-in page counts against its key like a JSON request. */
  perKeyLimit?: RequestHandler;
  log: (line: Record<string, unknown>) => void;
  /** People sign in at the organisation's identity provider (api/oidc/people.ts); keys otherwise. */
  people?: PeopleSignIn;
}

export function pagesRouter(options: PagesOptions): Router {
  const { db, client, handlers, takeAction, log } = options;
  const caseOptions: CasePageOptions = { temporalUiUrl: options.temporalUiUrl, namespace: client.options.namespace };
  const { people } = options;
  const signIn = signInHandlers(db, { sessionMs: options.sessionMs ?? 8 * 3_600_000, people });
  // Sign-out's form is answered with a redirect to the provider's logout: forms may lead there.
  const csp = pagesCsp(people ? [people.provider.origin] : []);
  const cabinet = cabinetHandlers(db);
  const dashboard = dashboardHandlers(db);
  const readers = requireSignedIn('official', 'auditor', 'intake');
  const failures = options.signInFailuresPerMinute ?? 120;

  const casePage: RequestHandler = async (req, res) => {
    const ctx = pageContext(res);
    const done = typeof req.query.done === 'string' ? { kind: 'ok' as const, text: ctx.t.done } : undefined;
    res.type('html').send(await renderCasePage(db, client, req, ctx, caseOptions, done));
  };

  const pages = Router();
  pages.use((_req, res, next) => {
    res.set('Content-Security-Policy', csp);
    next();
  });
  pages.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 }), formFields);
  pages.use(loadPageSession(db, people));
  if (options.perKeyLimit) pages.use(options.perKeyLimit);
  pages.get('/app/sign-in', signIn.show);
  if (people && signIn.callback) {
    pages.get('/auth/sign-in', people.start);
    pages.get('/auth/callback', signIn.callback);
  }
  pages.post(
    '/app/sign-in',
    findSignInKey(db),
    ...(failures > 0 ? [authFailuresPerAddress(failures, (_req, res) => res.locals.signInKey !== undefined)] : []),
    signIn.signIn,
  );
  pages.post(
    '/app/sign-out',
    requireSignedIn('official', 'auditor', 'intake', 'portal', 'admin'),
    checkCsrf,
    signIn.signOut,
  );
  pages.get('/app', readers, workbenchHandler(db));
  pages.get('/app/dashboard', requireSignedIn('official', 'auditor', 'admin'), dashboard.page);
  pages.get('/app/dashboard.csv', requireSignedIn('official', 'auditor', 'admin'), dashboard.csv);
  pages.get('/app/cases/:id', readers, casePage);
  pages.get(
    '/app/cases/:id/receipt',
    requireSignedIn('official', 'auditor', 'intake', 'portal'),
    passOperation(handlers, 'getReceipt'),
  );
  pages.post(
    '/app/cases/:id/actions/:action',
    requireSignedIn('official'),
    checkCsrf,
    caseActionHandler(db, client, takeAction, caseOptions, log),
  );
  pages.get('/cabinet', requireSignedIn('portal'), cabinet.list);
  pages.get('/cabinet/cases/:id', requireSignedIn('portal'), cabinet.case);
  pages.use(pageErrors(log));

  const router = Router();
  router.use(pageAssets());
  // Only the pages' paths get sessions, forms and HTML errors; everything else passes by.
  router.use((req, res, next) => (PAGE_PATH.test(req.path) ? pages(req, res, next) : next()));
  return router;
}

const PAGE_PATH = /^\/(app|cabinet|auth)(\/|$)/;

/** A failure on a page is a page in the reader's language, said from the error's code. */
function pageErrors(log: (line: Record<string, unknown>) => void): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err); // as the API's handler: the connection is ended instead
    const error = apiErrorOf(err, req, log);
    const ctx = res.locals.page ?? { lang: 'ru' as const, t: TEXTS.ru, url: req.originalUrl };
    res
      .status(error.status)
      .type('html')
      .send(
        layoutPage(ctx, ctx.t.error, html`<p class="notice error" role="alert">${refusalText(ctx.lang, error)}</p>`),
      );
  };
}
