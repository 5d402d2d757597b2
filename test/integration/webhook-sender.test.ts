// One webhook attempt over real HTTP: bounded in time and size, never redirected, and never to an
// address the policy refuses, judged on the address the name resolves to when the attempt is made.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { sendWebhook, type SendOptions } from '../../activities/webhook-sender';
import { STRICT_POLICY } from '../../domain/webhook-address';

const OPTIONS: SendOptions = {
  policy: { allowLoopback: true, allowedNetworks: [] },
  timeoutMs: 1_000,
  maxResponseBytes: 1024,
};

let server: Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    req.resume();
    if (req.url === '/ok') return res.writeHead(204).end();
    if (req.url === '/down') return res.writeHead(503).end('later');
    if (req.url === '/redirect') return res.writeHead(302, { Location: `${base}/ok?redirected` }).end();
    if (req.url === '/huge') {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const write = () => {
        if (!res.destroyed && res.write(chunk)) setImmediate(write);
        else if (!res.destroyed) res.once('drain', write);
      };
      return write(); // never ends: the attempt must stop reading by itself
    }
    if (req.url === '/silent') return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
});

const send = (path: string, options = OPTIONS, target = `${base}${path}`) =>
  sendWebhook(target, { 'webhook-id': '1' }, '{}', options);

it('takes a 2xx as delivered and anything else as failed, with the status', async () => {
  await expect(send('/ok')).resolves.toEqual({ ok: true, status: 204 });
  await expect(send('/down')).resolves.toEqual({ ok: false, status: 503, error: 'the receiver answered 503' });
});

it('does not follow a redirect', async () => {
  hits.length = 0;
  await expect(send('/redirect')).resolves.toMatchObject({ ok: false, status: 302 });
  expect(hits).toEqual(['/redirect']);
});

it('gives up on a receiver that does not answer within the timeout', async () => {
  const started = Date.now();
  await expect(send('/silent')).resolves.toEqual({ ok: false, status: null, error: 'no answer within 1000 ms' });
  expect(Date.now() - started).toBeLessThan(3_000);
});

it('stops reading a response over the size limit', async () => {
  const started = Date.now();
  await expect(send('/huge')).resolves.toEqual({ ok: true, status: 200 });
  expect(Date.now() - started).toBeLessThan(1_000);
});

it('reports a receiver that is not there', async () => {
  const closed = createServer();
  await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((ok) => closed.close(ok));
  await expect(send('', OPTIONS, `http://127.0.0.1:${port}/`)).resolves.toMatchObject({
    ok: false,
    status: null,
    error: expect.stringMatching(/ECONNREFUSED/),
  });
});

it('refuses loopback and private addresses when the policy does, also behind a host name', async () => {
  hits.length = 0;
  const strict = { ...OPTIONS, policy: STRICT_POLICY };
  await expect(send('/ok', strict)).resolves.toMatchObject({ ok: false, error: expect.stringMatching(/^refused/) });
  // This machine's name resolves to loopback or a private address: the URL passes (a name is
  // judged only once resolved), the resolved address does not, and nothing is sent.
  const port = (server.address() as AddressInfo).port;
  await expect(send('', strict, `https://${hostname()}:${port}/ok`)).resolves.toMatchObject({
    ok: false,
    error: expect.stringMatching(/^refused: .*(loopback|private)/),
  });
  expect(hits).toEqual([]);
});
