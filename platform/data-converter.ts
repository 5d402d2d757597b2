import type { DataConverter } from '@temporalio/common';
import type { Config } from './config';
import { aesGcmCodec, payloadKeysFrom } from './payload-codec';

/** Bundled into the workflow code too (`bundleWorkflowCode({ failureConverterPath })`). */
export const FAILURE_CONVERTER_PATH = require.resolve('../workflows/failure-converter');

/** The same converter for the worker, the API's client and the history endpoint. */
export function dataConverterFrom(config: Pick<Config, 'PAYLOAD_KEYS' | 'PAYLOAD_KEY_ID'>): DataConverter {
  const keys = payloadKeysFrom(config.PAYLOAD_KEYS, config.PAYLOAD_KEY_ID);
  return { failureConverterPath: FAILURE_CONVERTER_PATH, ...(keys ? { payloadCodecs: [aesGcmCodec(keys)] } : {}) };
}
