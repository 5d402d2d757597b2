// People sign in at the organisation's identity provider (a real Keycloak, the demo realm) in a
// real browser (Debian's Chromium): an official types into Keycloak's own login page with the
// keyboard, decides a case of their body, which the decision records as signed by them, and signs
// out at both ends; an official of another body is refused the case; a person the provider gives
// no role is refused with a page that says so (axe-checked); a person disabled in Keycloak loses
// the pages at the next recheck; the key sign-in is off for people.
import type { Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import request from 'supertest';
import { DEFAULT_CLAIM_NAMES } from '../../api/oidc/claims';
import { DEMO_AUDIENCE, DEMO_CLIENTS } from '../../platform/idp/keycloak';
import { freePort } from '../../platform/idp/keycloak-process';
import { apiAs } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { launchChromium, screenshot, seriousAxeViolations } from '../support/browser-pages';
import { portalComplaint } from '../support/complaints';
import { DEMO_PASSWORD, keycloakAdmin, sharedKeycloak, type SharedKeycloak } from '../support/keycloak';

/** The recheck interval of this test's app: a disabled person is out after it. */
const RECHECK_MS = 1_000;

let keycloak: SharedKeycloak;
let stack: ApiStack;
let server: Server;
let browser: Browser;
let origin: string;
let filed: { id: string; incomingNumber: string };

beforeAll(async () => {
  keycloak = await sharedKeycloak();
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  stack = await startApiStack({
    oidc: {
      issuer: keycloak.issuer,
      clientId: DEMO_CLIENTS.workbench.id,
      clientSecret: DEMO_CLIENTS.workbench.secret,
      redirectUrl: `${origin}/auth/callback`,
      audience: DEMO_AUDIENCE,
      claims: DEFAULT_CLAIM_NAMES,
      recheckMs: RECHECK_MS,
      clockToleranceSeconds: 30,
    },
  });
  server = await new Promise((ok) => {
    const s = stack.app.listen(port, '127.0.0.1', () => ok(s));
  });
  browser = await launchChromium();
  const res = await apiAs(stack).post('/v1/complaints', 'intake', portalComplaint('con-almaty'));
  expect(res.status).toBe(201);
  filed = res.body;
}, 360_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
  await stack?.stop();
});

const text = (page: Page, selector: string) =>
  page.$eval(selector, (e) => (e as unknown as { innerText: string }).innerText);

/** Presses Tab until `selector` has the focus (it may have it already: Keycloak focuses its first field). */
async function focusWithTab(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await page.$eval(':focus', (e, s) => e.matches(s), selector).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} cannot be reached with the Tab key`);
}

async function pressEnterAndWait(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.keyboard.press('Enter')]);
}

/**
 * A fresh browser profile opens `path`, is sent to the sign-in page, follows its link to Keycloak
 * and signs in there as `username`, all with the keyboard.
 */
async function signIn(username: string, path = '/app'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(`${origin}${path}`, { waitUntil: 'networkidle0' });
  expect(new URL(page.url()).pathname).toBe('/app/sign-in');
  await focusWithTab(page, 'a.signin-provider');
  await pressEnterAndWait(page);
  expect(page.url().startsWith(keycloak.issuer)).toBe(true); // Keycloak's own login page
  await focusWithTab(page, 'input#username');
  await page.keyboard.type(username);
  await focusWithTab(page, 'input#password');
  await page.keyboard.type(DEMO_PASSWORD);
  await pressEnterAndWait(page);
  return { context, page };
}

describe('people signed in at the identity provider', () => {
  it('the sign-in page offers the provider, passes axe, and has no key form', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${origin}/app/sign-in`, { waitUntil: 'networkidle0' });
    expect(await page.$('input[name=apiKey]')).toBeNull();
    expect(await text(page, 'a.signin-provider')).toBe('Войти через учётную запись организации');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-provider');
    await context.close();
  });

  it('an official signs in on Keycloak’s page, decides a case of their body signed by them, and signs out', async () => {
    const { context, page } = await signIn('official.con', `/app/cases/${filed.id}`);
    expect(new URL(page.url()).pathname).toBe(`/app/cases/${filed.id}`);
    expect(await text(page, '.who')).toContain('Досаев Е.А., главный специалист');
    const session = (await page.cookies()).find((c) => c.name === 'cce_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await focusWithTab(page, 'form[action$="/decide"] textarea[name=reasoning]');
    await page.keyboard.type('Справка выдана; задержка вызвана запросом в кадастр.');
    await focusWithTab(page, 'form[action$="/decide"] button');
    await pressEnterAndWait(page);
    expect(await text(page, '.notice.ok')).toBe('Готово.');
    const decided = await stack.db
      .selectFrom('review_stages')
      .select('decision')
      .where('complaint_id', '=', filed.id)
      .executeTakeFirstOrThrow();
    const decision = decided.decision as { decidedBy: string; signedBy: { keyId: string; role: string } };
    expect(decision.decidedBy).toBe('Досаев Е.А.');
    expect(decision.signedBy.keyId).toMatch(/^oidc:[0-9a-f-]{36}$/);
    expect(decision.signedBy.role).toBe('official');
    await screenshot(page, 'case-decided-by-provider-person');

    await focusWithTab(page, 'form[action="/app/sign-out"] button');
    await pressEnterAndWait(page);
    // Back from Keycloak's logout: signed out here and there.
    expect(new URL(page.url()).pathname).toBe('/app/sign-in');
    expect(await text(page, '.notice.ok')).toBe('Вы вышли из системы.');
    await page.goto(`${origin}/app`, { waitUntil: 'networkidle0' });
    expect(new URL(page.url()).pathname).toBe('/app/sign-in');
    await focusWithTab(page, 'a.signin-provider');
    await pressEnterAndWait(page);
    expect(await page.$('input#password')).not.toBeNull(); // Keycloak asks again: its session ended too
    await context.close();
  });

  it('an official of another body is refused the case', async () => {
    const { context, page } = await signIn('official.akimat');
    expect(new URL(page.url()).pathname).toBe('/app');
    expect(await text(page, '.who')).toContain('Сейтказиева А.М., руководитель отдела');
    const res = await page.goto(`${origin}/app/cases/${filed.id}`, { waitUntil: 'networkidle0' });
    expect(res?.status()).toBe(404);
    expect(await text(page, 'main')).not.toContain(filed.incomingNumber);
    await context.close();
  });

  it('a person the provider gives no role is refused with a page that says so', async () => {
    const { context, page } = await signIn('no.role');
    expect(new URL(page.url()).pathname).toBe('/auth/callback');
    expect(await text(page, '.notice.error')).toContain('не даёт роли в этой системе');
    expect(await page.$('form[action="/app/sign-out"]')).toBeNull(); // no session was made
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-refused');
    const again = await page.goto(`${origin}/app`, { waitUntil: 'networkidle0' });
    expect(new URL(again!.url()).pathname).toBe('/app/sign-in');
    await context.close();
  });

  it('a person disabled in Keycloak loses the pages within the recheck interval', async () => {
    const admin = keycloakAdmin(keycloak);
    const { context, page } = await signIn('auditor', '/app/dashboard');
    expect(new URL(page.url()).pathname).toBe('/app/dashboard');
    await admin.setUserEnabled('auditor', false);
    try {
      await new Promise((r) => setTimeout(r, RECHECK_MS + 200));
      await page.goto(`${origin}/app/dashboard`, { waitUntil: 'networkidle0' });
      const url = new URL(page.url());
      expect(url.pathname).toBe('/app/sign-in');
      expect(url.searchParams.get('ended')).toBe('1');
    } finally {
      await admin.setUserEnabled('auditor', true);
    }
    await context.close();
  });

  it('an official’s key no longer signs in to the pages', async () => {
    const agent = request.agent(stack.app);
    const form = await agent.get('/app/sign-in?portal=1');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
    expect(csrf).toBeDefined();
    const res = await agent
      .post('/app/sign-in')
      .type('form')
      .send({ _csrf: csrf, apiKey: stack.keys['official:con-almaty'] });
    expect(res.status).toBe(401);
    expect(res.text).toContain('вход по ключу здесь только для портала');
  });
});
