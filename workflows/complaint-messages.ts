// Messages of the complaint workflow, importable by the workflow and by the API client alike.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../domain/actor';
import type {
  Assignment,
  BodyKind,
  ComplaintInput,
  CourtReferral,
  Decision,
  Escalation,
  Extension,
  Withdrawal,
} from '../domain/complaint';

export const TASK_QUEUE = 'complaints';

export function complaintWorkflowId(complaintId: string): string {
  return `complaint-${complaintId}`;
}

export interface FileComplaintInput {
  complaintId: string;
  complaint: ComplaintInput;
  /** When the complaint reached the office, portal or post room (ISO instant). */
  receivedAt: string;
  /** API key id of the intake system that filed it. */
  filedBy?: string;
  /** Days a complainant has after the answer is delivered to escalate or go to court (when no months are given). */
  appealWindowDays: number;
  /** Calendar months from the delivery of the answer (R9, R13): the law's term; wins over days. */
  appealWindowMonths?: number;
  /** A digest of `complaint` (api/complaint-client.ts): a repeated Idempotency-Key must carry the same one. */
  complaintDigest?: string;
}

/** `not_registered`: the complaint could not be stored (text the register refuses); nothing was filed. */
export type CaseStatus =
  'registering' | 'under_review' | 'decided' | 'closed' | 'withdrawn' | 'referred_to_court' | 'not_registered';

/**
 * What an action was taken on and by whom, set by the API from the register's view of the case
 * and the caller's key (never from a request body). The workflow refuses an action whose stage
 * or body is no longer the current one (issue 16: a first-stage action never lands on a later stage).
 */
export interface ActedOn {
  stage: number;
  bodyId: string;
  actor: Actor;
}

/** The receipt of R3: number, date, who accepted it, the term and the place of the answer. */
export interface Receipt {
  complaintId: string;
  stage: number;
  bodyId: string;
  incomingNumber: string;
  registeredOn: string;
  receivedBy: string | null;
  deadline: string;
  answerPlace: string;
  /** Where the complaint was filed: a video conference through the portal, a video appeal at a State Corporation branch (R5). */
  filingPlace: string;
}

export interface StageRegistration extends Receipt {
  bodyKind: BodyKind;
  canExtend: boolean;
  escalatesTo: string | null;
  reviewTermDays: number;
}

export interface ExtensionRecord extends Extension {
  number: number;
  by?: Actor;
  at: string;
  deadline: string;
  noticeDueBy: string;
  noticeSentAt?: string;
  noticeBreached?: boolean;
}

export interface DecisionRecord extends Decision {
  decidedAt: string;
  /** The official who signed it: the person of the key (decidedBy is their signature). */
  signedBy?: Actor;
}

export interface ReviewStage extends StageRegistration {
  extendedDays: number;
  extensions: ExtensionRecord[];
  overdue: boolean;
  assignedTo?: string;
  assignedBy?: Actor;
  decision?: DecisionRecord;
  /** Letters of the answer awaiting the post room (paper form); empty when none. */
  answerLetters?: string[];
  /** When the answer reached the complainant, and the end of the appeal window that runs from it (R9, R13). */
  answerDeliveredAt?: string;
  appealWindowEndsAt?: string;
  escalation?: Escalation & { at: string; by?: Actor };
}

export interface CaseState {
  complaintId: string;
  status: CaseStatus;
  channel: ComplaintInput['channel'];
  form: 'paper' | 'electronic';
  stages: ReviewStage[];
  courtReferral?: CourtReferral & { at: string; by?: Actor };
  withdrawal?: Withdrawal & { at: string; by?: Actor };
  closedAt?: string;
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
/** Answers with the receipt of the new review stage at the quality-control body (R9, R10). */
export const escalate = defineUpdate<Receipt, [Escalation, ActedOn]>('escalate');
export const referToCourt = defineUpdate<CaseState, [CourtReferral, ActedOn]>('referToCourt');
export const withdraw = defineUpdate<CaseState, [Withdrawal, ActedOn]>('withdraw');

/** The post room has posted a letter (R12 "in writing"): its notification id. */
export const letterPosted = defineSignal<[{ notificationKey: string; postedAt: string }]>('letterPosted');
