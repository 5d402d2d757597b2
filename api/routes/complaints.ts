import { createHash, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import { findBodies } from '../../db/bodies';
import { almatyDate } from '../../domain/calendar';
import { arrivalProblem } from '../../domain/arrival-day';
import { workingCalendar } from '../../db/calendar';
import type { Db } from '../../db/database';
import { timelineOf } from '../../db/timeline';
import { filedComplaintInput } from '../../db/complaints';
import { powerOfAttorneyIssues, type ComplaintInput } from '../../domain/complaint';
import { complaintWorkflowId, type FilingAnswer } from '../../workflows/complaint-messages';
import type { CaseState } from '../../domain/case';
import type { ProcedureSettings } from '../../domain/procedure-settings';
import { visibleComplaint } from '../access';
import { fileComplaint } from '../complaint-client';
import { complaintView } from '../complaint-view';
import { withKeyIdsFor } from '../key-ids';
import type { ApiHandlers } from '../contract';
import { Answer } from '../contract/route';
import { ApiError, fromZodError } from '../errors';
import type { ApiMetrics } from '../metrics';
import { toTransitionError } from '../refusal-errors';

export interface ComplaintRoutesOptions {
  db: Db;
  client: Client;
  taskQueue: string;
  /** The procedure's settings each new complaint carries in its workflow input. */
  procedure: ProcedureSettings;
  metrics: ApiMetrics;
}

const idempotencyKeySchema = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII only'),
});

/** A stable complaint id per intake key and Idempotency-Key: one complaint however often it is sent. */
export function complaintIdFor(keyId: string, idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return randomUUID();
  const parsed = idempotencyKeySchema.safeParse({ 'idempotency-key': idempotencyKey });
  if (!parsed.success) throw fromZodError(parsed.error, 'headers');
  const h = createHash('sha256').update(`${keyId}\n${idempotencyKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A repeated Idempotency-Key stands for the same complaint; one filed under it with another
 * complaint is a 409. The workflow compares digests; this register read is for cases it cannot
 * (closed ones, and ones started before digests existed).
 */
async function refuseAnotherComplaint(db: Db, complaintId: string, complaint: ComplaintInput): Promise<void> {
  const filed = await filedComplaintInput(db, complaintId);
  if (filed !== undefined && !isDeepStrictEqual(filed, JSON.parse(JSON.stringify(complaint))))
    throw idempotencyKeyReused();
}

function idempotencyKeyReused(
  message = 'this Idempotency-Key was sent before with another complaint; a new complaint needs a new key',
): ApiError {
  return new ApiError(409, 'idempotency_key_reused', message, [
    { path: 'headers.idempotency-key', message: 'already used for another complaint' },
  ]);
}

/** The answer to a repeated filing whose case has completed: its first receipt and final status. */
async function answerFromClosedCase(
  client: Client,
  db: Db,
  complaintId: string,
  complaint: ComplaintInput,
): Promise<FilingAnswer> {
  const state: CaseState = await client.workflow.getHandle(complaintWorkflowId(complaintId)).result();
  const first = state.stages[0];
  if (!first) throw new ApiError(422, 'unstorable_value', 'the complaint could not be registered');
  await refuseAnotherComplaint(db, complaintId, complaint);
  const { stage, bodyId, incomingNumber, registeredOn, receivedBy, deadline, answerPlace, filingPlace } = first;
  return {
    complaintId,
    stage,
    bodyId,
    incomingNumber,
    registeredOn,
    receivedBy,
    deadline,
    answerPlace,
    filingPlace,
    status: state.status,
    complaintChecked: true,
  };
}

/**
 * When the complaint arrived (R3, R8): now, or the day an intake states for a paper complaint it
 * records later, which the register's date, the term and the power of attorney then count from.
 */
async function arrivalOf(db: Db, complaint: ComplaintInput, repeatOf: string | undefined): Promise<Date> {
  const now = new Date();
  if (complaint.receivedAt === undefined) return now;
  const receivedAt = new Date(complaint.receivedAt);
  const problem = arrivalProblem(receivedAt, now, await workingCalendar(db));
  // A retry of a filing registered when its arrival was in bounds gets its receipt, not a 422.
  const registered = async () =>
    repeatOf !== undefined &&
    isDeepStrictEqual(await filedComplaintInput(db, repeatOf), JSON.parse(JSON.stringify(complaint)));
  if (problem && !(await registered())) {
    throw new ApiError(422, 'validation_failed', 'the stated arrival cannot be accepted', [
      { path: 'body.receivedAt', message: problem },
    ]);
  }
  return receivedAt;
}

export function complaintHandlers({
  db,
  client,
  taskQueue,
  procedure,
  metrics,
}: ComplaintRoutesOptions): ApiHandlers<'fileComplaint' | 'getComplaint' | 'getTimeline'> {
  return {
    fileComplaint: async ({ body: complaint, principal, header }) => {
      const idempotencyKey = header('idempotency-key');
      const complaintId = complaintIdFor(principal.id, idempotencyKey);
      const receivedAt = await arrivalOf(db, complaint, idempotencyKey === undefined ? undefined : complaintId);
      const lapsed = powerOfAttorneyIssues(complaint, almatyDate(receivedAt));
      if (lapsed.length) {
        throw new ApiError(
          422,
          'validation_failed',
          'the power of attorney is not in force on the day the complaint arrived',
          lapsed.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message })),
        );
      }
      // Both bodies in one lookup, from a short-lived copy (db/bodies.ts): no read while it is fresh.
      const bodies = await findBodies(db, [complaint.addressedTo, complaint.respondent.bodyId]);
      const unknown = [];
      if (!bodies.has(complaint.addressedTo))
        unknown.push({ path: 'body.addressedTo', message: `no body ${complaint.addressedTo}` });
      if (!bodies.has(complaint.respondent.bodyId))
        unknown.push({ path: 'body.respondent.bodyId', message: `no body ${complaint.respondent.bodyId}` });
      if (unknown.length)
        throw new ApiError(422, 'unknown_body', 'the complaint names a body that is not registered', unknown);
      // One Temporal call: the workflow compares a repeated key's complaint by its digest and
      // answers with the receipt and the case's status now.
      const answer = await fileComplaint(client, {
        complaintId,
        complaint,
        receivedAt,
        filedBy: principal.id,
        ...procedure,
        taskQueue,
      }).catch((err) => {
        if (err instanceof WorkflowExecutionAlreadyStartedError)
          return answerFromClosedCase(client, db, complaintId, complaint);
        throw toTransitionError(err);
      });
      const { complaintChecked, status, ...receipt } = answer;
      if (!complaintChecked && idempotencyKey !== undefined) await refuseAnotherComplaint(db, complaintId, complaint);
      metrics.complaintsFiled.inc({ channel: complaint.channel });
      const answered = { id: complaintId, status, ...receipt, receiptUrl: `/v1/complaints/${complaintId}/receipt` };
      return new Answer(201, answered, { location: `/v1/complaints/${complaintId}` });
    },

    getComplaint: async ({ params, principal }) =>
      withKeyIdsFor(principal, complaintView(await visibleComplaint(db, principal, params.id))),

    getTimeline: async ({ params, principal }) => {
      const c = await visibleComplaint(db, principal, params.id);
      const events = await timelineOf(db, c.id);
      return withKeyIdsFor(principal, {
        complaintId: c.id,
        events: events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
      });
    },
  };
}
