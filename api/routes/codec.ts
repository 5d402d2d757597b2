import type { RequestHandler } from 'express';
import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import type { Handlers } from '../contract/route';
import { fromZodError } from '../errors';

// The codec endpoint of the Temporal UI (`--ui-codec-endpoint http://…/v1/codec`): the UI posts
// payloads as stored and shows them decoded. Open to auditors only.
export const payloadsSchema = z.strictObject({
  payloads: z.array(z.strictObject({
    metadata: z.record(z.string(), z.string()).optional(),
    data: z.string().optional(),
  })).max(1000),
});

type JsonPayload = z.infer<typeof payloadsSchema>['payloads'][number];

const fromJson = (p: JsonPayload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

export function codecHandlers(client: Client): Handlers<'decodePayloads' | 'encodePayloads'> {
  const codecs = client.options.loadedDataConverter.payloadCodecs;
  const handler = (direction: 'decode' | 'encode'): RequestHandler =>
    async (req, res) => {
      const parsed = payloadsSchema.safeParse(req.body);
      if (!parsed.success) throw fromZodError(parsed.error);
      let payloads: Payload[] = parsed.data.payloads.map(fromJson);
      const chain = direction === 'decode' ? [...codecs].reverse() : codecs;
      for (const codec of chain) payloads = await codec[direction](payloads);
      res.json({ payloads: payloads.map(toJson) });
    };
  return { decodePayloads: handler('decode'), encodePayloads: handler('encode') };
}
