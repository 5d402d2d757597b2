// Messages of the complaint workflow, importable by the workflow and by the API client alike.
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { CASE_ACTIONS, type CaseAction } from '../domain/case-rules';
import type { ActedOn, CaseState, CaseStatus, DecisionRecord, Receipt } from '../domain/case';
import type { CaseActionTypes } from '../domain/case-actions';

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
/**
 * Each case action is an update of its own name (domain/case-actions.ts): the request, then the
 * stage and body it was taken on and by whom (ActedOn), answered with what the workflow recorded.
 */
export type CaseActionUpdate<A extends CaseAction> = UpdateDefinition<
  CaseActionTypes[A]['result'],
  [CaseActionTypes[A]['request'], ActedOn],
  A
>;
export const caseActionUpdates = Object.fromEntries(CASE_ACTIONS.map((name) => [name, defineUpdate(name)])) as {
  [A in CaseAction]: CaseActionUpdate<A>;
};
export const { assign, extend, redirect, decide, handOverAnswer, escalate, referToCourt, withdraw } = caseActionUpdates;

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
