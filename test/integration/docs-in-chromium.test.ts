// /docs renders the OpenAPI document in Swagger UI, in a real headless Chromium (Debian's
// `chromium`; .ci/run installs it), offline, under the page's own CSP. The screenshot is kept as an
// artifact in test/artifacts/docs.png.
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { startApiStack, type ApiStack } from '../support/api-stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '../../test/artifacts');

let stack: ApiStack;
let server: Server;
let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
  stack = await startApiStack();
  server = await new Promise((ok) => {
    const s = stack.app.listen(0, '127.0.0.1', () => ok(s));
  });
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
  await stack?.stop();
});

it('renders every operation in Swagger UI, with nothing loaded from outside', async () => {
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const page = await browser.newPage();
  const outside: string[] = [];
  const problems: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url().startsWith(origin) || req.url().startsWith('data:')) void req.continue();
    else {
      outside.push(req.url());
      void req.abort();
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.setViewport({ width: 1280, height: 1600 });
  await page.goto(`${origin}/docs`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('.opblock', { timeout: 20_000 });
  const title = await page.$eval('.info .title', (e) => e.textContent ?? '');
  const operations = await page.$$eval('.opblock-summary-path', (els) => els.map((e) => e.getAttribute('data-path')));
  expect(title).toContain('Complaint case engine');
  expect(operations).toEqual(
    expect.arrayContaining(['/v1/complaints', '/v1/complaints/{id}/court-referral', '/v1/codec/decode', '/healthz']),
  );
  expect(operations.length).toBeGreaterThanOrEqual(30);
  expect(outside).toEqual([]);
  expect(problems).toEqual([]);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: resolve(ARTIFACTS, 'docs.png'), fullPage: false });
  expect(existsSync(resolve(ARTIFACTS, 'docs.png'))).toBe(true);
});
