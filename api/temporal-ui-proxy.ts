// The Temporal UI of npm start, on the API's own listener at /temporal-ui/. The UI server has no
// login and would answer any Host name, so a page of another site whose name resolves to
// 127.0.0.1 (DNS rebinding) could drive it from a visitor's browser. Here it answers only: a Host
// of this machine's loopback names or one configured (TEMPORAL_UI_HOSTS), a signed-in auditor or
// administrator (the pages' session: the history is the case file, R12), reads only (the UI
// server's write actions are off as well: platform/temporal-ui.ts), and a browser request from
// this same origin only. Docs: docs/DECISIONS.md "The Temporal UI of npm start".
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { PayloadCodec } from '@temporalio/common';
import { parse as parseCookies } from 'cookie';
import express, { Router, type Request, type RequestHandler } from 'express';
import type { Db } from '../db/database';
import { codecRequestSchema, runCodecs } from './codec-payloads';
import { ApiError, fromZodError } from './errors';
import { loadPageSession, requireSignedIn } from './pages/session';

export const TEMPORAL_UI_PATH = '/temporal-ui';

export interface TemporalUiProxyOptions {
  db: Db;
  /** `http://127.0.0.1:<port>` of the UI server (platform/temporal-ui.ts). */
  upstream: string;
  /** Host names besides the loopback ones (TEMPORAL_UI_HOSTS). */
  hosts: string[];
  /** The payload codecs, for the UI's decoding in the browser (its codec endpoint is below). */
  codecs: PayloadCodec[];
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** The name of a Host header without its port: `localhost:3000` → `localhost`, `[::1]:3000` → `[::1]`. */
export const hostNameOf = (host: string): string => host.replace(/:\d*$/, '').toLowerCase();

/** Only the loopback names and the configured ones reach the UI (the raw Host, never X-Forwarded-Host). */
export function allowedHost(names: string[]): RequestHandler {
  const allowed = new Set([...LOOPBACK_NAMES, ...names.map((n) => n.trim().toLowerCase()).filter(Boolean)]);
  return (req, _res, next) => {
    if (!allowed.has(hostNameOf(req.headers.host ?? ''))) {
      throw new ApiError(421, 'host_not_allowed', 'the Temporal UI answers only the host names it is configured for');
    }
    next();
  };
}

/** A browser's request that changes or reads through POST comes from this very origin, or not at all. */
const sameOrigin: RequestHandler = (req, _res, next) => {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `${req.protocol}://${req.headers.host}`) {
    throw new ApiError(403, 'origin_not_allowed', 'the Temporal UI takes requests from its own pages only');
  }
  next();
};

/** What the UI may send besides GET: a workflow query (reads state) — everything else writes. */
const READ_BY_POST = /^\/api\/v1\/namespaces\/[^/]+\/workflows\/[^/]+\/query\/[^/]+$/;

/** Headers passed to the UI server: no cookie of the API's own (sessions), only the UI's CSRF cookie. */
function upstreamHeaders(req: Request, upstreamHost: string): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = { ...req.headers, host: upstreamHost };
  delete headers.cookie;
  delete headers.authorization;
  delete headers.origin;
  delete headers.referer;
  const csrf = parseCookies(req.headers.cookie ?? '')._csrf;
  if (csrf) headers.cookie = `_csrf=${csrf}`;
  return headers;
}

function forward(upstream: URL): RequestHandler {
  return (req, res, next) => {
    const proxied = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: `${TEMPORAL_UI_PATH}${req.url}`,
        headers: upstreamHeaders(req, upstream.host),
      },
      (answer) => {
        // The UI sets its own policy for its pages; the API's strict one would stop its scripts.
        res.removeHeader('Content-Security-Policy');
        res.set('Content-Security-Policy', "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
        res.set('Cache-Control', 'no-store');
        for (const [name, value] of Object.entries(answer.headers)) {
          if (
            value === undefined ||
            /^(content-security-policy|cache-control|connection|transfer-encoding)$/i.test(name)
          )
            continue;
          res.setHeader(name, value);
        }
        res.status(answer.statusCode ?? 502);
        answer.pipe(res);
      },
    );
    proxied.on('error', () => next(new ApiError(503, 'temporal_ui_unavailable', 'the Temporal UI is not running')));
    req.pipe(proxied);
  };
}

export function temporalUiProxy(options: TemporalUiProxyOptions): Router {
  const upstream = new URL(options.upstream);
  const router = Router();
  router.use(allowedHost(options.hosts), sameOrigin, loadPageSession(options.db));
  router.use(requireSignedIn('auditor', 'admin'));
  // The UI decodes each payload in the browser through this endpoint (its codec setting): decode only.
  router.post('/codec/decode', express.json({ limit: '4mb' }), async (req, res) => {
    const parsed = codecRequestSchema.safeParse(req.body);
    if (!parsed.success) throw fromZodError(parsed.error);
    try {
      res.json(await runCodecs(options.codecs, 'decode', parsed.data));
    } catch {
      throw new ApiError(422, 'undecodable_payload', 'a payload could not be decoded with the keys this server has');
    }
  });
  router.use((req, _res, next) => {
    const reads =
      req.method === 'GET' || req.method === 'HEAD' || (req.method === 'POST' && READ_BY_POST.test(req.path));
    if (!reads) throw new ApiError(405, 'read_only', 'the Temporal UI here only reads; act on a case through the API');
    next();
  });
  router.use(forward(upstream));
  return router;
}
