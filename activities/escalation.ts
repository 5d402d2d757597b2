import type { Db } from '../db/database';
import { findRedirectionContext } from '../db/redirection';
import { appendEvent } from '../db/timeline';
import type { Actor } from '../domain/actor';
import { lastDayOfTerm } from '../domain/calendar';
import type { EscalationRequest } from '../domain/case';
import type { ComplaintInput } from '../domain/complaint';
import { complainantRecipients, queueNotifications } from './notifications';

export interface RecordEscalationRequest {
  complaintId: string;
  /** The stage whose answer (or silence) is appealed, and the quality-control body's stage that registered the appeal. */
  fromStage: number;
  toStage: number;
  /** The appeal as the complainant sent it (R7): reasons, demands, signature; an older one has a `reason` only. */
  appeal: EscalationRequest;
  at: string;
  by?: Actor;
}

/**
 * R7, R9: the appeal is a complaint, so it is on the timeline of the quality-control body's stage
 * (`escalated`: its reasons, demands and signature, and who sent it), where that body's official
 * and the case file for court read it. R3: the complainant is told the stage's incoming number
 * and term in the complaint's form, as a letter from the post room for a paper complaint and in
 * the personal cabinet for an electronic one. Once however often it is retried.
 */
export async function recordEscalation(db: Db, req: RecordEscalationRequest): Promise<{ notificationKeys: string[] }> {
  const ctx = await findRedirectionContext(db, req.complaintId, req.fromStage, req.toStage);
  const key = `s${req.toStage}-escalated`;
  const { reasons, demands, signature, reason } = req.appeal;
  return db.transaction().execute(async (trx) => {
    await appendEvent(trx, {
      complaintId: req.complaintId,
      stage: req.toStage,
      key,
      kind: 'escalated',
      at: req.at,
      data: {
        fromStage: req.fromStage,
        fromIncomingNumber: ctx.fromNumber,
        incomingNumber: ctx.toNumber,
        ...(reasons !== undefined ? { reasons } : {}),
        ...(demands !== undefined ? { demands } : {}),
        ...(signature !== undefined ? { signature } : {}),
        ...(reason !== undefined ? { reason } : {}),
        ...(req.by ? { by: req.by } : {}),
      },
    });
    const notificationKeys = await queueNotifications(
      trx,
      req.complaintId,
      key,
      'escalation_receipt',
      complainantRecipients(ctx.form, ctx.input as ComplaintInput),
      {
        incomingNumber: ctx.fromNumber,
        bodyNameKk: ctx.toNameKk,
        bodyNameRu: ctx.toNameRu,
        newIncomingNumber: ctx.toNumber,
        deadline: lastDayOfTerm(ctx.toDeadline),
      },
      req.at,
    );
    return { notificationKeys };
  });
}
