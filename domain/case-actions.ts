/**
 * The case actions, each declared once: its request schema, who may take it, its HTTP route, the
 * refusals its rule can answer, the timeline event it records and, for an official's action, the
 * fields of its form on the case page. Everything else is made from these entries: the contract
 * and the router's handlers (api/contract/case-routes.ts, api/routes/case-actions.ts), the
 * workflow's updates and their validators (workflows/complaint-messages.ts, workflows/complaint.ts),
 * and the pages' forms (api/pages/action-forms.ts). The rule that allows an action is its entry in
 * `ACTION_RULES` (domain/case-rules.ts), the change it makes a method of the same name on
 * `ComplaintCase` (workflows/complaint-case.ts), its page words in api/pages/texts.ts.
 *
 * One name per action everywhere: the workflow update's name, which saved histories hold and so
 * cannot change, is also the API's operationId and the page form's address. The HTTP path is the
 * resource the action creates (`/v1/complaints/{id}/decision`), as the published contract has it.
 */
import type { z } from 'zod';
import type { Actor } from './actor';
import type {
  AnswerHandOverRecord,
  CaseState,
  DecisionRecord,
  EscalationRequest,
  ExtensionRecord,
  Receipt,
} from './case';
import { CASE_ACTIONS, type CaseAction, type RefusalKind } from './case-rules';
import type {
  AnswerHandOver,
  Assignment,
  CourtReferral,
  Decision,
  Extension,
  Redirection,
  Withdrawal,
} from './complaint';
import {
  REFUSAL_GROUNDS,
  answerHandOverSchema,
  assignmentSchema,
  courtReferralSchema,
  decisionSchema,
  escalationSchema,
  extensionSchema,
  redirectionSchema,
  withdrawalSchema,
} from './complaint';

/**
 * Each case action's request and what the workflow answers it with: the workflow's updates, the
 * API's handlers and the rules are typed from this one map.
 */
export interface CaseActionTypes {
  assign: { request: Assignment; result: CaseState };
  extend: { request: Extension; result: ExtensionRecord };
  redirect: { request: Redirection; result: Receipt };
  decide: { request: Decision; result: DecisionRecord };
  handOverAnswer: { request: AnswerHandOver; result: AnswerHandOverRecord };
  escalate: { request: EscalationRequest; result: Receipt };
  referToCourt: { request: CourtReferral; result: CaseState };
  withdraw: { request: Withdrawal; result: CaseState };
}

/** A field of an action's form on the case page; its label is the action's words (api/pages/texts.ts). */
export type FormField =
  | { kind: 'text'; name: string; required?: boolean; maxLength?: number }
  | { kind: 'textarea'; name: string; rows: number; required?: boolean; minLength?: number; maxLength?: number }
  /** A whole number up to what is left of the R11 days on the stage. */
  | { kind: 'extensionDays'; name: string }
  /** `bodies`: the other registered bodies, by name in the reader's language. */
  | { kind: 'select'; name: string; options: readonly string[] | 'bodies'; blank?: boolean; required?: boolean };

export interface CaseActionDeclaration<A extends CaseAction = CaseAction> {
  name: A;
  /** The request body, as JSON or as a page form's fields. */
  schema: z.ZodType<CaseActionTypes[A]['request']>;
  /** The schema's name in the contract. */
  schemaName: string;
  roles: readonly Actor['role'][];
  /** Under `/v1/complaints/{id}/`. */
  path: string;
  summary: string;
  /** The refusals its rule (and the API's own check) can answer, besides those of every action. */
  refusals: readonly RefusalKind[];
  /** The timeline events it may record (R4), also what back-office systems hear of it. */
  events: readonly string[];
  /** An official's action has a form on the case page. */
  form?: readonly FormField[];
}

/** Refused by every action's rule: not now, or the case moved on since the caller saw it. */
export const EVERY_ACTION_REFUSES: readonly RefusalKind[] = ['TransitionNotAllowed', 'StageChanged', 'UnstorableValue'];

export const CASE_ACTION_DECLARATIONS: { [A in CaseAction]: CaseActionDeclaration<A> } = {
  assign: {
    name: 'assign',
    schema: assignmentSchema,
    schemaName: 'Assignment',
    roles: ['official'],
    path: 'assignment',
    summary: 'Assign to an official: mark in_execution (R4)',
    refusals: [],
    events: ['assigned'],
    form: [{ kind: 'text', name: 'officialName', required: true, maxLength: 200 }],
  },
  extend: {
    name: 'extend',
    schema: extensionSchema,
    schemaName: 'Extension',
    roles: ['official'],
    path: 'extension',
    summary: 'Extend the review term (R11), notice within 3 working days (R12)',
    refusals: [],
    events: ['extended'],
    form: [
      { kind: 'select', name: 'reason', options: ['additional_study_or_inspection', 'additional_information'] },
      { kind: 'extensionDays', name: 'workingDays' },
      { kind: 'textarea', name: 'explanation', rows: 3, maxLength: 2000 },
    ],
  },
  redirect: {
    name: 'redirect',
    schema: redirectionSchema,
    schemaName: 'Redirection',
    roles: ['official'],
    path: 'redirection',
    summary:
      'Forward to the competent body within 3 working days of receipt, with the reason (R1): the complainant is told; the competent body registers it with its own number and term',
    refusals: ['RedirectionTooLate', 'RedirectionTargetInvalid'],
    events: ['redirected'],
    form: [
      { kind: 'select', name: 'toBodyId', options: 'bodies', required: true },
      { kind: 'textarea', name: 'reason', rows: 3, required: true, minLength: 10 },
    ],
  },
  decide: {
    name: 'decide',
    schema: decisionSchema,
    schemaName: 'Decision',
    roles: ['official'],
    path: 'decision',
    summary: 'Decide with a reasoned answer (R8)',
    refusals: ['SignatoryMismatch', 'ForwardInsteadOfRefusing'],
    events: ['decided'],
    form: [
      {
        kind: 'select',
        name: 'outcome',
        options: ['satisfied', 'partially_satisfied', 'rejected', 'refused_to_review'],
      },
      { kind: 'select', name: 'refusalGround', options: REFUSAL_GROUNDS, blank: true },
      { kind: 'textarea', name: 'reasoning', rows: 6, required: true, minLength: 10 },
    ],
  },
  handOverAnswer: {
    name: 'handOverAnswer',
    schema: answerHandOverSchema,
    schemaName: 'AnswerHandOver',
    roles: ['official'],
    path: 'answer-handover',
    summary:
      'The paper answer handed over at the office, or the complainant refused to collect it (R8): the answer is delivered and the appeal window starts',
    refusals: [],
    events: ['answer_handed_over', 'answer_refused_to_collect'],
    form: [
      { kind: 'select', name: 'outcome', options: ['handed_over', 'refused_to_collect'] },
      { kind: 'select', name: 'recipient.role', options: ['complainant', 'representative'], blank: true },
      { kind: 'text', name: 'recipient.identityDocument', maxLength: 200 },
      { kind: 'textarea', name: 'note', rows: 2, maxLength: 2000 },
    ],
  },
  escalate: {
    name: 'escalate',
    schema: escalationSchema,
    schemaName: 'Escalation',
    roles: ['portal', 'intake'],
    path: 'escalation',
    summary:
      'Appeal to the quality-control body (R9, R10): a complaint with its reasons and demands (R7), signed as its channel requires (EDS through the portal); answers with the receipt of the new stage',
    refusals: ['AppealSignature'],
    events: ['escalated'],
  },
  referToCourt: {
    name: 'referToCourt',
    schema: courtReferralSchema,
    schemaName: 'CourtReferral',
    roles: ['portal', 'intake'],
    path: 'court-referral',
    summary:
      'Declare referral to court; the case closes (R13). On a case closed after the appeal window the referral is recorded (the court decides on its terms), with the link to the case file',
    refusals: [],
    events: ['referred_to_court'],
  },
  withdraw: {
    name: 'withdraw',
    schema: withdrawalSchema,
    schemaName: 'Withdrawal',
    roles: ['portal', 'intake'],
    path: 'withdrawal',
    summary: 'Withdraw before a decision',
    refusals: [],
    events: ['withdrawn'],
  },
};

/** The declarations in the order of CASE_ACTIONS. */
export const caseActionDeclarations = (): CaseActionDeclaration[] =>
  CASE_ACTIONS.map((name) => CASE_ACTION_DECLARATIONS[name] as CaseActionDeclaration);

/** The officials' actions that have a form on the case page. */
export const PAGE_ACTIONS: readonly CaseAction[] = CASE_ACTIONS.filter((a) => CASE_ACTION_DECLARATIONS[a].form);
