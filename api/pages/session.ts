// Sign-in for people: an API key is exchanged once for a session. The browser keeps a
// random session id in an HTTP-only, SameSite=Strict cookie; the register keeps its hash and the
// key's id, never the key. Every form carries the session's CSRF token; sign-in itself carries a
// token of its own (double submit), so no one can sign a browser in under a foreign key.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { parse as parseCookies } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import { findApiKey, type ApiKey, type Role } from '../../db/api-keys';
import type { Db } from '../../db/database';
import { createPageSession, deleteExpiredPageSessions, endPageSession, findPageSession } from '../../db/page-sessions';
import { isValidBin, isValidIin } from '../../domain/identification-number';
import { ApiError } from '../errors';
import { html } from '../html';
import type { PeopleSignIn } from '../oidc/people';
import { layoutPage, type PageContext } from './layout';
import { providerSignInPage, providerWords } from './provider-pages';
import { PAGE_LANGUAGES, TEXTS, type PageLanguage } from './texts';

const SESSION_COOKIE = 'cce_session';
const SIGN_IN_COOKIE = 'cce_sign_in';
const LANGUAGE_COOKIE = 'cce_lang';

declare module 'express-serve-static-core' {
  interface Locals {
    page?: PageContext;
    /** A session cookie came with the request but named no live session. */
    sessionEnded?: boolean;
    /** The valid key the sign-in form carried (findSignInKey). */
    signInKey?: ApiKey;
  }
}

const cookieOptions = (req: Request, maxAgeMs: number) => ({
  httpOnly: true,
  sameSite: 'strict' as const,
  secure: req.secure,
  path: '/',
  maxAge: maxAgeMs,
});

const cookiesOf = (req: Request) => parseCookies(req.headers.cookie ?? '');

function sameToken(given: unknown, expected: string | undefined): boolean {
  if (typeof given !== 'string' || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The page's language: `?lang=` (remembered in a cookie), else the remembered one, else Russian. */
function languageOf(req: Request, res: Response): PageLanguage {
  const asked = req.query.lang;
  if (typeof asked === 'string' && (PAGE_LANGUAGES as string[]).includes(asked)) {
    res.cookie(LANGUAGE_COOKIE, asked, cookieOptions(req, 365 * 86_400_000));
    return asked as PageLanguage;
  }
  const remembered = cookiesOf(req)[LANGUAGE_COOKIE];
  return (PAGE_LANGUAGES as string[]).includes(remembered ?? '') ? (remembered as PageLanguage) : 'ru';
}

/**
 * Who is signed in (req.principal, as the JSON API's key would set it) and the page's language.
 * With an identity provider (`people`), a person's session is looked for first; a key's session
 * (the portal's) after it.
 */
export function loadPageSession(db: Db, people?: PeopleSignIn): RequestHandler {
  return async (req, res, next) => {
    const lang = languageOf(req, res);
    const ctx: PageContext = { lang, t: TEXTS[lang], url: req.originalUrl };
    const sessionId = cookiesOf(req)[SESSION_COOKIE];
    const person = sessionId && people ? await people.load(sessionId) : undefined;
    if (person) {
      req.principal = person.principal;
      ctx.principal = person.principal;
      ctx.csrfToken = person.csrfToken;
      if (person.bodyName) ctx.bodyName = person.bodyName[lang];
    } else if (sessionId) {
      const session = await findPageSession(db, sessionId, new Date());
      if (session) {
        req.principal = { ...session.key, ...(session.complainantId ? { complainantId: session.complainantId } : {}) };
        ctx.principal = req.principal;
        ctx.csrfToken = session.csrfToken;
        if (session.bodyName) ctx.bodyName = session.bodyName[lang];
      } else {
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        res.locals.sessionEnded = true;
      }
    }
    res.locals.page = ctx;
    next();
  };
}

export const pageContext = (res: Response): PageContext => {
  if (!res.locals.page) throw new Error('loadPageSession must run first');
  return res.locals.page;
};

/** Pages for these roles: anyone else signs in first (or is told the page is not theirs). */
export function requireSignedIn(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    if (!req.principal) {
      const back = encodeURIComponent(req.originalUrl);
      res.redirect(303, `/app/sign-in?next=${back}${res.locals.sessionEnded ? '&ended=1' : ''}`);
      return;
    }
    if (!roles.includes(req.principal.role)) throw new ApiError(403, 'forbidden', pageContext(res).t.noPagesForRole);
    next();
  };
}

/** Every POST of a signed-in page carries the session's token. */
export const checkCsrf: RequestHandler = (req, res, next) => {
  if (!sameToken(req.body?._csrf, pageContext(res).csrfToken)) {
    throw new ApiError(403, 'csrf_token_invalid', 'the form is stale or came from elsewhere; reload the page');
  }
  next();
};

/** Where each role starts. */
export const homeOf = (role: Role) => (role === 'portal' ? '/cabinet' : role === 'admin' ? '/app/dashboard' : '/app');

/** Only a path of this site: never an address elsewhere (`//host`, `/\\host`). */
export const safeNext = (next: unknown) =>
  typeof next === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : undefined;

export function signInForm(ctx: PageContext, token: string, next: string | undefined, problem?: string): string {
  return layoutPage(
    ctx,
    ctx.t.signIn,
    html`${problem ? html`<p class="notice error" role="alert">${problem}</p>` : ''}
      <p>${ctx.t.signInLead}</p>
      <form class="signin" method="post" action="/app/sign-in">
        <input type="hidden" name="_csrf" value="${token}" />
        ${next ? html`<input type="hidden" name="next" value="${next}" />` : ''}
        <label>${ctx.t.apiKey}<input type="password" name="apiKey" autocomplete="off" required /></label>
        <label
          >${ctx.t.complainantIin}<input
            name="complainantId"
            inputmode="numeric"
            pattern="[0-9]{12}"
            autocomplete="off"
        /></label>
        <button type="submit">${ctx.t.signInButton}</button>
      </form>`,
  );
}

export interface SessionOptions {
  /** How long a session lasts from sign-in (a person's: at most; the ID token's life bounds it sooner). */
  sessionMs: number;
  /** People sign in at the organisation's identity provider; keys then sign in the portal only. */
  people?: PeopleSignIn;
}

/**
 * The sign-in form's key, looked up before the per-address limit on bad keys: that limit counts
 * only forms with no valid key, so a valid key signs in whatever others sent from its address.
 */
export function findSignInKey(db: Db): RequestHandler {
  return async (req, res, next) => {
    const given = req.body?.apiKey;
    const key = typeof given === 'string' ? await findApiKey(db, given.trim()) : undefined;
    if (key) res.locals.signInKey = key;
    next();
  };
}

export function signInHandlers(db: Db, { sessionMs, people }: SessionOptions) {
  const show: RequestHandler = (req, res) => {
    const ctx = pageContext(res);
    // With a provider, people sign in there; `?portal=1` is the portal's key form (its cabinet).
    if (people && req.query.portal !== '1') {
      const notice = req.query.ended === '1' ? 'expired' : req.query['signed-out'] === '1' ? 'signedOut' : undefined;
      return void res.type('html').send(providerSignInPage(ctx, safeNext(req.query.next), notice));
    }
    const token = randomBytes(24).toString('base64url');
    res.cookie(SIGN_IN_COOKIE, token, cookieOptions(req, 3_600_000));
    const problem = req.query.ended === '1' ? ctx.t.expired : undefined;
    res.type('html').send(signInForm(ctx, token, safeNext(req.query.next), problem));
  };

  const signIn: RequestHandler = async (req, res) => {
    const ctx = pageContext(res);
    const expected = cookiesOf(req)[SIGN_IN_COOKIE];
    if (!sameToken(req.body?._csrf, expected)) {
      throw new ApiError(403, 'csrf_token_invalid', 'the form is stale or came from elsewhere; reload the page');
    }
    const next = safeNext(req.body?.next);
    const refuse = (problem: string) =>
      res
        .status(401)
        .type('html')
        .send(signInForm(ctx, expected!, next, problem));
    const key = res.locals.signInKey;
    if (!key) return refuse(ctx.t.badKey);
    // With an identity provider, people sign in there; the portal keeps its key (its cabinet).
    if (people && key.role !== 'portal') return refuse(providerWords(ctx.lang).keysOff);
    const complainantId = String(req.body?.complainantId ?? '').trim();
    if (key.role === 'portal' && !isValidIin(complainantId) && !isValidBin(complainantId))
      return refuse(ctx.t.needComplainant);
    const now = new Date();
    await deleteExpiredPageSessions(db, now);
    const { sessionId } = await createPageSession(
      db,
      key.id,
      key.role === 'portal' ? complainantId : null,
      new Date(now.getTime() + sessionMs),
    );
    req.principal = { ...key }; // for the request log line: which key signed in
    res.clearCookie(SIGN_IN_COOKIE, { path: '/' });
    res.cookie(SESSION_COOKIE, sessionId, cookieOptions(req, sessionMs));
    res.redirect(303, next ?? homeOf(key.role));
  };

  const signOut: RequestHandler = async (req, res) => {
    const sessionId = cookiesOf(req)[SESSION_COOKIE];
    // A person's session ends at the provider too (RP-initiated logout), which sends the browser back.
    const ended = sessionId && people ? await people.signOut(sessionId) : undefined;
    if (sessionId && !ended) await endPageSession(db, sessionId);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, ended instanceof URL ? ended.href : '/app/sign-in');
  };

  /** GET /auth/callback, when people sign in at the provider. */
  const callback = people?.callback({
    sessionMs,
    // SameSite=Lax: the browser arrives from the provider's site, and a Strict cookie set in that
    // navigation would not come with the redirect that follows it. Every POST still needs the CSRF token.
    setSession: (req, res, sessionId, maxAgeMs) =>
      res.cookie(SESSION_COOKIE, sessionId, { ...cookieOptions(req, maxAgeMs), sameSite: 'lax' }),
    home: (principal) => homeOf(principal.role),
    context: pageContext,
  });

  return { show, signIn, signOut, callback };
}
