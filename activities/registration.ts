import { ApplicationFailure } from '@temporalio/activity';
import { findBodies } from '../db/bodies';
import { workingCalendar } from '../db/calendar';
import type { Db } from '../db/database';
import type { Body, ReviewStageRow } from '../db/schema';
import { caseChannelAndForm, findRegisteredStage, insertRegisteredStage } from '../db/registration';
import type { Actor } from '../domain/actor';
import { calendarCovers, registrationDate, reviewDeadline, type WorkingCalendar } from '../domain/calendar';
import { answerPlaceText, answerRoute, filingPlaceText } from '../domain/answer-place';
import {
  complainantIdOf,
  formOf,
  type BodyKind,
  type Channel,
  type ComplaintInput,
  type Form,
} from '../domain/complaint';
import { REDIRECTION_WORKING_DAYS } from '../domain/complaint-rules';
import type { StageRegistration } from '../domain/case';

export interface RegisterComplaintRequest {
  complaintId: string;
  workflowId: string;
  stage: number;
  bodyId: string;
  receivedAt: string;
  receivedBy: string | null;
  /** The complaint itself, with the first stage only. */
  complaint?: ComplaintInput;
  filedBy?: string;
  /** Who asked for this stage: the complainant's portal or the intake that filed it (R9). */
  escalatedBy?: Actor;
  /** R1: the body that forwarded the complaint here as the competent one, and its official. */
  redirectedFrom?: { bodyId: string; by?: Actor };
}

/**
 * Registration (R3, R4): in one statement (db/registration.ts) the incoming number `<code>-<year>-<NNNNNN>` (per
 * body and year, gap-free), the review stage with its deadline and the receipt, the case row and
 * the marks `delivered` and `registered`. A retry finds the stage already there and returns it.
 */
export async function registerComplaint(db: Db, req: RegisterComplaintRequest): Promise<StageRegistration> {
  // The body and the calendar from short-lived copies (db/bodies.ts, db/calendar.ts): a filing
  // reads neither from PostgreSQL while they are fresh.
  const body = (await findBodies(db, [req.bodyId])).get(req.bodyId);
  if (!body) throw ApplicationFailure.nonRetryable(`unknown body ${req.bodyId}`, 'UnknownBody');
  try {
    return await oneAtATimeAt(body.id, () => registerStage(db, req, body));
  } catch (err) {
    // A retry of a registration that was committed (its answer lost) fails on a primary key and
    // rolls back, number too: the stage already there is the answer.
    if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
    const existing = await registeredStage(db, req, body);
    if (!existing) throw err;
    return existing;
  }
}

const UNIQUE_VIOLATION = '23505';

const registeringAt = new Map<string, Promise<unknown>>();

/**
 * Registrations at one body one at a time in this process: they wait for each other on the
 * body's counter row anyway, and here they wait without holding a database connection (a burst
 * at one body would otherwise take the whole pool and time out waiting for it).
 */
function oneAtATimeAt<T>(bodyId: string, run: () => Promise<T>): Promise<T> {
  const mine = (registeringAt.get(bodyId) ?? Promise.resolve()).then(run);
  const settled = mine.catch(() => undefined);
  registeringAt.set(bodyId, settled);
  void settled.then(() => {
    if (registeringAt.get(bodyId) === settled) registeringAt.delete(bodyId);
  });
  return mine;
}

/** The stage as registered before, for a retry. */
async function registeredStage(
  db: Db,
  req: RegisterComplaintRequest,
  body: Body,
): Promise<StageRegistration | undefined> {
  const existing = await findRegisteredStage(db, req.complaintId, req.stage);
  if (existing) {
    const redirectableUntil =
      req.stage === 1
        ? reviewDeadline(existing.registered_on, REDIRECTION_WORKING_DAYS, await workingCalendar(db)).endsAt
        : undefined;
    return toRegistration(existing, body, existing.channel, { redirectableUntil, redirectedFrom: req.redirectedFrom });
  }
  return undefined;
}

async function registerStage(db: Db, req: RegisterComplaintRequest, body: Body): Promise<StageRegistration> {
  const { channel, form } = req.complaint
    ? { channel: req.complaint.channel, form: formOf(req.complaint.channel) }
    : await caseChannelAndForm(db, req.complaintId);
  const termBy = (calendar: WorkingCalendar) => {
    const registeredOn = registrationDate(new Date(req.receivedAt), calendar);
    const { lastDay, endsAt } = reviewDeadline(registeredOn, body.review_term_days, calendar);
    // A term counted by the rule-based fallback is marked, and recounted once the year is loaded.
    return { calendar, registeredOn, endsAt, calendarHasData: calendarCovers(registeredOn, lastDay, calendar) };
  };
  let term = termBy(await workingCalendar(db));
  // A year loaded through another process since the copy was made would not be recounted for
  // this case (the recount signal may have gone out before it existed): read it afresh.
  if (!term.calendarHasData) term = termBy(await workingCalendar(db, { fresh: true }));
  const { calendar, registeredOn, endsAt, calendarHasData } = term;
  // R1: the addressed body may forward the complaint to the competent one within 3 working days.
  const redirectableUntil =
    req.stage === 1 ? reviewDeadline(registeredOn, REDIRECTION_WORKING_DAYS, calendar).endsAt : undefined;

  const marks = { complaintId: req.complaintId, stage: req.stage };
  const stageRow = await insertRegisteredStage(db, {
    complaintId: req.complaintId,
    stage: req.stage,
    body,
    receivedAt: req.receivedAt,
    registeredOn,
    deadline: endsAt,
    calendarHasData,
    receivedBy: req.receivedBy,
    // The stored place is English; the receipt prints it in Kazakh or Russian from the same rule.
    answerPlace: answerPlaceText(
      answerRoute(channel as Channel, form as Form),
      { name: body.name_ru, postalAddress: body.postal_address },
      'en',
    ),
    newCase: req.complaint
      ? {
          workflowId: req.workflowId,
          channel,
          form,
          complainantId: complainantIdOf(req.complaint),
          filedBy: req.filedBy ?? null,
          input: JSON.stringify(req.complaint),
        }
      : undefined,
    marks: [
      {
        ...marks,
        key: `s${req.stage}-delivered`,
        kind: 'delivered',
        mark: 'delivered',
        at: req.receivedAt,
        data: {
          bodyId: body.id,
          ...(req.escalatedBy ? { by: req.escalatedBy } : {}),
          ...(req.redirectedFrom
            ? {
                redirectedFrom: req.redirectedFrom.bodyId,
                ...(req.redirectedFrom.by ? { by: req.redirectedFrom.by } : {}),
              }
            : {}),
        },
      },
      {
        ...marks,
        key: `s${req.stage}-registered`,
        kind: 'registered',
        mark: 'registered',
        at: new Date(),
        data: {
          bodyId: body.id,
          registeredOn,
          deadline: endsAt.toISOString(),
          ...(calendarHasData ? {} : { calendarHasData }),
        },
      },
    ],
  });
  return toRegistration(stageRow, body, channel, { redirectableUntil, redirectedFrom: req.redirectedFrom });
}

function toRegistration(
  row: ReviewStageRow,
  body: Body,
  channel: string,
  r1: { redirectableUntil?: Date; redirectedFrom?: { bodyId: string } },
): StageRegistration {
  const filingPlace =
    row.stage === 1
      ? filingPlaceText[channel as Channel].en
      : r1.redirectedFrom
        ? `forwarded by ${r1.redirectedFrom.bodyId} as the competent body`
        : 'escalation to the quality-control body';
  return {
    complaintId: row.complaint_id,
    stage: row.stage,
    bodyId: body.id,
    bodyKind: body.kind as BodyKind,
    canExtend: body.can_extend,
    escalatesTo: body.escalates_to,
    reviewTermDays: row.review_term_days,
    incomingNumber: row.incoming_number,
    registeredOn: row.registered_on,
    receivedBy: row.received_by,
    deadline: new Date(row.deadline).toISOString(),
    calendarHasData: row.calendar_has_data,
    answerPlace: row.answer_place,
    filingPlace,
    ...(r1.redirectableUntil ? { redirectableUntil: r1.redirectableUntil.toISOString() } : {}),
  };
}
