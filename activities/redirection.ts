import type { Db } from '../db/database';
import { findRedirectionContext } from '../db/redirection';
import { appendEvent } from '../db/timeline';
import type { Actor } from '../domain/actor';
import { lastDayOfTerm } from '../domain/calendar';
import type { ComplaintInput } from '../domain/complaint';
import { complainantRecipients, queueNotifications } from './notifications';

export interface RecordRedirectionRequest {
  complaintId: string;
  /** The stage at the body that forwarded it, and the stage the competent body registered. */
  fromStage: number;
  toStage: number;
  toBodyId: string;
  reason: string;
  at: string;
  by?: Actor;
}

/**
 * R1: the hand-off on the timeline of the forwarding stage (`redirected`, with the reason and who
 * forwarded it), and the complainant's notice in the complaint's form: where it went, its number
 * and term there, and why. Once however often it is retried.
 */
export async function recordRedirection(
  db: Db,
  req: RecordRedirectionRequest,
): Promise<{ notificationKeys: string[] }> {
  const ctx = await findRedirectionContext(db, req.complaintId, req.fromStage, req.toStage);
  const key = `s${req.fromStage}-redirected`;
  const notificationKeys = await db.transaction().execute(async (trx) => {
    await appendEvent(trx, {
      complaintId: req.complaintId,
      stage: req.fromStage,
      key,
      kind: 'redirected',
      at: req.at,
      data: {
        toBodyId: req.toBodyId,
        toStage: req.toStage,
        incomingNumber: ctx.toNumber,
        reason: req.reason,
        ...(req.by ? { by: req.by } : {}),
      },
    });
    return queueNotifications(
      trx,
      req.complaintId,
      key,
      'redirection_notice',
      complainantRecipients(ctx.form, ctx.input as ComplaintInput),
      {
        incomingNumber: ctx.fromNumber,
        bodyNameKk: ctx.fromNameKk,
        bodyNameRu: ctx.fromNameRu,
        toBodyNameKk: ctx.toNameKk,
        toBodyNameRu: ctx.toNameRu,
        newIncomingNumber: ctx.toNumber,
        deadline: lastDayOfTerm(ctx.toDeadline),
        reason: req.reason,
      },
      req.at,
    );
  });
  return { notificationKeys };
}
