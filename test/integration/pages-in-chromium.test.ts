// The pages in a real browser (Debian's Chromium through puppeteer-core): an official signs in with
// the keyboard only, finds a filed complaint in the queue, extends it, sees a refusal with the
// API's message, decides it; the complainant's view shows the answer in Russian and Kazakh; the
// auditor's dashboard renders its SVG charts and exports CSV; the auditor's case page shows the
// decoded history. Each page passes the axe rules with no serious or critical violation, loads
// nothing from outside and breaks no CSP; screenshots are kept in test/artifacts/pages/.
import type { Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { seedCases } from '../../bench/seed-cases';
import { apiAs } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { launchChromium, screenshot, seriousAxeViolations, tabTo, typeInto, watchPage } from '../support/browser-pages';
import { IIN, portalComplaint } from '../support/complaints';

let stack: ApiStack;
let server: Server;
let browser: Browser;
let origin: string;
let filed: { id: string; incomingNumber: string };

beforeAll(async () => {
  stack = await startApiStack({ temporalUiUrl: 'http://localhost:8233' });
  server = await new Promise((ok) => {
    const s = stack.app.listen(0, '127.0.0.1', () => ok(s));
  });
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await launchChromium();
  const res = await apiAs(stack).post('/v1/complaints', 'intake', portalComplaint('akimat-almaty'));
  expect(res.status).toBe(201);
  filed = res.body;
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
  await stack?.stop();
});

interface Session {
  context: BrowserContext;
  page: Page;
  seen: { outside: string[]; problems: string[] };
}

/** A fresh browser profile signed in with a key (typed with the keyboard only). */
async function signIn(key: string, complainantId?: string): Promise<Session> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const seen = watchPage(page, origin);
  await page.goto(`${origin}/app/sign-in`, { waitUntil: 'networkidle0' });
  expect(await seriousAxeViolations(page)).toEqual([]);
  await typeInto(page, 'input[name=apiKey]', key);
  if (complainantId) {
    await tabTo(page, 'input[name=complainantId]');
    await page.keyboard.type(complainantId);
  }
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.keyboard.press('Enter')]);
  return { context, page, seen };
}

/** Submits the focused form's button with the keyboard and waits for the page that answers. */
async function pressAndWait(page: Page, selector: string): Promise<void> {
  await tabTo(page, selector);
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.keyboard.press('Enter')]);
}

const text = (page: Page, selector: string) =>
  page.$eval(selector, (e) => (e as unknown as { innerText: string }).innerText);

describe('the official, the complainant and the auditor, each in their own browser', () => {
  let official: Session;

  afterAll(async () => {
    await official?.context.close();
  });

  it('the official signs in: the session is an HTTP-only, SameSite=Strict cookie that is not the key', async () => {
    official = await signIn(stack.keys['official:akimat-almaty']);
    expect(new URL(official.page.url()).pathname).toBe('/app');
    const cookies = await official.page.cookies();
    const session = cookies.find((c) => c.name === 'cce_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(session!.value).not.toContain(stack.keys['official:akimat-almaty']);
    expect(
      await official.page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie),
    ).not.toContain('cce_session');
  });

  it('finds the filed complaint in the queue, marked and counted, and opens it with the keyboard', async () => {
    const { page } = official;
    expect(await text(page, 'h1')).toBe('Очередь жалоб по сроку');
    expect(await text(page, '.counts')).toMatch(/1\s*На рассмотрении/);
    expect(await text(page, '#queue')).toContain(filed.incomingNumber);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'workbench');
    await pressAndWait(page, `a[href="/app/cases/${filed.id}"]`);
    expect(await text(page, 'h1')).toBe(`Жалоба ${filed.incomingNumber}`);
    expect(await text(page, 'main')).toContain(portalComplaint().reasons);
    expect(await text(page, 'ol.marks')).toMatch(/✓ доставлена[\s\S]*✓ зарегистрирована/);
    // A local executive body may extend (R11): all ten working days are left.
    expect(await text(page, 'form[action$="/actions/extend"]')).toContain('ещё на 10 рабочих дней');
  });

  it('extends the term by 4 working days (R11); the timeline and the remaining days follow', async () => {
    const { page } = official;
    await typeInto(page, 'form[action$="/extend"] input[name=workingDays]', '4');
    await tabTo(page, 'form[action$="/extend"] textarea[name=explanation]');
    await page.keyboard.type('Запрошены сведения из земельного кадастра.');
    await pressAndWait(page, 'form[action$="/extend"] button');
    expect(await text(page, '.notice.ok')).toBe('Готово.');
    expect(await text(page, 'main')).toContain('срок продлён');
    expect(await text(page, 'form[action$="/actions/extend"]')).toContain('ещё на 6 рабочих дней');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'case');
  });

  it('an extension beyond ten working days is refused, told on the page in its language', async () => {
    const { page } = official;
    // The form allows at most the days left; a request for more (as a stale form could send) reaches the workflow.
    await page.$eval('form[action$="/extend"] input[name=workingDays]', (e) => e.removeAttribute('max'));
    await typeInto(page, 'form[action$="/extend"] input[name=workingDays]', '9');
    await pressAndWait(page, 'form[action$="/extend"] button');
    const alert = await text(page, '[role=alert]');
    expect(alert).toContain(
      'Срок нельзя продлить: его продлевают до окончания срока и всего не более чем на 10 рабочих дней.',
    );
    const row = await stack.db
      .selectFrom('complaints')
      .select('extended_days')
      .where('id', '=', filed.id)
      .executeTakeFirstOrThrow();
    expect(row.extended_days).toBe(4);
  });

  it('decides the complaint; the decision is signed by the key’s person', async () => {
    const { page } = official;
    await page.goto(`${origin}/app/cases/${filed.id}`, { waitUntil: 'networkidle0' });
    await typeInto(
      page,
      'form[action$="/decide"] textarea[name=reasoning]',
      'Справка выдана; задержка вызвана запросом в кадастр.',
    );
    await pressAndWait(page, 'form[action$="/decide"] button');
    expect(await text(page, '.notice.ok')).toBe('Готово.');
    expect(await text(page, 'dl.fields')).toContain('решение принято');
    expect(await text(page, 'ol.marks')).toMatch(/✓ на исполнении[\s\S]*✓ дан ответ/);
    const decided = await stack.db
      .selectFrom('review_stages')
      .select('decision')
      .where('complaint_id', '=', filed.id)
      .executeTakeFirstOrThrow();
    expect((decided.decision as { decidedBy: string }).decidedBy).toBeTruthy();
    expect(await text(page, 'main')).not.toContain('Принять решение');
    expect(official.seen).toEqual({ outside: [], problems: [] });
  });

  it('the complainant, through the portal, sees the marks and the answer, in Russian and in Kazakh', async () => {
    const complainant = await signIn(stack.keys.portal, IIN);
    const { page } = complainant;
    expect(new URL(page.url()).pathname).toBe('/cabinet');
    await pressAndWait(page, `a[href="/cabinet/cases/${filed.id}"]`);
    expect(await text(page, 'main')).toContain('Справка выдана; задержка вызвана запросом в кадастр.');
    expect(await text(page, 'ol.marks')).toContain('✓ дан ответ');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'cabinet-ru');
    await pressAndWait(page, 'a[lang=kk]');
    expect(await page.$eval('html', (e) => e.lang)).toBe('kk');
    expect(await text(page, 'h1')).toBe(`Менің шағымым ${filed.incomingNumber}`);
    expect(await text(page, 'ol.marks')).toContain('✓ жауап берілді');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'cabinet-kk');
    // Another complainant's case is not found, as the API answers.
    const other = await page.goto(`${origin}/cabinet/cases/00000000-0000-4000-8000-000000000000`);
    expect(other?.status()).toBe(404);
    expect(complainant.seen).toEqual({ outside: [], problems: [] });
    await complainant.context.close();
  });

  it('the auditor’s dashboard renders its charts as SVG and exports the same figures as CSV', async () => {
    const auditor = await signIn(stack.keys.auditor);
    const { page } = auditor;
    await page.goto(`${origin}/app/dashboard`, { waitUntil: 'networkidle0' });
    const charts = await page.$$eval('figure.chart svg', (svgs) =>
      svgs.map((s) => s.querySelectorAll('path, rect').length),
    );
    expect(charts).toHaveLength(2);
    for (const marks of charts) expect(marks).toBeGreaterThan(3);
    const table = await text(page, 'main table');
    expect(table).toMatch(/Акимат города Алматы\s+\d{4}-\d{2}\s+1\s+1\s+1\s+0\s+0/); // received, in time, extended, overdue, escalated
    expect(await seriousAxeViolations(page)).toEqual([]);
    const csv = await page.evaluate(async () => (await fetch('/app/dashboard.csv?bodyId=akimat-almaty')).text());
    const [header, row] = csv.trim().split('\r\n');
    expect(header).toBe(
      'bodyId,month,received,answeredInTime,extended,overdue,escalated,medianWorkingDays,p90WorkingDays',
    );
    expect(row).toMatch(/^akimat-almaty,\d{4}-\d{2},1,1,1,0,0,\d+,\d+$/);

    await page.goto(`${origin}/app/cases/${filed.id}`, { waitUntil: 'networkidle0' });
    expect(await text(page, 'main')).toContain('WorkflowExecutionStarted');
    expect(await page.$eval('main a[href^="http://localhost:8233/"]', (a) => a.getAttribute('href'))).toBe(
      `http://localhost:8233/namespaces/default/workflows/complaint-${filed.id}`,
    );
    // Decoded: the complaint as filed is readable in the started event's input.
    expect(
      await page.$$eval(
        'main pre',
        (pres, d) => pres.some((p) => p.textContent!.includes(d)),
        portalComplaint().demands,
      ),
    ).toBe(true);
    expect(await page.$$eval('main form.action', (f) => f.length)).toBe(0); // an auditor changes nothing
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'auditor-case');
    expect(auditor.seen).toEqual({ outside: [], problems: [] });

    // For the README: the dashboard over a register a year old (seeded straight into PostgreSQL).
    await seedCases(stack.databaseUrl, 600);
    await page.goto(`${origin}/app/dashboard`, { waitUntil: 'networkidle0' });
    expect(await page.$$eval('main tbody tr', (rows) => rows.length)).toBeGreaterThan(12);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard', false); // the charts; the table goes on below
    await auditor.context.close();
  });
});
