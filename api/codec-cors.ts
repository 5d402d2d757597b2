import type { RequestHandler } from 'express';
import { ApiError } from './errors';

// The Temporal UI calls a codec endpoint from the browser, so the endpoint must answer the
// preflight (`OPTIONS …/decode`, no credentials) and name the UI's origin on the answer. Only the
// configured origins get CORS headers; cookies are never allowed (no Allow-Credentials). A browser's
// request from any other origin is refused outright: the codec reads case files (R12), and a page
// of another site, even one reaching this server under a name of its own (DNS rebinding), has no
// business there. Tools (the CLI) send no Origin.
const ALLOWED_HEADERS = 'authorization, content-type, x-namespace';

/** CORS for the codec paths (`/codec/decode`, `/codec/encode`) from the Temporal UI's origins. */
export function codecCors(uiOrigins: string[]): RequestHandler {
  const allowed = new Set(uiOrigins);
  return (req, res, next) => {
    if (!/^\/codec\/(decode|encode)$/.test(req.path)) return next();
    const origin = req.headers.origin;
    res.vary('Origin');
    if (origin && allowed.has(origin)) res.set('Access-Control-Allow-Origin', origin);
    if (req.method !== 'OPTIONS') {
      if (origin !== undefined && !allowed.has(origin)) {
        throw new ApiError(
          403,
          'origin_not_allowed',
          'the codec takes browser requests from the configured Temporal UI only',
        );
      }
      return next();
    }
    if (origin && allowed.has(origin)) {
      res.set({
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
      });
    }
    res.status(204).end();
  };
}

/** `http://localhost:8233,http://127.0.0.1:8233` → the two origins. */
export const originsFrom = (setting: string | undefined): string[] =>
  (setting ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean);
