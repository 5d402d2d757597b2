import type { Client } from '@temporalio/client';
import type { ApiHandlers } from '../contract';
import { runCodecs } from '../codec-payloads';
import { ApiError } from '../errors';

// The codec endpoint for auditors' tools (`temporal … --codec-endpoint …/v1/codec --codec-auth
// 'Bearer <key>'`): payloads as stored in, decoded out. Auditors only (api/contract). Encoding
// passes payloads through unsealed: no caller may seal payloads with the live key. The Temporal UI
// of `npm start` decodes through its own endpoint instead (api/temporal-ui-proxy.ts).
export function codecHandlers(client: Client): ApiHandlers<'decodePayloads' | 'encodePayloads'> {
  const codecs = client.options.loadedDataConverter.payloadCodecs;
  return {
    decodePayloads: async ({ body }) => {
      try {
        return await runCodecs(codecs, 'decode', body);
      } catch {
        // Ciphertext that does not open (garbage, a forged tag, a key id no key has) is the
        // caller's: a 422 that names no payload and logs nothing of it (not the key id it gave).
        throw new ApiError(422, 'undecodable_payload', 'a payload could not be decoded: not one this server encrypted');
      }
    },
    encodePayloads: ({ body }) => body,
  };
}
