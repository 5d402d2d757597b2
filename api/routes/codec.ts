import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { requireRole } from '../auth';
import { codecRequestSchema, runCodecs } from '../codec-payloads';
import { fromZodError } from '../errors';

// The codec endpoint for auditors' tools (`temporal … --codec-endpoint …/v1/codec --codec-auth
// 'Bearer <key>'`): payloads as stored in, decoded out. Auditors only. The Temporal UI of
// `npm start` uses the loopback codec listener instead (api/ui-codec-server.ts).
export function codecRoutes(client: Client): Router {
  const router = Router();
  const codecs = client.options.loadedDataConverter.payloadCodecs;
  for (const direction of ['decode', 'encode'] as const) {
    router.post(`/codec/${direction}`, requireRole('auditor'), async (req, res) => {
      const parsed = codecRequestSchema.safeParse(req.body);
      if (!parsed.success) throw fromZodError(parsed.error);
      res.json(await runCodecs(codecs, direction, parsed.data));
    });
  }
  return router;
}
