import { createServer, type Server } from 'node:net';
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
