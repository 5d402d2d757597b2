import type { DataConverter } from '@temporalio/common';
import type { Config } from './config';
import { aesGcmCodec, payloadKeysFrom } from './payload-codec';

/** The same converter for the worker, the API's client and the history endpoint. */
export function dataConverterFrom(config: Pick<Config, 'PAYLOAD_KEYS' | 'PAYLOAD_KEY_ID'>): DataConverter | undefined {
  const keys = payloadKeysFrom(config.PAYLOAD_KEYS, config.PAYLOAD_KEY_ID);
  return keys ? { payloadCodecs: [aesGcmCodec(keys)] } : undefined;
}
