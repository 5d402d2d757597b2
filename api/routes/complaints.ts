import { createHash, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Request, RequestHandler } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import { findBodies, findBody } from '../../db/bodies';
import { almatyDate } from '../../domain/calendar';
import { arrivalProblem } from '../../domain/arrival-day';
import { workingCalendar } from '../../db/calendar';
import type { Db } from '../../db/database';
import { timelineOf } from '../../db/timeline';
import { filedComplaintInput, recordCourtReferralOfClosedCase, type ComplaintRecord } from '../../db/complaints';
import { namesPerson, signatureOf, type Actor } from '../../domain/actor';
import {
  answerHandOverSchema,
  assignmentSchema,
  complaintInputSchema,
  powerOfAttorneyIssues,
  courtReferralSchema,
  type ComplaintInput,
  type CourtReferral,
  decisionSchema,
  escalationSchema,
  extensionSchema,
  redirectionSchema,
  signatureMethodProblem,
  withdrawalSchema,
  type Channel,
} from '../../domain/complaint';
import { courtReferralRecordedAfterClosing, redirectionTargetProblem } from '../../domain/case-rules';
import {
  assign,
  complaintWorkflowId,
  decide,
  escalate,
  extend,
  handOverAnswer,
  redirect,
  referToCourt,
  withdraw,
  type FilingAnswer,
} from '../../workflows/complaint-messages';
import type { ActedOn, CaseState, CaseStatus } from '../../domain/case';
import { principalOf } from '../auth';
import { visibleComplaint } from '../access';
import { fileComplaint } from '../complaint-client';
import { complaintView } from '../complaint-view';
import { withKeyIdsFor } from '../key-ids';
import type { Handlers } from '../contract/route';
import { ApiError, fromZodError } from '../errors';
import type { ApiMetrics } from '../metrics';
import { parseBody } from '../validation';

export interface ComplaintRoutesOptions {
  db: Db;
  client: Client;
  taskQueue: string;
  appealWindowDays: number;
  appealWindowMonths?: number;
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

type ComplaintOperation =
  | 'fileComplaint'
  | 'getComplaint'
  | 'getTimeline'
  | 'assignComplaint'
  | 'extendReview'
  | 'decideComplaint'
  | 'handOverAnswer'
  | 'redirectComplaint'
  | 'escalateComplaint'
  | 'referToCourt'
  | 'withdrawComplaint';

export function complaintHandlers({
  db,
  client,
  taskQueue,
  appealWindowDays,
  appealWindowMonths,
  metrics,
}: ComplaintRoutesOptions): Handlers<ComplaintOperation> {
  const file: RequestHandler = async (req, res) => {
    const complaint = parseBody(complaintInputSchema, req.body);
    const principal = principalOf(req);
    const idempotencyKey = req.get('idempotency-key');
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
      appealWindowDays,
      appealWindowMonths,
      taskQueue,
    }).catch((err) => {
      if (err instanceof WorkflowExecutionAlreadyStartedError)
        return answerFromClosedCase(client, db, complaintId, complaint);
      throw toTransitionError(err);
    });
    const { complaintChecked, status, ...receipt } = answer;
    if (!complaintChecked && idempotencyKey !== undefined) await refuseAnotherComplaint(db, complaintId, complaint);
    metrics.complaintsFiled.inc({ channel: complaint.channel });
    res
      .status(201)
      .location(`/v1/complaints/${complaintId}`)
      .json({ id: complaintId, status, ...receipt, receiptUrl: `/v1/complaints/${complaintId}/receipt` });
  };

  const getComplaint: RequestHandler = async (req, res) => {
    res.json(withKeyIdsFor(principalOf(req), complaintView(await visibleComplaint(db, req, String(req.params.id)))));
  };

  const getTimeline: RequestHandler = async (req, res) => {
    const c = await visibleComplaint(db, req, String(req.params.id));
    const events = await timelineOf(db, c.id);
    res.json(
      withKeyIdsFor(principalOf(req), {
        complaintId: c.id,
        events: events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
      }),
    );
  };

  // Officials act on cases under review at their own body; complainants (portal) and the intake
  // that filed a case appeal, go to court or withdraw. Each action is a workflow update whose
  // validator refuses an illegal transition (409) before anything is written.
  // The stage and body come from the register's view of the case the caller was allowed to act
  // on, the actor from the caller's key: never from the request body (issues 11 and 16).
  const workflowOf = async (req: Request) => {
    const c = await visibleComplaint(db, req, req.params.id as string);
    const { id: keyId, role, person } = principalOf(req);
    if (role === 'official' && !person) {
      throw new ApiError(
        403,
        'key_without_person',
        'this official key is not issued to a named person; ask for a key made with --name and --position',
      );
    }
    const actor: Actor = { keyId, role, ...(person ? { person } : {}) };
    const on: ActedOn = { stage: c.stage, bodyId: c.reviewing_body_id, actor };
    return { handle: client.workflow.getHandle(complaintWorkflowId(c.id)), on, channel: c.channel, c };
  };
  const act =
    (run: (req: Request) => Promise<unknown>): RequestHandler =>
    async (req, res) => {
      try {
        res.json(withKeyIdsFor(principalOf(req), await run(req)));
      } catch (err) {
        throw toTransitionError(err);
      }
    };

  const referClosedCase = async (c: ComplaintRecord, body: CourtReferral, on: ActedOn) => {
    const at = new Date();
    const courtReferral = { ...body, at: at.toISOString(), by: on.actor, afterAppealWindow: true };
    if (!(await recordCourtReferralOfClosedCase(db, c.id, c.stage, courtReferral, at))) {
      throw new ApiError(409, 'case_closed', 'the case is closed; no further action is possible');
    }
    return {
      complaintId: c.id,
      status: 'referred_to_court',
      closedAt: c.closed_at === null ? null : new Date(c.closed_at).toISOString(),
      courtReferral,
      links: { caseFile: `/v1/complaints/${c.id}/case-file` },
    };
  };

  return {
    fileComplaint: file,
    getComplaint,
    getTimeline,

    assignComplaint: act(async (req) => {
      const body = parseBody(assignmentSchema, req.body);
      const { handle, on } = await workflowOf(req);
      return handle.executeUpdate(assign, { args: [body, on] });
    }),
    extendReview: act(async (req) => {
      const body = parseBody(extensionSchema, req.body);
      const { handle, on } = await workflowOf(req);
      return handle.executeUpdate(extend, { args: [body, on] });
    }),
    decideComplaint: act(async (req) => {
      const body = parseBody(decisionSchema, req.body);
      const { handle, on } = await workflowOf(req);
      // The signatory is the key's person (SPEC): a decidedBy naming anyone else is refused.
      const person = on.actor.person!;
      if (body.decidedBy !== undefined && !namesPerson(body.decidedBy, person)) {
        throw new ApiError(
          422,
          'signatory_mismatch',
          `a decision taken with this key is signed by ${signatureOf(person)}`,
          [{ path: 'body.decidedBy', message: 'must name the person the API key was issued to, or be left out' }],
        );
      }
      return handle.executeUpdate(decide, { args: [body, on] });
    }),
    // R8: the paper answer handed over at the office, or its collection refused (a delivery).
    handOverAnswer: act(async (req) => {
      const body = parseBody(answerHandOverSchema, req.body);
      const { handle, on } = await workflowOf(req);
      return handle.executeUpdate(handOverAnswer, { args: [body, on] });
    }),
    // R1: forwarded to the competent body, which must be a registered body other than this one.
    redirectComplaint: act(async (req) => {
      const body = parseBody(redirectionSchema, req.body);
      const { handle, on } = await workflowOf(req);
      const target = await findBody(db, body.toBodyId);
      const problem = redirectionTargetProblem(on.bodyId, target, body.toBodyId);
      if (problem) {
        throw new ApiError(422, 'invalid_redirection_target', problem.message, [
          { path: 'body.toBodyId', message: problem.message },
        ]);
      }
      return handle.executeUpdate(redirect, { args: [body, on] });
    }),
    // R7, R9: the appeal is a complaint, signed as one of the channel it comes by: through the
    // portal by the EDS, through the intake that filed the case as the case's channel requires.
    escalateComplaint: act(async (req) => {
      const body = parseBody(escalationSchema, req.body);
      const { handle, on, channel } = await workflowOf(req);
      const appealChannel = on.actor.role === 'portal' ? 'portal' : (channel as Channel);
      const unsigned = signatureMethodProblem(appealChannel, body.signature, 'appeal');
      if (unsigned) {
        throw new ApiError(422, 'validation_failed', 'the appeal is not signed as its channel requires', [
          { path: 'body.signature.method', message: unsigned },
        ]);
      }
      return handle.executeUpdate(escalate, { args: [body, on] });
    }),
    referToCourt: act(async (req) => {
      const body = parseBody(courtReferralSchema, req.body);
      const { handle, on, c } = await workflowOf(req);
      // R13: after the appeal window the workflow has completed; the referral is recorded in the
      // register itself, and the case file is there for the court.
      if (courtReferralRecordedAfterClosing(c.status as CaseStatus)) return referClosedCase(c, body, on);
      return handle.executeUpdate(referToCourt, { args: [body, on] });
    }),
    withdrawComplaint: act(async (req) => {
      const body = parseBody(withdrawalSchema, req.body);
      const { handle, on } = await workflowOf(req);
      return handle.executeUpdate(withdraw, { args: [body, on] });
    }),
  };
}

/** How the workflow's refusals (validators, handlers) are answered. */
const REFUSALS: Record<string, [number, string]> = {
  StageChanged: [409, 'stage_changed'],
  SignatoryMismatch: [422, 'signatory_mismatch'],
  UnstorableValue: [422, 'unstorable_value'],
  RedirectionTooLate: [409, 'redirection_too_late'],
  RedirectionTargetInvalid: [422, 'invalid_redirection_target'],
  ForwardInsteadOfRefusing: [409, 'forward_to_competent_body'],
};

/** A validator's refusal, or a workflow that has already ended, is a 409 with the reason. */
function toTransitionError(err: unknown): unknown {
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause as { message?: string; type?: string } | undefined;
    if (cause?.type === 'IdempotencyKeyReused') return idempotencyKeyReused(cause.message);
    const [status, code] = REFUSALS[cause?.type ?? ''] ?? [409, 'transition_not_allowed'];
    return new ApiError(status, code, cause?.message ?? 'the action is not allowed now');
  }
  const name = (err as { name?: string })?.name;
  if (name === 'WorkflowNotFoundError' || /already completed/i.test(String((err as Error)?.message))) {
    return new ApiError(409, 'case_closed', 'the case is closed; no further action is possible');
  }
  return err;
}
