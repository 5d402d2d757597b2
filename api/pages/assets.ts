// The pages' stylesheet and htmx (from its npm package): served from this server, nothing from outside.
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { PAGES_CSS } from './style';

const HTMX = readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8');

export function pageAssets(): Router {
  const router = Router();
  router.get('/app/assets/pages.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('text/css').send(PAGES_CSS);
  });
  router.get('/app/assets/htmx.min.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('application/javascript').send(HTMX);
  });
  return router;
}
