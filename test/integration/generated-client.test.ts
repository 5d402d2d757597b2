// A client generated from /openapi.json (openapi-typescript types, openapi-fetch) drives
// the README's curl session. The calls are type-checked against the generated types by
// `npm run typecheck`; the committed document and types must be what the server serves now.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import createClient from 'openapi-fetch';
import { openApiDocument } from '../../api/openapi';
import { eventually } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { anAppeal } from '../support/complaints';
import type { components, paths } from '../support/openapi-types';

const ROOT = resolve(__dirname, '../..');
const complaint: components['schemas']['Complaint'] = JSON.parse(
  readFileSync(resolve(ROOT, 'docs/examples/complaint.json'), 'utf8'),
);
const COMPLAINANT =
  'complainant' in complaint && complaint.complainant.kind === 'individual' ? complaint.complainant.iin : '';

let stack: ApiStack;
let baseUrl: string;
beforeAll(async () => {
  stack = await startApiStack();
  baseUrl = stack.baseUrl;
});
afterAll(async () => {
  await stack?.stop();
});

const clientFor = (key: string) => createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key}` } });

it('keeps openapi.json and the generated types current (npm run openapi)', async () => {
  const committed = JSON.parse(readFileSync(resolve(ROOT, 'openapi.json'), 'utf8'));
  expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  const fresh = join(mkdtempSync(join(tmpdir(), 'openapi-types-')), 'openapi-types.ts');
  execFileSync(
    process.execPath,
    [
      resolve(ROOT, 'node_modules/openapi-typescript/bin/cli.js'),
      resolve(ROOT, 'openapi.json'),
      '-o',
      fresh,
      '--redocly',
      resolve(ROOT, 'redocly.yaml'),
    ],
    { stdio: 'ignore' },
  );
  expect(readFileSync(resolve(ROOT, 'test/support/openapi-types.ts'), 'utf8')).toBe(readFileSync(fresh, 'utf8'));
});

it("runs the README's curl session through the generated client", async () => {
  const intake = clientFor(stack.keys.intake);
  const official = clientFor(stack.keys['official:akimat-almaty']);
  const portal = clientFor(stack.keys.portal);
  const auditor = clientFor(stack.keys.auditor);

  // An intake system files a complaint; 201 after registration, with the incoming number and deadline.
  const filed = await intake.POST('/v1/complaints', {
    body: complaint,
    params: { header: { 'Idempotency-Key': 'demo-1' } },
  });
  expect(filed.response.status).toBe(201);
  const receipt = filed.data!;
  expect(receipt.incomingNumber).toMatch(/^AKM-\d{4}-\d{6}$/);
  const id = receipt.id;
  const again = await intake.POST('/v1/complaints', {
    body: complaint,
    params: { header: { 'Idempotency-Key': 'demo-1' } },
  });
  expect(again.data?.id).toBe(id);

  // The official of the body sees it in the list, extends the term, and decides.
  const listed = await official.GET('/v1/complaints', {
    params: { query: { bodyId: 'akimat-almaty', status: 'under_review' } },
  });
  expect(listed.data?.items.map((c) => c.id)).toContain(id);
  const extended = await official.POST('/v1/complaints/{id}/extension', {
    params: { path: { id } },
    body: { reason: 'additional_information', workingDays: 5, explanation: 'A request was sent to the land registry.' },
  });
  expect(extended.response.status).toBe(200);
  const decided = await official.POST('/v1/complaints/{id}/decision', {
    params: { path: { id } },
    body: {
      outcome: 'partially_satisfied',
      reasoning: 'The certificate is issued; the delay was caused by the registry.',
      decidedBy: 'Досаев Е.А.',
    },
  });
  expect(decided.response.status).toBe(200);

  // The complainant, through the portal, follows the case and escalates to the quality-control body.
  const asComplainant = { 'X-Complainant-Id': COMPLAINANT };
  const escalated = await portal.POST('/v1/complaints/{id}/escalation', {
    params: { path: { id }, header: asComplainant },
    body: anAppeal(),
  });
  expect(escalated.response.status).toBe(200);
  const timeline = await portal.GET('/v1/complaints/{id}/timeline', {
    params: { path: { id }, header: asComplainant },
  });
  expect(timeline.data?.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['registered', 'decided']));

  // The receipt (R3) in Kazakh, and the auditor's view of the full Temporal history.
  const printed = await intake.GET('/v1/complaints/{id}/receipt', {
    params: { path: { id }, query: { lang: 'kk' } },
    parseAs: 'text',
  });
  expect(printed.response.headers.get('content-type')).toMatch(/^text\/html/);
  // The latest stage's receipt: the quality-control body's, with the number the escalation answered.
  expect(printed.data).toContain(String(escalated.data?.incomingNumber));
  const history = await auditor.GET('/v1/complaints/{id}/history', { params: { path: { id } } });
  expect(history.data?.source).toBe('temporal');
  expect(history.data?.events.length).toBeGreaterThan(5);

  // An error arrives in the one shape, typed.
  const refused = await portal.GET('/v1/complaints/{id}', {
    params: { path: { id }, header: { 'X-Complainant-Id': '940140000385' } },
  });
  expect(refused.response.status).toBe(404);
  expect(refused.error?.error.code).toBe('complaint_not_found');
});

it('reads the event feed through the generated client, page by page with the cursor', async () => {
  const intake = clientFor(stack.keys.intake);
  const readAll = async () => {
    const types: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await intake.GET('/v1/events', { params: { query: { limit: 2, ...(after ? { after } : {}) } } });
      expect(page.response.status).toBe(200);
      types.push(...page.data!.items.map((e) => e.type));
      if (!page.data!.items.length) return types;
      after = page.data!.nextCursor;
    }
  };
  // The curl session's case: registered, extended, decided, escalated (each written by its activity).
  const wanted = ['complaint.registered', 'complaint.extended', 'complaint.decided', 'complaint.escalated'];
  const types = await eventually(async () => {
    const read = await readAll();
    return wanted.every((t) => read.includes(t)) ? read : undefined;
  }, "the case's events in the feed");
  expect(types.indexOf('complaint.registered')).toBeLessThan(types.indexOf('complaint.decided'));
});
