// (d) What else reads the whole register, over the same seeded cases as the list: the SLA report
// and the dashboard's CSV for a year, an official's workbench queue, and the event feed read page
// by page by an auditor, an official and an intake system. One request at a time (latency).
import { slaStages } from '../db/sla-stages';
import { explainFirstStatements } from './explain';
import { expectStatus, type ApiClient } from './http';
import { now, summarise, type LatencySummary } from './stats';

export interface RegisterReadsResult {
  slaYear: LatencySummary;
  dashboardCsvYear: LatencySummary;
  workbenchQueue: LatencySummary;
  feed: Record<'auditor' | 'official' | 'intake', LatencySummary & { events: number }>;
  /** BENCH_EXPLAIN: the SLA figures' grouping of a year's stages, every body and one. */
  plans?: Record<string, string>;
}

async function timed(n: number, call: () => Promise<void>): Promise<LatencySummary> {
  await call(); // the first read warms the plan and the cache
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = now();
    await call();
    samples.push(now() - t0);
  }
  return summarise(samples);
}

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith(`${name}=`));

/** A browser's session on the pages, signed in with `key` through the sign-in form. */
async function pageSession(baseUrl: string, key: string): Promise<string> {
  const form = await fetch(`${baseUrl}/app/sign-in`);
  const html = await form.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const formCookie = form.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (!token) throw new Error(`sign-in form: HTTP ${form.status}, no form token`);
  const signedIn = await fetch(`${baseUrl}/app/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: formCookie.join('; ') },
    body: new URLSearchParams({ _csrf: token, apiKey: key }).toString(),
  });
  const session = cookieOf(signedIn, 'cce_session');
  if (!session) throw new Error(`sign-in: HTTP ${signedIn.status}, no session`);
  return session;
}

async function page(baseUrl: string, session: string, path: string): Promise<void> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie: session } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
}

/** Pages of the event feed from its start, `limit` events each, as a reader following it. */
async function followFeed(api: ApiClient, key: string, pages: number, limit = 100) {
  let cursor: string | undefined;
  let events = 0;
  const samples: number[] = [];
  for (let i = -1; i < pages; i++) {
    const t0 = now();
    const res = await api.get(`/v1/events?limit=${limit}${cursor ? `&after=${cursor}` : ''}`, key);
    const ms = now() - t0;
    const body = expectStatus<{ items: unknown[]; nextCursor: string }>(res, 200, 'GET /v1/events');
    cursor = body.nextCursor;
    if (i < 0) continue; // the first page warms the plan
    samples.push(ms);
    events += body.items.length;
  }
  return { ...summarise(samples), events };
}

export async function runRegisterReads(opts: {
  api: ApiClient;
  keys: Record<string, string>;
  officialKeys: Record<string, string>;
  runs: number;
  explainUrl?: string;
  say: (l: string) => void;
}): Promise<RegisterReadsResult> {
  const { api, keys, runs, say } = opts;
  const today = new Date().toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const year = `registeredFrom=${yearAgo}&registeredTo=${today}`;
  say(`(d) SLA report, dashboard CSV and workbench queue over the register, ${runs} reads each`);
  const slaYear = await timed(runs, async () => {
    expectStatus(await api.get(`/v1/reports/sla?${year}`, keys.auditor), 200, 'GET /v1/reports/sla');
  });
  const auditorPages = await pageSession(api.baseUrl, keys.auditor);
  const dashboardCsvYear = await timed(runs, () => page(api.baseUrl, auditorPages, `/app/dashboard.csv?${year}`));
  const officialPages = await pageSession(api.baseUrl, opts.officialKeys['con-almaty']);
  const workbenchQueue = await timed(runs * 5, () => page(api.baseUrl, officialPages, '/app'));
  say('(d) the event feed from its start, 100 events a page, as an auditor, an official and an intake system');
  const pages = runs * 5;
  const feed = {
    auditor: await followFeed(api, keys.auditor, pages),
    official: await followFeed(api, opts.officialKeys['con-almaty'], pages),
    intake: await followFeed(api, keys.intake, pages),
  };
  const period = { registeredFrom: yearAgo, registeredTo: today };
  const plans = opts.explainUrl
    ? await explainFirstStatements(opts.explainUrl, {
        'SLA stages, a year, every body': (db) => slaStages(db, period, new Date()),
        'SLA stages, a year, con-almaty': (db) => slaStages(db, { ...period, bodyId: 'con-almaty' }, new Date()),
      })
    : undefined;
  return { slaYear, dashboardCsvYear, workbenchQueue, feed, ...(plans ? { plans } : {}) };
}
