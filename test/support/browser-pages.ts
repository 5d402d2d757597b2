// Driving the pages in Debian's Chromium (puppeteer-core, no browser download): keyboard-only
// steps, the axe accessibility rules, and screenshots kept in test/artifacts/pages/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PAGE_ARTIFACTS = resolve(__dirname, '../artifacts/pages');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** Requests outside `origin`, console errors (a CSP refusal is one) and page errors, as they happen. */
export function watchPage(page: Page, origin: string): { outside: string[]; problems: string[] } {
  const seen = { outside: [] as string[], problems: [] as string[] };
  void page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url().startsWith(origin) || req.url().startsWith('data:')) void req.continue();
    else {
      seen.outside.push(req.url());
      void req.abort();
    }
  });
  // A page answered with an error status is the test's to judge; a stylesheet or script that fails is not.
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'document' && res.status() >= 400)
      seen.problems.push(`${res.status()} ${res.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) seen.problems.push(m.text());
  });
  page.on('pageerror', (e) => seen.problems.push(String(e)));
  return seen;
}

/** Presses Tab until the element matching `selector` has the focus: it is reachable by keyboard. */
export async function tabTo(page: Page, selector: string, maxTabs = 80): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    if (await page.$eval(':focus', (e, s) => e.matches(s), selector).catch(() => false)) return;
  }
  throw new Error(`${selector} cannot be reached with the Tab key`);
}

/** Tabs to a field from the top of the page and types into it. */
export async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** The axe-core rules run in the page (WCAG 2.1 A/AA); the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE); // through the DevTools protocol: the page's CSP does not apply
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: object): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(PAGE_ARTIFACTS, { recursive: true });
  const path = resolve(PAGE_ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
