import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { PayloadCodec } from '@temporalio/common';
import { codecCors } from './codec-cors';
import { codecRequestSchema, runCodecs } from './codec-payloads';

/**
 * The codec for the dev server's Temporal UI (npm start), which sends no credential: decode only,
 * listening on 127.0.0.1 only, answering only requests addressed to a loopback host name (against
 * DNS rebinding) and CORS only to the UI's origins. Who can reach it can already read the SQLite
 * file and the key in the same data directory; docs/DECISIONS.md "Encryption on by default".
 */
export async function startUiCodecServer(options: {
  codecs: PayloadCodec[];
  uiOrigins: string[];
  port?: number;
}): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  let port = 0;
  app.use((req, res, next) => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.status(421).json({ error: 'misdirected_request' });
      return;
    }
    next();
  });
  app.use(codecCors(options.uiOrigins));
  app.use(express.json({ limit: '4mb' }));
  app.post('/codec/decode', async (req, res) => {
    const parsed = codecRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_payloads' });
      return;
    }
    try {
      res.json(await runCodecs(options.codecs, 'decode', parsed.data));
    } catch {
      res.status(422).json({ error: 'undecodable_payload' });
    }
  });
  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  const server: Server = await new Promise((ok, fail) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', () => ok(s));
    s.on('error', fail);
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/codec`,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
