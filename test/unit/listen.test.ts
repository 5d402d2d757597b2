import { connect, createServer, type Server } from 'node:net';
import express from 'express';
import { listen, ListenError } from '../../api/listen';

let taken: Server;
let port: number;
beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((ok) => taken.listen(0, '127.0.0.1', ok));
  port = (taken.address() as { port: number }).port;
});
afterAll(() => new Promise((ok) => taken.close(ok)));

it('rejects with a clear error when the port is in use', async () => {
  const failure = listen(express(), port, '127.0.0.1');
  await expect(failure).rejects.toBeInstanceOf(ListenError);
  await expect(failure).rejects.toMatchObject({
    code: 'EADDRINUSE',
    message: `port ${port} is already in use: stop what is listening there or set PORT to a free port`,
  });
});

it('resolves with the listening server on a free port', async () => {
  const server = await listen(express(), 0, '127.0.0.1');
  expect((server.address() as { port: number }).port).toBeGreaterThan(0);
  await new Promise((ok) => server.close(ok));
});

it('gives a client 20 s for its headers and 60 s for the whole request by default', async () => {
  const server = await listen(express(), 0, '127.0.0.1');
  expect({ headers: server.headersTimeout, request: server.requestTimeout }).toEqual({
    headers: 20_000,
    request: 60_000,
  });
  await new Promise((ok) => server.close(ok));
});

it('ends a request whose body trickles in past the request timeout', async () => {
  const app = express();
  app.post('/', express.json(), (_req, res) => {
    res.json({ ok: true });
  });
  const server = await listen(app, 0, '127.0.0.1', { headersTimeoutMs: 200, requestTimeoutMs: 400, checkEveryMs: 50 });
  const { port: listening } = server.address() as { port: number };
  const socket = connect(listening, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk.toString()));
  socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
  const trickle = setInterval(() => socket.write(' '), 100);
  const outcome = await Promise.race([
    new Promise<string>((ok) => socket.on('close', () => ok('closed'))),
    new Promise<string>((ok) => setTimeout(() => ok('still open'), 3_000)),
  ]);
  clearInterval(trickle);
  socket.destroy();
  await new Promise((ok) => server.close(ok));
  expect(outcome).toBe('closed');
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
});
