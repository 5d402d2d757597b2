import type { Client } from '@temporalio/client';
import { findBody } from '../../db/bodies';
import type { Db } from '../../db/database';
import { notificationsOfComplaint } from '../../db/notifications';
import { timelineOf } from '../../db/timeline';
import { archiveGapFoundAt } from '../../db/workflow-histories';
import type { ComplaintInput } from '../../domain/complaint';
import { visibleComplaint } from '../access';
import type { ApiHandlers } from '../contract';
import { Answer } from '../contract/route';
import { complaintView } from '../complaint-view';
import { withKeyIdsFor } from '../key-ids';
import { ApiError } from '../errors';
import { caseHistory } from '../history';
import { HTML_CSP } from '../html';
import { renderReceipt } from '../receipt';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The receipt (R3), the auditors' Temporal history and the case file for court (R13). */
export function complaintRecordHandlers(
  db: Db,
  client: Client,
): ApiHandlers<'getReceipt' | 'getHistory' | 'getCaseFile'> {
  return {
    getReceipt: async ({ params, query: { lang, stage: stageNo }, principal }) => {
      const complaint = await visibleComplaint(db, principal, params.id);
      const stage =
        stageNo === undefined
          ? complaint.stages[complaint.stages.length - 1]
          : complaint.stages.find((s) => s.stage === stageNo);
      if (!stage) throw new ApiError(404, 'stage_not_found', `the complaint has no review stage ${stageNo}`);
      const [reviewingBody, respondentBody, timeline] = await Promise.all([
        findBody(db, stage.body_id),
        findBody(db, (complaint.input as ComplaintInput).respondent.bodyId),
        stage.stage > 1 ? timelineOf(db, complaint.id) : Promise.resolve([]),
      ]);
      if (!reviewingBody) throw new Error(`body ${stage.body_id} of a registered stage is missing`);
      // R3 for a later stage: how the complaint reached this body (an appeal, or forwarded to it).
      const delivered = timeline.find((e) => e.stage === stage.stage && e.kind === 'delivered')?.data ?? {};
      const fromId = typeof delivered.redirectedFrom === 'string' ? delivered.redirectedFrom : undefined;
      const arrival =
        stage.stage > 1
          ? {
              redirectedFrom: fromId ? ((await findBody(db, fromId)) ?? { id: fromId }) : undefined,
              appealedBy: fromId ? undefined : (delivered.by as { role?: string } | undefined)?.role,
              appealChannel: typeof delivered.channel === 'string' ? delivered.channel : undefined,
            }
          : undefined;
      return new Answer(200, renderReceipt(lang, { complaint, stage, reviewingBody, respondentBody, arrival }), {
        contentType: 'html',
        headers: { 'Content-Security-Policy': HTML_CSP },
      });
    },

    getHistory: async ({ params, principal }) => {
      const complaint = await visibleComplaint(db, principal, params.id);
      const history = await caseHistory(client, db, complaint.id);
      if (history) return history;
      const gapFoundAt = await archiveGapFoundAt(db, complaint.id);
      throw new ApiError(
        404,
        'history_not_found',
        gapFoundAt
          ? `Temporal no longer held this case's history when the archiver reached it (${gapFoundAt.toISOString()}): the archive has a gap here`
          : "neither Temporal nor the archive holds this case's history",
      );
    },

    getCaseFile: async ({ params, principal: reader }) => {
      const complaint = await visibleComplaint(db, reader, params.id);
      const [timeline, notifications] = await Promise.all([
        timelineOf(db, complaint.id),
        notificationsOfComplaint(db, complaint.id),
      ]);
      const { stages, ...view } = complaintView(complaint);
      return withKeyIdsFor(reader, {
        generatedAt: new Date().toISOString(),
        complaint: view,
        stages,
        decisions: stages
          .filter((s) => s.decision !== null)
          .map((s) => ({
            stage: s.stage,
            bodyId: s.bodyId,
            incomingNumber: s.incomingNumber,
            ...(s.decision as object),
          })),
        timeline: timeline.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
        notifications: notifications.map((n) => ({
          key: n.notification_key,
          purpose: n.purpose,
          channel: n.channel,
          recipient: n.recipient,
          status: n.status,
          textKk: n.text_kk,
          textRu: n.text_ru,
          trackingNumber: n.tracking_number,
          createdAt: iso(n.created_at),
          sentAt: iso(n.sent_at),
        })),
      });
    },
  };
}
