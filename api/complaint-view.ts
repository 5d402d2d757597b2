import type { ComplaintRecord, EarlierCase } from '../db/complaints';
import type { ComplaintRow } from '../db/schema';
import type { z } from 'zod';
import type { caseStatus } from './contract/responses';

/** The register keeps a status as text; what it holds is one of the contract's. */
type CaseStatusName = z.infer<typeof caseStatus>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A case in the list: the register columns, without the complainant's personal data. */
export function complaintSummary(c: ComplaintRow & { repeatOf: EarlierCase[] }) {
  return {
    id: c.id,
    status: c.status as CaseStatusName,
    channel: c.channel,
    form: c.form,
    stage: c.stage,
    reviewingBodyId: c.reviewing_body_id,
    incomingNumber: c.incoming_number,
    registeredOn: c.registered_on,
    deadline: iso(c.deadline),
    overdue: c.overdue,
    calendarHasData: c.calendar_has_data,
    extendedDays: c.extended_days,
    assignedTo: c.assigned_to,
    outcome: c.outcome,
    decidedAt: iso(c.decided_at),
    closedAt: iso(c.closed_at),
    receivedAt: iso(c.received_at),
    repeatOf: c.repeatOf.map((e) => ({ ...e, status: e.status as CaseStatusName })),
    links: { self: `/v1/complaints/${c.id}` },
  };
}

/**
 * R7, R9: the appeal that opened this stage at the quality-control body (its reasons, demands and
 * signature, who sent it and when), or null for a stage no appeal opened. An appeal sent before
 * appeals carried reasons and demands shows its `reason` only.
 */
function appealView(c: ComplaintRecord, stage: number) {
  const appeal = c.appeals.find((a) => a.stage === stage);
  if (!appeal) return null;
  const { reasons, demands, signature, reason, by, fromStage } = appeal.data;
  return {
    escalatedAt: appeal.at.toISOString(),
    fromStage,
    ...(reasons !== undefined ? { reasons, demands, signature } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(by !== undefined ? { by } : {}),
  };
}

/** The case as the API shows it: the list's summary, the complaint as filed and its stages. */
export function complaintView(c: ComplaintRecord) {
  // R9, R13: the current stage's window, once its answer is delivered: the last day and its end.
  const current = c.appealWindows.get(c.stage);
  return {
    ...complaintSummary(c),
    appealDeadline: current?.appealDeadline ?? null,
    appealWindowEndsAt: current?.appealWindowEndsAt ?? null,
    complaint: c.input as Record<string, unknown>,
    stages: c.stages.map((s) => ({
      stage: s.stage,
      bodyId: s.body_id,
      incomingNumber: s.incoming_number,
      registeredOn: s.registered_on,
      reviewTermDays: s.review_term_days,
      deadline: iso(s.deadline),
      receivedBy: s.received_by,
      answerPlace: s.answer_place,
      extendedDays: s.extended_days,
      overdue: s.overdue,
      calendarHasData: s.calendar_has_data,
      decision: s.decision as Record<string, unknown> | null,
      appeal: appealView(c, s.stage),
      appealDeadline: c.appealWindows.get(s.stage)?.appealDeadline ?? null,
      appealWindowEndsAt: c.appealWindows.get(s.stage)?.appealWindowEndsAt ?? null,
    })),
    links: {
      self: `/v1/complaints/${c.id}`,
      timeline: `/v1/complaints/${c.id}/timeline`,
      receipt: `/v1/complaints/${c.id}/receipt`,
      caseFile: `/v1/complaints/${c.id}/case-file`,
    },
  };
}
