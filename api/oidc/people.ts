// People sign in at the organisation's identity provider (authorization code flow with PKCE) and
// get the pages' ordinary session: an HTTP-only cookie naming a row of person_sessions, with its
// CSRF token. The session lasts as long as the provider's ID token and is renewed by a refresh
// every recheck interval; the provider's refusal to refresh (the person disabled or signed out
// there) ends it. Sign-out ends it here and at the provider (RP-initiated logout).
import { parse as parseCookies } from 'cookie';
import type { Request, RequestHandler } from 'express';
import type { Db } from '../../db/database';
import {
  createPersonSession,
  deleteExpiredPersonSessions,
  endPersonSession,
  findPersonSession,
  renewPersonSession,
  type PersonSession,
  type SessionPerson,
} from '../../db/person-sessions';
import type { Principal } from '../auth';
import { providerRefusalPage, type ProviderRefusal } from '../pages/provider-pages';
import type { PageContext } from '../pages/layout';
import { safeNext } from '../pages/session';
import { placeByClaims } from './claims';
import type { IdentityProvider, ProviderAnswer, SignInTransaction } from './provider';

/** The sign-in in progress: state, nonce and PKCE verifier, between the redirect and the callback. */
const TRANSACTION_COOKIE = 'cce_oidc';
const TRANSACTION_MS = 10 * 60_000;

export interface LoadedPersonSession {
  principal: Principal;
  csrfToken: string;
  bodyName?: { kk: string; ru: string };
}

export interface PeopleSignIn {
  provider: IdentityProvider;
  /** The live session of this id, asked of the provider again when the recheck interval has passed. */
  load(sessionId: string): Promise<LoadedPersonSession | undefined>;
  /** GET /auth/sign-in: to the provider, with a fresh state, nonce and PKCE challenge. */
  start: RequestHandler;
  /** GET /auth/callback: the code exchanged, the person placed by the claims, the session begun. */
  callback(options: {
    sessionMs: number;
    setSession: (req: Request, res: Parameters<RequestHandler>[1], sessionId: string, maxAgeMs: number) => void;
    home: (principal: Principal) => string;
    context: (res: Parameters<RequestHandler>[1]) => PageContext;
  }): RequestHandler;
  /** Ends a person's session; the provider's logout URL, or undefined if the id named no person's session. */
  signOut(sessionId: string): Promise<URL | 'ended' | undefined>;
}

const toPrincipal = (person: SessionPerson): Principal => ({
  id: person.id,
  role: person.role,
  bodyId: person.bodyId,
  label: person.label,
  person: person.person,
});

export function peopleSignIn(
  db: Db,
  provider: IdentityProvider,
  bodyExists: (bodyId: string) => Promise<boolean>,
  log: (line: Record<string, unknown>) => void,
): PeopleSignIn {
  const { settings } = provider;
  const afterSignOut = new URL('/app/sign-in?signed-out=1', settings.redirectUrl).href;

  /** Who the claims name, or why they name no one here. */
  async function place(claims: Record<string, unknown>): Promise<SessionPerson | ProviderRefusal> {
    const bodyId = claims[settings.claims.body];
    const known = typeof bodyId === 'string' && (await bodyExists(bodyId));
    const placed = placeByClaims(claims, settings.claims, 'person', (id) => id === bodyId && known);
    if ('refused' in placed) return placed.refused;
    return { ...placed.principal, subject: String(claims.sub) };
  }

  // One refresh at a time per session: the pages' parallel requests (htmx, assets) share it.
  const refreshing = new Map<string, Promise<PersonSession | undefined>>();

  async function recheck(sessionId: string, session: PersonSession): Promise<PersonSession | undefined> {
    if (!session.refreshToken) return session; // nothing to ask with: it lasts its ID token's life
    let answer: ProviderAnswer | 'refused';
    try {
      answer = await provider.refresh(session.refreshToken);
    } catch (err) {
      // The provider unreachable: the session keeps to its ID token's expiry, no longer.
      log({ level: 'warn', msg: 'identity provider refresh failed', error: (err as Error)?.name });
      return session;
    }
    const person = answer === 'refused' ? 'refused' : await place(answer.claims);
    if (answer === 'refused' || typeof person === 'string' || person.subject !== session.person.subject) {
      await endPersonSession(db, sessionId);
      return undefined;
    }
    const now = new Date();
    await renewPersonSession(db, sessionId, person, answer.tokens, now, session.endsAt);
    return findPersonSession(db, sessionId, now);
  }

  return {
    provider,
    async load(sessionId) {
      const now = new Date();
      let session = await findPersonSession(db, sessionId, now);
      if (!session) return undefined;
      const due =
        now.getTime() - session.checkedAt.getTime() >= settings.recheckMs ||
        session.expiresAt.getTime() - now.getTime() < settings.recheckMs;
      if (due) {
        let pending = refreshing.get(sessionId);
        if (!pending) {
          pending = recheck(sessionId, session).finally(() => refreshing.delete(sessionId));
          refreshing.set(sessionId, pending);
        }
        session = await pending;
        if (!session) return undefined;
      }
      return {
        principal: toPrincipal(session.person),
        csrfToken: session.csrfToken,
        ...(session.bodyName ? { bodyName: session.bodyName } : {}),
      };
    },

    start: async (req, res) => {
      const next = typeof req.query.next === 'string' ? req.query.next : undefined;
      const { url, transaction } = await provider.startSignIn(safeNext(next));
      // SameSite=Lax: the provider sends the browser back here from its own site.
      res.cookie(TRANSACTION_COOKIE, Buffer.from(JSON.stringify(transaction)).toString('base64url'), {
        httpOnly: true,
        sameSite: 'lax',
        secure: req.secure,
        path: '/auth',
        maxAge: TRANSACTION_MS,
      });
      res.redirect(303, url.href);
    },

    callback: ({ sessionMs, setSession, home, context }) =>
      async function callback(req, res) {
        const transaction = transactionOf(req);
        res.clearCookie(TRANSACTION_COOKIE, { path: '/auth' });
        const refuse = async (reason: ProviderRefusal) => {
          const other = await provider.endSessionUrl(undefined, afterSignOut).catch(() => undefined);
          res
            .status(403)
            .type('html')
            .send(providerRefusalPage(context(res), reason, other?.href));
        };
        if (!transaction) return refuse('provider');
        let answer: ProviderAnswer;
        try {
          answer = await provider.completeSignIn(new URL(req.originalUrl, settings.redirectUrl), transaction);
        } catch (err) {
          log({ level: 'warn', msg: 'identity provider sign-in failed', error: (err as Error)?.name });
          return refuse('provider');
        }
        const person = await place(answer.claims);
        if (typeof person === 'string') return refuse(person);
        const now = new Date();
        await deleteExpiredPersonSessions(db, now);
        const endsAt = new Date(now.getTime() + sessionMs);
        const { sessionId } = await createPersonSession(db, person, answer.tokens, now, endsAt);
        const principal = toPrincipal(person);
        req.principal = principal; // for the request log line: who signed in
        setSession(req, res, sessionId, Math.min(sessionMs, endsAt.getTime() - now.getTime()));
        res.redirect(303, transaction.next ?? home(principal));
      },

    async signOut(sessionId) {
      const idToken = await endPersonSession(db, sessionId);
      if (idToken === undefined) return undefined;
      return (await provider.endSessionUrl(idToken, afterSignOut).catch(() => undefined)) ?? 'ended';
    },
  };
}

function transactionOf(req: Request): SignInTransaction | undefined {
  const raw = parseCookies(req.headers.cookie ?? '')[TRANSACTION_COOKIE];
  if (!raw) return undefined;
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<SignInTransaction>;
    if (typeof t.state !== 'string' || typeof t.nonce !== 'string' || typeof t.codeVerifier !== 'string')
      return undefined;
    return { state: t.state, nonce: t.nonce, codeVerifier: t.codeVerifier, next: safeNext(t.next) };
  } catch {
    return undefined;
  }
}
