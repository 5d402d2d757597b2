import type { RequestHandler } from 'express';
import type { Client } from '@temporalio/client';
import type { Handlers } from '../contract/route';
import { codecRequestSchema, runCodecs } from '../codec-payloads';
import { fromZodError } from '../errors';

// The codec endpoint for auditors' tools (`temporal … --codec-endpoint …/v1/codec --codec-auth
// 'Bearer <key>'`): payloads as stored in, decoded out. Auditors only (api/contract). The Temporal UI of
// `npm start` decodes through its own endpoint instead (api/temporal-ui-proxy.ts).
export function codecHandlers(client: Client): Handlers<'decodePayloads' | 'encodePayloads'> {
  const codecs = client.options.loadedDataConverter.payloadCodecs;
  const handler =
    (direction: 'decode' | 'encode'): RequestHandler =>
    async (req, res) => {
      const parsed = codecRequestSchema.safeParse(req.body);
      if (!parsed.success) throw fromZodError(parsed.error);
      res.json(await runCodecs(codecs, direction, parsed.data));
    };
  return { decodePayloads: handler('decode'), encodePayloads: handler('encode') };
}
