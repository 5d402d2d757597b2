import { loadWorkingCalendar } from '../db/calendar';
import { updateCase } from '../db/complaints';
import type { Db } from '../db/database';
import { findStageWithBody, updateStageAndCase } from '../db/review-stages';
import { appendEvent, hasEvent, hasMark } from '../db/timeline';
import type { Actor } from '../domain/actor';
import { almatyDate, appealWindowEnd, calendarCovers, lastDayOfTerm, reviewDeadline } from '../domain/calendar';
import type { ComplaintInput, Decision, ExtensionReason } from '../domain/complaint';
import type { CaseStatus, DecisionRecord } from '../domain/case';
import { complainantRecipients, queueNotifications } from './notifications';

export interface ExtendReviewRequest {
  complaintId: string;
  stage: number;
  number: number;
  reason: ExtensionReason;
  workingDays: number;
  explanation?: string;
  at: string;
  /** The current deadline (end of its last working day). */
  deadline: string;
  /** Who extended it. */
  by?: Actor;
}

/** R9, R13: after a body with a quality-control body above it, that body; after the last stage, court. */
const nextStepAfter = (ctx: { escalates_to: string | null }) =>
  (ctx.escalates_to ? 'quality_control' : 'court') as 'quality_control' | 'court';

/** R9: the quality-control body above, by name and address, for the advice on where to appeal. */
const appealBodyOf = (ctx: {
  above_name_kk: string | null;
  above_name_ru: string | null;
  above_postal_address: string | null;
}) => ({
  appealBodyNameKk: ctx.above_name_kk ?? undefined,
  appealBodyNameRu: ctx.above_name_ru ?? undefined,
  appealBodyAddress: ctx.above_postal_address ?? undefined,
});

/**
 * R11/R12: moves the deadline by the working days asked, from the end of the current term, and
 * queues the notice with the reasons; it is due within 3 working days of the extension.
 */
export async function extendReview(db: Db, req: ExtendReviewRequest) {
  const calendar = await loadWorkingCalendar(db);
  const { lastDay, endsAt: deadline } = reviewDeadline(lastDayOfTerm(req.deadline), req.workingDays, calendar);
  const { endsAt: noticeDueBy } = reviewDeadline(almatyDate(new Date(req.at)), 3, calendar);
  const ctx = await findStageWithBody(db, req.complaintId, req.stage);
  const calendarHasData = calendarCovers(ctx.registered_on, lastDay, calendar);
  const key = `s${req.stage}-extension-${req.number}`;
  const notificationKeys = await db.transaction().execute(async (trx) => {
    if (!(await hasEvent(trx, req.complaintId, key))) {
      await updateStageAndCase(trx, req.complaintId, req.stage, {
        kind: 'extended',
        deadline,
        workingDays: req.workingDays,
        calendarHasData,
      });
      await appendEvent(trx, {
        complaintId: req.complaintId,
        stage: req.stage,
        key,
        kind: 'extended',
        at: req.at,
        data: {
          reason: req.reason,
          workingDays: req.workingDays,
          explanation: req.explanation,
          deadline: deadline.toISOString(),
          noticeDueBy: noticeDueBy.toISOString(),
          by: req.by,
          ...(calendarHasData ? {} : { calendarHasData }),
        },
      });
    }
    return queueNotifications(
      trx,
      req.complaintId,
      key,
      'extension_notice',
      complainantRecipients(ctx.form, ctx.input as ComplaintInput),
      {
        incomingNumber: ctx.incoming_number,
        bodyNameKk: ctx.name_kk,
        bodyNameRu: ctx.name_ru,
        deadline: lastDayOfTerm(deadline),
        workingDays: req.workingDays,
        reason: req.reason,
        explanation: req.explanation,
      },
      req.at,
    );
  });
  return {
    deadline: deadline.toISOString(),
    noticeDueBy: noticeDueBy.toISOString(),
    notificationKeys,
    calendarHasData,
  };
}

/**
 * R8, R10: a term is counted again once its year's official calendar is loaded or corrected: the
 * stage's working days (its term plus extensions) from its registration date. An unchanged term
 * changes nothing; a changed one is written with a `deadline_recounted` entry, and an overdue
 * stage whose new end is still ahead is overdue no more.
 */
export async function recountDeadline(db: Db, req: { complaintId: string; stage: number; at: string }) {
  const calendar = await loadWorkingCalendar(db);
  const ctx = await findStageWithBody(db, req.complaintId, req.stage);
  const { lastDay, endsAt } = reviewDeadline(ctx.registered_on, ctx.review_term_days + ctx.extended_days, calendar);
  const calendarHasData = calendarCovers(ctx.registered_on, lastDay, calendar);
  const before = new Date(ctx.deadline).toISOString();
  const deadline = endsAt.toISOString();
  const overdueCleared = ctx.overdue && endsAt.getTime() > Date.parse(req.at);
  if (before !== deadline || calendarHasData !== ctx.calendar_has_data || overdueCleared) {
    await db.transaction().execute(async (trx) => {
      await updateStageAndCase(trx, req.complaintId, req.stage, {
        kind: 'recounted',
        deadline,
        calendarHasData,
        overdueCleared,
      });
      await appendEvent(trx, {
        complaintId: req.complaintId,
        stage: req.stage,
        key: `s${req.stage}-recounted-${deadline}-${calendarHasData}`,
        kind: 'deadline_recounted',
        at: req.at,
        data: { from: before, deadline, calendarHasData, ...(overdueCleared ? { overdueCleared } : {}) },
      });
    });
  }
  return { deadline, calendarHasData, overdueCleared };
}

/**
 * Past the deadline with no decision: the case is overdue and the complainant told (R9). The head
 * is alerted by the body's daily digest (activities/overdue-digest.ts, R1), not case by case.
 */
export async function markOverdue(db: Db, req: { complaintId: string; stage: number; at: string }) {
  const ctx = await findStageWithBody(db, req.complaintId, req.stage);
  const key = `s${req.stage}-overdue`;
  const params = {
    incomingNumber: ctx.incoming_number,
    bodyNameKk: ctx.name_kk,
    bodyNameRu: ctx.name_ru,
    deadline: lastDayOfTerm(ctx.deadline),
    nextStep: nextStepAfter(ctx),
    ...appealBodyOf(ctx),
  };
  const notificationKeys = await db.transaction().execute(async (trx) => {
    await updateStageAndCase(trx, req.complaintId, req.stage, { kind: 'overdue' });
    await appendEvent(trx, {
      complaintId: req.complaintId,
      stage: req.stage,
      key,
      kind: 'overdue',
      at: req.at,
      data: { deadline: new Date(ctx.deadline).toISOString() },
    });
    return queueNotifications(
      trx,
      req.complaintId,
      key,
      'overdue_notice',
      complainantRecipients(ctx.form, ctx.input as ComplaintInput),
      params,
      req.at,
    );
  });
  return { notificationKeys };
}

export interface AssignmentRequest {
  complaintId: string;
  stage: number;
  officialName: string;
  at: string;
  by?: Actor;
}

export async function recordAssignment(db: Db, req: AssignmentRequest) {
  await db.transaction().execute(async (trx) => {
    await updateCase(trx, req.complaintId, { assigned_to: req.officialName });
    await appendEvent(trx, {
      complaintId: req.complaintId,
      stage: req.stage,
      key: `s${req.stage}-assigned-${req.at}`,
      kind: 'assigned',
      mark: 'in_execution',
      at: req.at,
      data: { officialName: req.officialName, by: req.by },
    });
  });
}

export interface RecordDecisionRequest {
  complaintId: string;
  stage: number;
  decision: DecisionRecord;
  /** The case's appeal window (R9, R13), named in the answer. */
  appealWindow?: { months?: number; days: number };
}

/** R8: the reasoned answer, delivered by the complaint's form; marks `answered` or `refused` (R4). */
export async function recordDecision(db: Db, req: RecordDecisionRequest) {
  const { decision } = req;
  const ctx = await findStageWithBody(db, req.complaintId, req.stage);
  const appealTerm = await appealTermOf(db, ctx.form, decision.decidedAt, req.appealWindow);
  const key = `s${req.stage}-answer`;
  const notificationKeys = await db.transaction().execute(async (trx) => {
    await updateStageAndCase(trx, req.complaintId, req.stage, { kind: 'decided', decision });
    // R4: an answered case shows the execution mark before the answer, assigned or not.
    if (decision.outcome !== 'refused_to_review') {
      if (!(await hasMark(trx, req.complaintId, req.stage, 'in_execution'))) {
        await appendEvent(trx, {
          complaintId: req.complaintId,
          stage: req.stage,
          key: `s${req.stage}-in-execution`,
          kind: 'in_execution',
          mark: 'in_execution',
          at: decision.decidedAt,
        });
      }
    }
    await appendEvent(trx, {
      complaintId: req.complaintId,
      stage: req.stage,
      key: `s${req.stage}-decided`,
      kind: 'decided',
      mark: decision.outcome === 'refused_to_review' ? 'refused' : 'answered',
      at: decision.decidedAt,
      data: {
        outcome: decision.outcome,
        reasoning: decision.reasoning,
        refusalGround: decision.refusalGround,
        decidedBy: decision.decidedBy,
        signedBy: decision.signedBy,
      } satisfies Decision & { signedBy?: Actor },
    });
    return queueNotifications(
      trx,
      req.complaintId,
      key,
      'answer',
      complainantRecipients(ctx.form, ctx.input as ComplaintInput),
      {
        incomingNumber: ctx.incoming_number,
        bodyNameKk: ctx.name_kk,
        bodyNameRu: ctx.name_ru,
        ...decision,
        nextStep: nextStepAfter(ctx),
        ...appealBodyOf(ctx),
        ...appealTerm,
      },
      decision.decidedAt,
    );
  });
  return { notificationKeys };
}

/**
 * R9, R13: an electronic answer is delivered with the decision, so its notice names the last day
 * of the window (counted as workflows/case-stages.ts counts it); a posted answer's window runs from
 * its receipt, a day not known when the letter is printed, so the letter names the months.
 */
async function appealTermOf(db: Db, form: string, decidedAt: string, window?: { months?: number; days: number }) {
  if (!window) return {};
  if (form === 'electronic') {
    const { lastDay } = appealWindowEnd(new Date(decidedAt), window, await loadWorkingCalendar(db));
    return { appealDeadline: lastDay };
  }
  return window.months ? { appealMonthsFromReceipt: window.months } : {};
}

export interface CloseCaseRequest {
  complaintId: string;
  stage: number;
  status: CaseStatus;
  at: string;
  courtReferral?: Record<string, unknown>;
  withdrawal?: Record<string, unknown>;
  /** The note of a withdrawal or court referral could not be stored: closed without it. */
  noteNotStored?: boolean;
}

/** The case ends: closed after the appeal window, withdrawn, or referred to court (R13). */
export async function closeCase(db: Db, req: CloseCaseRequest) {
  await db.transaction().execute(async (trx) => {
    await updateCase(trx, req.complaintId, { status: req.status, closed_at: req.at });
    await appendEvent(trx, {
      complaintId: req.complaintId,
      stage: req.stage,
      key: `closed-${req.status}`,
      kind: req.status,
      at: req.at,
      data: req.noteNotStored ? { noteNotStored: true } : (req.courtReferral ?? req.withdrawal ?? {}),
    });
  });
}
