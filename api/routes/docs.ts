// The OpenAPI document and Swagger UI (swagger-ui-dist, served from this server: nothing from a CDN).
import { dirname } from 'node:path';
import express, { Router } from 'express';
import type { ApiHandlers } from '../contract';
import { Answer } from '../contract/route';
import { openApiDocument } from '../openapi';

/** Swagger UI runs its own scripts and styles, all from this server; it fetches only /openapi.json. */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
].join('; ');

// Its files only; its index module would load the whole browser bundle into this process.
const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Complaint case engine — API</title>
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/start.js"></script>
  </body>
</html>
`;

const START = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

export function docsHandlers(): ApiHandlers<'openApiDocument' | 'docsPage'> {
  const doc = openApiDocument();
  return {
    openApiDocument: () => doc,
    docsPage: () => new Answer(200, PAGE, { contentType: 'html', headers: { 'Content-Security-Policy': DOCS_CSP } }),
  };
}

/** The page's script and Swagger UI's files. */
export function docsAssets(): Router {
  const router = Router();
  router.get('/docs/start.js', (_req, res) => {
    res.type('application/javascript').send(START);
  });
  router.use(
    '/docs/assets',
    (_req, res, next) => {
      res.set('Content-Security-Policy', DOCS_CSP);
      next();
    },
    express.static(SWAGGER_UI_DIR, { index: false, fallthrough: false }),
  );
  return router;
}
