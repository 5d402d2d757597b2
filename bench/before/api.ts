// The filing as the API made it before the one-call filing, for the bench's before/after: every request
// looks its key up, the two bodies one after the other, the register before and after the
// Temporal call, and answers `under_review` whatever the case's status. Only POST /v1/complaints.
// Run as its own process like api/main.ts (same environment), so its CPU is counted apart.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import express from 'express';
import { fileComplaint } from '../../api/complaint-client';
import { ApiError, errorHandler } from '../../api/errors';
import { listen } from '../../api/listen';
import { rateLimitPerKey } from '../../api/protection';
import { complaintIdFor } from '../../api/routes/complaints';
import { parseBody } from '../../api/validation';
import { findApiKey, type ApiKey } from '../../db/api-keys';
import { findBody } from '../../db/bodies';
import { createDb, type Db } from '../../db/database';
import { PostgresRateLimitStore } from '../../db/rate-limit-store';
import { almatyDate } from '../../domain/calendar';
import { complaintInputSchema, powerOfAttorneyIssues, type ComplaintInput } from '../../domain/complaint';
import { procedureSettingsOf, readConfig } from '../../platform/config';
import { dataConverterFrom } from '../../platform/data-converter';
import { readTemporalProfile } from '../../platform/temporal-profile';

async function filedBefore(db: Db, complaintId: string, complaint: ComplaintInput): Promise<boolean> {
  const filed = await db.selectFrom('complaints').select('input').where('id', '=', complaintId).executeTakeFirst();
  if (filed && !isDeepStrictEqual(filed.input, JSON.parse(JSON.stringify(complaint))))
    throw new ApiError(409, 'idempotency_key_reused', 'this Idempotency-Key was sent before with another complaint');
  return filed !== undefined;
}

async function main(): Promise<void> {
  const config = readConfig();
  const temporal = readTemporalProfile();
  const db = createDb(config.DATABASE_URL!);
  const connection = await Connection.connect(temporal.connectionOptions);
  const client = new Client({ connection, namespace: temporal.namespace, dataConverter: dataConverterFrom(config) });
  const app = express();
  app.post(
    '/v1/complaints',
    async (req, _res, next) => {
      const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
      const key: ApiKey | undefined = match ? await findApiKey(db, match[1]) : undefined;
      if (!key) throw new ApiError(401, 'unauthenticated', 'the API key is not valid');
      req.principal = { ...key };
      next();
    },
    rateLimitPerKey(config.RATE_LIMIT_PER_MINUTE, new PostgresRateLimitStore(db)),
    express.json({ limit: '256kb', strict: true }),
    async (req, res) => {
      const complaint = parseBody(complaintInputSchema, req.body);
      const receivedAt = new Date();
      if (powerOfAttorneyIssues(complaint, almatyDate(receivedAt)).length)
        throw new ApiError(422, 'validation_failed', 'the power of attorney is not in force');
      if (!(await findBody(db, complaint.addressedTo)) || !(await findBody(db, complaint.respondent.bodyId)))
        throw new ApiError(422, 'unknown_body', 'the complaint names a body that is not registered');
      const idempotencyKey = req.get('idempotency-key');
      const complaintId = idempotencyKey ? complaintIdFor(req.principal!.id, idempotencyKey) : randomUUID();
      const known = idempotencyKey !== undefined && (await filedBefore(db, complaintId, complaint));
      const {
        complaintChecked: _checked,
        status: _status,
        ...receipt
      } = await fileComplaint(client, {
        complaintId,
        complaint,
        receivedAt,
        filedBy: req.principal!.id,
        ...procedureSettingsOf(config),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
      });
      if (idempotencyKey !== undefined && !known) await filedBefore(db, complaintId, complaint);
      res
        .status(201)
        .location(`/v1/complaints/${complaintId}`)
        .json({ id: complaintId, status: 'under_review', ...receipt });
    },
  );
  app.use(errorHandler(() => undefined));
  await listen(app, config.PORT, '127.0.0.1');
  process.stdout.write(`[api] listening on ${config.PORT} (filing as before the one-call filing)\n`);
  process.on('SIGTERM', () => process.exit(0));
}

main().catch((err) => {
  process.stderr.write(`[api-before] FAILED: ${err?.stack ?? err}\n`);
  process.exit(1);
});
