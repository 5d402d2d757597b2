// Messages of the complaint workflow, importable by the workflow and by the API client alike.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  ActedOn,
  AnswerHandOverRecord,
  CaseState,
  CaseStatus,
  DecisionRecord,
  EscalationRequest,
  ExtensionRecord,
  Receipt,
} from '../domain/case';
import type {
  AnswerHandOver,
  Assignment,
  CourtReferral,
  Decision,
  Extension,
  Redirection,
  Withdrawal,
} from '../domain/complaint';

export function complaintWorkflowId(complaintId: string): string {
  return `complaint-${complaintId}`;
}

export const getCase = defineQuery<CaseState>('getCase');

/** What a filing sends with its wait for the receipt: the digest of the complaint it carries. */
export interface FilingCheck {
  complaintDigest: string;
}

/** The first stage's receipt and the case's status now (a repeated filing may find it decided or closed). */
export interface FilingAnswer extends Receipt {
  status: CaseStatus;
  /** Whether the workflow compared the digests; a case started without one (before they existed) cannot. */
  complaintChecked: boolean;
}

/**
 * Waits for registration of the first stage: lets the API answer POST with the receipt. Refused
 * (`IdempotencyKeyReused`) when the filing's digest is not the digest the case was started with.
 */
export const registrationReceipt = defineUpdate<FilingAnswer, [FilingCheck?]>('registrationReceipt');
// Each action: the request body, then what it was taken on and by whom (ActedOn).
export const assign = defineUpdate<CaseState, [Assignment, ActedOn]>('assign');
export const extend = defineUpdate<ExtensionRecord, [Extension, ActedOn]>('extend');
export const decide = defineUpdate<DecisionRecord, [Decision, ActedOn]>('decide');
/** R8: the paper answer handed over at the office, or its collection refused: a delivery of the answer. */
export const handOverAnswer = defineUpdate<AnswerHandOverRecord, [AnswerHandOver, ActedOn]>('handOverAnswer');
/** R1: forwarded to the competent body; answers with the receipt of its stage there (its own number and term). */
export const redirect = defineUpdate<Receipt, [Redirection, ActedOn]>('redirect');
/** Answers with the receipt of the new review stage at the quality-control body (R9, R10). */
export const escalate = defineUpdate<Receipt, [EscalationRequest, ActedOn]>('escalate');
export const referToCourt = defineUpdate<CaseState, [CourtReferral, ActedOn]>('referToCourt');
export const withdraw = defineUpdate<CaseState, [Withdrawal, ActedOn]>('withdraw');

/**
 * `npm run reconcile`: the decision the register recorded for a stage and the workflow does not hold
 * (a restore to a moment between the two writes); the workflow takes it as recorded (R8).
 */
export const adoptRecordedDecision = defineUpdate<DecisionRecord, [{ stage: number; decision: DecisionRecord }]>(
  'adoptRecordedDecision',
);

/** The post room has posted a letter (R12 "in writing"): its notification id. */
export const letterPosted = defineSignal<[{ notificationKey: string; postedAt: string }]>('letterPosted');

/** The post room recorded that a letter reached the complainant (R9, R13: the appeal window runs from it). */
export const letterDelivered = defineSignal<[{ notificationKey: string; deliveredAt: string }]>('letterDelivered');

/** A year of the official calendar was loaded (PUT /v1/calendar/:year): a term counted without it is recounted. */
export const calendarLoaded = defineSignal<[{ year: number }]>('calendarLoaded');
