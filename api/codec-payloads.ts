import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';

// The remote codec protocol of the Temporal UI and CLI: `POST …/decode` (or `/encode`) with
// `{ payloads: [{ metadata: { k: base64 }, data: base64 }] }`, answered in the same shape.
export const codecRequestSchema = z.strictObject({
  payloads: z
    .array(
      z.strictObject({
        metadata: z.record(z.string(), z.string()).optional(),
        data: z.string().optional(),
      }),
    )
    .max(1000)
    .default([]), // an empty list is sent as `{}` (protojson omits empty fields)
});

export type CodecRequest = z.output<typeof codecRequestSchema>;
type JsonPayload = CodecRequest['payloads'][number];
export type CodecDirection = 'decode' | 'encode';

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

/** Runs the codec chain one way: encode in order, decode in reverse. */
export async function runCodecs(
  codecs: PayloadCodec[],
  direction: CodecDirection,
  request: CodecRequest,
): Promise<CodecRequest> {
  let payloads = request.payloads.map(fromJson);
  const chain = direction === 'decode' ? [...codecs].reverse() : codecs;
  for (const codec of chain) payloads = await codec[direction](payloads);
  return { payloads: payloads.map(toJson) };
}
