// The case as the workflow keeps it and the register mirrors it: the stages of review, what was
// done on each and by whom. Types only (no zod, no Temporal): the workflow, the activities, the
// API and the pages all read these shapes.
import type { Actor } from './actor';
import type {
  AnswerHandOver,
  BodyKind,
  ComplaintInput,
  CourtReferral,
  Decision,
  Escalation,
  Extension,
  Redirection,
  Withdrawal,
} from './complaint';

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
 * or body is no longer the current one (a first-stage action never lands on a later stage).
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
  /** False when the term was counted without the year's official calendar: it is recounted when the year is loaded. */
  calendarHasData?: boolean;
}

export interface StageRegistration extends Receipt {
  bodyKind: BodyKind;
  canExtend: boolean;
  escalatesTo: string | null;
  reviewTermDays: number;
  /** R1: until when the addressed body may forward the complaint to the competent one (first stage only). */
  redirectableUntil?: string;
}

/**
 * R7, R9: the appeal as the workflow takes it. The API sends its reasons, demands and signature
 * (domain/complaint.ts `escalationSchema`); an update sent before the appeal carried them (open
 * cases, saved histories) has at most a `reason`, and is still understood.
 */
export type EscalationRequest = Partial<Escalation> & { reason?: string };

export interface ExtensionRecord extends Extension {
  number: number;
  by?: Actor;
  at: string;
  deadline: string;
  noticeDueBy: string;
  noticeSentAt?: string;
  /** R12: when the notice was entered in the personal cabinet: an electronic notice is given then. */
  noticeInCabinetAt?: string;
  noticeBreached?: boolean;
}

export interface DecisionRecord extends Decision {
  decidedAt: string;
  /** The official who signed it: the person of the key (decidedBy is their signature). */
  signedBy?: Actor;
}

/** R8: the paper answer handed over at the office, or refused by the complainant; `at` is when. */
export interface AnswerHandOverRecord extends AnswerHandOver {
  at: string;
  recordedAt: string;
  by?: Actor;
}

export interface ReviewStage extends StageRegistration {
  extendedDays: number;
  extensions: ExtensionRecord[];
  overdue: boolean;
  assignedTo?: string;
  assignedBy?: Actor;
  decision?: DecisionRecord;
  /** The paper answer handed over at the office or refused (R8): a delivery like the posting of its letters. */
  answerHandOver?: AnswerHandOverRecord;
  /** Letters of the answer awaiting the post room (paper form); empty when none. */
  answerLetters?: string[];
  /** When the answer reached the complainant, and the end of the appeal window that runs from it (R9, R13). */
  answerDeliveredAt?: string;
  appealWindowEndsAt?: string;
  /** R9, R13: the last day of the appeal window (Almaty date), and the instant it runs from: the answer's receipt, or its presumed receipt. */
  appealDeadline?: string;
  appealWindowFrom?: string;
  /** The window runs from posting plus the postal allowance: the post room has not recorded the receipt. */
  receiptPresumed?: boolean;
  /** R9: the appeal to the quality-control body from this stage (the next stage registers it). */
  escalation?: EscalationRequest & { at: string; by?: Actor };
  /** R1: this stage's body forwarded the complaint to the competent body (the next stage). */
  redirection?: Redirection & { at: string; by?: Actor };
  /** R1: the body that forwarded the complaint here, when this stage came from a redirection. */
  redirectedFrom?: string;
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

/** The stage under review now (the last one registered), if any. */
export function currentStage(state: CaseState): ReviewStage | undefined {
  return state.stages[state.stages.length - 1];
}

/** The receipt of a stage (R3), as the API and the workflow hand it out. */
export function receiptOf(complaintId: string, s: ReviewStage): Receipt {
  return {
    complaintId,
    stage: s.stage,
    bodyId: s.bodyId,
    incomingNumber: s.incomingNumber,
    registeredOn: s.registeredOn,
    receivedBy: s.receivedBy,
    deadline: s.deadline,
    answerPlace: s.answerPlace,
    filingPlace: s.filingPlace,
    ...(s.calendarHasData !== undefined ? { calendarHasData: s.calendarHasData } : {}),
  };
}
