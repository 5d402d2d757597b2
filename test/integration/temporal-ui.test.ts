// npm start's Temporal UI on the API's own listener (/temporal-ui/): only under this machine's
// loopback names or configured ones (a page of another site reaching it through DNS rebinding is
// refused), only to a signed-in auditor or administrator, read-only (no terminate, here or on the
// UI server's own port), decoding payloads through its own codec endpoint.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { freePort } from '../../db/embedded-postgres';
import { startTemporalUi, type RunningTemporalUi } from '../../platform/temporal-ui';
import { complaintWorkflowId } from '../../workflows/complaint-messages';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { portalComplaint } from '../support/complaints';

const configDir = mkdtempSync(join(tmpdir(), 'temporal-ui-'));
let ui: RunningTemporalUi;
let stack: ApiStack;
let workflowId: string;

beforeAll(async () => {
  ui = (await startTemporalUi({
    temporalAddress: process.env.TEST_TEMPORAL_ADDRESS!,
    port: await freePort(),
    publicPath: '/temporal-ui',
    codecEndpoint: '/temporal-ui/codec',
    configDir,
  }))!;
  expect(ui).toBeDefined();
  stack = await startApiStack({
    payloadKeys: `ui:${randomBytes(32).toString('base64')}`,
    temporalUi: { upstream: ui.upstream, hosts: ['cases.example.kz'] },
  });
  const filed = await request(stack.app)
    .post('/v1/complaints')
    .set('Authorization', `Bearer ${stack.keys.intake}`)
    .send(portalComplaint('akimat-almaty'));
  expect(filed.status).toBe(201);
  workflowId = complaintWorkflowId(filed.body.id);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await ui?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

/** A browser signed in to the pages with a key (its cookies kept by the agent). */
async function signedIn(key: string) {
  const agent = request.agent(stack.app);
  const form = await agent.get('/app/sign-in');
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
  const signIn = await agent.post('/app/sign-in').type('form').send({ _csrf: token, apiKey: key });
  expect(signIn.status).toBe(303);
  return agent;
}

it('refuses a Host name that is not this machine or configured (DNS rebinding), for the UI and its codec', async () => {
  const auditor = await signedIn(stack.keys.auditor);
  for (const host of ['evil.example', 'evil.example:3000', '127.0.0.1.evil.example']) {
    const page = await auditor.get('/temporal-ui/namespaces/default/workflows').set('Host', host);
    expect([host, page.status, page.body.error?.code]).toEqual([host, 421, 'host_not_allowed']);
    const codec = await auditor.post('/temporal-ui/codec/decode').set('Host', host).send({ payloads: [] });
    expect([host, codec.status, codec.body.error?.code]).toEqual([host, 421, 'host_not_allowed']);
  }
  // The auditors' own codec refuses a browser of another origin, even with a key.
  const rebound = await request(stack.app)
    .post('/v1/codec/decode')
    .set('Host', 'evil.example')
    .set('Origin', 'http://evil.example')
    .set('Authorization', `Bearer ${stack.keys.auditor}`)
    .send({ payloads: [] });
  expect([rebound.status, rebound.body.error?.code]).toEqual([403, 'origin_not_allowed']);
  // The loopback names and a configured one reach it.
  for (const host of ['localhost:3000', '127.0.0.1', '[::1]:3000', 'cases.example.kz']) {
    const page = await auditor.get('/temporal-ui/namespaces/default/workflows').set('Host', host);
    expect([host, page.status]).toEqual([host, 200]);
  }
});

it('sends a visitor without a session to sign in, and serves auditors and administrators only', async () => {
  const anonymous = await request(stack.app).get('/temporal-ui/namespaces/default/workflows');
  expect(anonymous.status).toBe(303);
  expect(anonymous.headers.location).toBe('/app/sign-in?next=%2Ftemporal-ui%2Fnamespaces%2Fdefault%2Fworkflows');
  const settings = await request(stack.app).get('/temporal-ui/api/v1/settings');
  expect(settings.status).toBe(303);
  const official = await signedIn(stack.keys['official:akimat-almaty']);
  expect((await official.get('/temporal-ui/namespaces/default/workflows')).status).toBe(403);
  const admin = await signedIn(stack.keys.admin);
  expect((await admin.get('/temporal-ui/namespaces/default/workflows')).status).toBe(200);
});

it('shows the auditor the UI, decoding payloads through its own codec, from its own pages only', async () => {
  const auditor = await signedIn(stack.keys.auditor);
  const page = await auditor.get(`/temporal-ui/namespaces/default/workflows/${workflowId}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('/temporal-ui/_app/');
  const history = await auditor.get(`/temporal-ui/api/v1/namespaces/default/workflows/${workflowId}/history`);
  expect(history.status).toBe(200);
  const input = history.body.history.events[0].workflowExecutionStartedEventAttributes.input.payloads;
  expect(Buffer.from(input[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
  const decoded = await auditor.post('/temporal-ui/codec/decode').send({ payloads: input });
  expect(decoded.status).toBe(200);
  expect(Buffer.from(decoded.body.payloads[0].data, 'base64').toString()).toContain(
    portalComplaint('akimat-almaty').reasons,
  );
  const foreign = await auditor
    .post('/temporal-ui/codec/decode')
    .set('Origin', 'http://evil.example')
    .send({ payloads: input });
  expect([foreign.status, foreign.body.error?.code]).toEqual([403, 'origin_not_allowed']);
});

it('cannot terminate a workflow: write actions are off in the UI server and refused on the way to it', async () => {
  const auditor = await signedIn(stack.keys.auditor);
  const settings = await auditor.get('/temporal-ui/api/v1/settings');
  expect(settings.body).toMatchObject({
    DisableWriteActions: true,
    WorkflowTerminateDisabled: true,
    WorkflowCancelDisabled: true,
    WorkflowSignalDisabled: true,
    WorkflowUpdateDisabled: true,
    WorkflowResetDisabled: true,
    BatchActionsDisabled: true,
    StartWorkflowDisabled: true,
    Codec: { Endpoint: '/temporal-ui/codec' },
  });
  const terminate = `/api/v1/namespaces/default/workflows/${workflowId}/terminate`;
  const proxied = await auditor.post(`/temporal-ui${terminate}`).send({ reason: 'rebinding' });
  expect([proxied.status, proxied.body.error?.code]).toEqual([405, 'read_only']);
  // The UI server's own port (loopback): an Authorization header skips its CSRF check; the write switch holds.
  for (const path of [terminate, `/temporal-ui${terminate}`]) {
    const direct = await fetch(`${ui.upstream}${path}`, {
      method: 'POST',
      headers: { Authorization: 'Bearer x', 'Content-Type': 'application/json', Host: 'evil.example' },
      body: JSON.stringify({ reason: 'rebinding' }),
    });
    expect([path, direct.status]).toEqual([path, 405]);
  }
  const described = await stack.client.workflow.getHandle(workflowId).describe();
  expect(described.status.name).toBe('RUNNING');
});
