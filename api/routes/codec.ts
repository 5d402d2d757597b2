import type { RequestHandler } from 'express';
import type { Client } from '@temporalio/client';
import type { Handlers } from '../contract/route';
import { codecRequestSchema, runCodecs } from '../codec-payloads';
import { ApiError, fromZodError } from '../errors';

// The codec endpoint for auditors' tools (`temporal … --codec-endpoint …/v1/codec --codec-auth
// 'Bearer <key>'`): payloads as stored in, decoded out. Auditors only (api/contract). Encoding
// passes payloads through unsealed: no caller may seal payloads with the live key. The Temporal UI
// of `npm start` decodes through its own endpoint instead (api/temporal-ui-proxy.ts).
export function codecHandlers(client: Client): Handlers<'decodePayloads' | 'encodePayloads'> {
  const codecs = client.options.loadedDataConverter.payloadCodecs;
  const decode: RequestHandler = async (req, res) => {
    const parsed = codecRequestSchema.safeParse(req.body);
    if (!parsed.success) throw fromZodError(parsed.error);
    let decoded;
    try {
      decoded = await runCodecs(codecs, 'decode', parsed.data);
    } catch {
      // Ciphertext that does not open (garbage, a forged tag, a key id no key has) is the
      // caller's: a 422 that names no payload and logs nothing of it (not the key id it gave).
      throw new ApiError(422, 'undecodable_payload', 'a payload could not be decoded: not one this server encrypted');
    }
    res.json(decoded);
  };
  const passThrough: RequestHandler = (req, res) => {
    const parsed = codecRequestSchema.safeParse(req.body);
    if (!parsed.success) throw fromZodError(parsed.error);
    res.json(parsed.data);
  };
  return { decodePayloads: decode, encodePayloads: passThrough };
}
