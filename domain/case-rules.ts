/**
 * The case rules: which action the law allows on a case now, and what an allowed action makes of
 * it. Pure (no Temporal, no clock, no I/O): state and the time in, a refusal or a new record out.
 * `ACTION_RULES` holds the rule of each action: the workflow's update validators apply it to the
 * request (workflows/complaint-case.ts), the pages ask it without one to know what to offer.
 *
 * Stable interface for callers outside the workflow (the pages):
 *
 *   allowedActions(state: CaseState, now: Date | number, pending?: Pending): CaseAction[]
 *
 * lists, in the order of CASE_ACTIONS, the actions the law allows on the case's current stage at
 * `now`, as an official of that stage's body would take them. It checks what can be checked
 * without a request body (an extension is offered while any of the R11 days remain; the days
 * asked for and a decision's signatory are checked when the request comes). A case in no stage
 * yet, or closed, allows nothing.
 *
 * Every `may…` rule answers `undefined` (allowed) or a `Refusal` whose `kind` the API and the
 * pages answer as domain/refusal-answers.ts says, with the refusal's `message`.
 */
import { namesPerson, signatureOf, type Actor } from './actor';
import { currentStage, type CaseState, type DecisionRecord, type EscalationRequest, type ReviewStage } from './case';
import type { CaseActionTypes } from './case-actions';
import type { AnswerHandOver, Decision, Extension } from './complaint';
import { MAX_EXTENSION_WORKING_DAYS, REDIRECTION_WORKING_DAYS, signatureMethodProblem } from './complaint-rules';
import { findTextProblem } from './text-rules';

export const CASE_ACTIONS = [
  'assign',
  'extend',
  'redirect',
  'decide',
  'handOverAnswer',
  'escalate',
  'referToCourt',
  'withdraw',
] as const satisfies readonly (keyof CaseActionTypes)[];
export type CaseAction = (typeof CASE_ACTIONS)[number];

export type RefusalKind =
  | 'TransitionNotAllowed'
  | 'StageChanged'
  | 'SignatoryMismatch'
  | 'UnstorableValue'
  | 'RedirectionTooLate'
  | 'RedirectionTargetInvalid'
  | 'ForwardInsteadOfRefusing'
  | 'AppealSignature'
  | 'IdempotencyKeyReused';
export interface Refusal {
  kind: RefusalKind;
  message: string;
}

/**
 * A repeated Idempotency-Key stands for the same complaint: a filing whose complaint digest is
 * not the one the case was started with is refused (a case started without one cannot tell).
 */
export function sameComplaint(startedWith: string | undefined, sent: string | undefined): Refusal | undefined {
  if (!startedWith || !sent || startedWith === sent) return undefined;
  return {
    kind: 'IdempotencyKeyReused',
    message: 'this Idempotency-Key was sent before with another complaint; a new complaint needs a new key',
  };
}

/** The stage and body an action was taken on, and by whom (ActedOn without the actor for a page's view). */
export interface OnStage {
  stage: number;
  bodyId: string;
  actor?: Actor;
}

/** What the workflow knows beyond the state: a decision being written to the register right now. */
export interface Pending {
  decisionBeingRecorded?: boolean;
  /** A hand-over is being written to the register: the answer counts as delivered once it is. */
  handOverBeingRecorded?: boolean;
}

const refused = (message: string, kind: RefusalKind = 'TransitionNotAllowed'): Refusal => ({ kind, message });
const millis = (now: Date | number) => (typeof now === 'number' ? now : now.getTime());
const undecided = (state: CaseState) => state.status === 'under_review';

/** Text the register cannot store or a document must not print is refused, never retried. */
export function unstorableText(value: unknown, what = 'body'): Refusal | undefined {
  const bad = findTextProblem(value);
  return bad ? refused(`${what}${bad.path ? `.${bad.path}` : ''} ${bad.problem}`, 'UnstorableValue') : undefined;
}

/** R9: an escalation was asked for and the quality-control body's stage is not registered yet. */
export function escalationRequested(state: CaseState): boolean {
  return currentStage(state)?.escalation !== undefined;
}

/** R1: the complaint is being forwarded to the competent body; its stage there is not registered yet. */
export function redirectionRequested(state: CaseState): boolean {
  return currentStage(state)?.redirection !== undefined;
}

/**
 * An action is for the stage and body its caller saw in the register. Once the case has
 * moved on (an escalation or a redirection being registered, a later stage) it is refused, so a
 * first-stage official's action never lands on the next body's stage.
 */
export function stageChanged(state: CaseState, on: OnStage | undefined): Refusal | undefined {
  const s = currentStage(state);
  if (!s || !on) return refused('the action names no review stage');
  const escalating = escalationRequested(state);
  const forwarding = s.redirection;
  if (escalating || forwarding || on.stage !== s.stage || on.bodyId !== s.bodyId) {
    const where = escalating
      ? 'is being escalated to the quality-control body'
      : forwarding
        ? `is being forwarded to ${forwarding.toBodyId}`
        : `is at review stage ${s.stage} at ${s.bodyId}`;
    return refused(`this action was for review stage ${on.stage} at ${on.bodyId}; the case ${where}`, 'StageChanged');
  }
  return undefined;
}

/** R4 "execution": an official is assigned while the stage is under review. */
export function mayAssign(state: CaseState, on: OnStage | undefined): Refusal | undefined {
  if (!undecided(state)) return refused(`a complaint that is ${state.status} cannot be assigned`);
  return stageChanged(state, on);
}

/**
 * R11: a body that may extend (quality-control, central and local executive bodies) extends the
 * term of the current stage before it ends, by whole working days, at most 10 in all per stage.
 * Without a request (`workingDays` undefined) it answers whether any extension is possible.
 */
export function mayExtend(
  state: CaseState,
  on: OnStage | undefined,
  now: Date | number,
  workingDays?: Extension['workingDays'],
): Refusal | undefined {
  const s = currentStage(state);
  if (!s || !undecided(state)) return refused(`a complaint that is ${state.status} cannot be extended`);
  const moved = stageChanged(state, on);
  if (moved) return moved;
  if (!s.canExtend) return refused(`${s.bodyId} (${s.bodyKind}) may not extend the review term (R11)`);
  if (millis(now) >= Date.parse(s.deadline)) return refused('the review term has already ended');
  if (workingDays === undefined) {
    return s.extendedDays < MAX_EXTENSION_WORKING_DAYS
      ? undefined
      : refused(`extensions may total at most ${MAX_EXTENSION_WORKING_DAYS} working days; all are used`);
  }
  if (!Number.isInteger(workingDays) || workingDays < 1)
    return refused('workingDays must be a whole number from 1 to 10');
  if (s.extendedDays + workingDays > MAX_EXTENSION_WORKING_DAYS) {
    return refused(
      `extensions may total at most ${MAX_EXTENSION_WORKING_DAYS} working days; ${s.extendedDays} already used`,
    );
  }
  return undefined;
}

/**
 * R8, R10: the reviewing body answers while the stage is under review (in time or overdue).
 * The answer is signed by the person the official's key was issued to, never in another's name.
 */
export function mayDecide(
  state: CaseState,
  on: OnStage | undefined,
  decidedBy?: Decision['decidedBy'],
): Refusal | undefined {
  if (!undecided(state)) return refused(`a complaint that is ${state.status} cannot be decided`);
  const moved = stageChanged(state, on);
  if (moved) return moved;
  const person = on?.actor?.person;
  if (person && decidedBy !== undefined && !namesPerson(decidedBy, person)) {
    return refused(
      `the decision is signed by the official whose key is used (${signatureOf(person)}), not by another person`,
      'SignatoryMismatch',
    );
  }
  return undefined;
}

/**
 * A decision the register recorded for a stage whose workflow does not hold it (R8): restored to a
 * moment between the register's write and the workflow's own record of it. The workflow takes it
 * as recorded only while that stage is still under review and undecided.
 */
export function mayAdoptRecordedDecision(state: CaseState, stage: number): Refusal | undefined {
  const s = currentStage(state);
  if (!undecided(state) || !s || s.decision) return refused(`a complaint that is ${state.status} cannot be decided`);
  if (s.stage !== stage || escalationRequested(state) || s.redirection)
    return refused(
      `the recorded decision is for review stage ${stage}; the case is at stage ${s.stage}`,
      'StageChanged',
    );
  return undefined;
}

/** The answer as recorded: signed by the key's person, at the time of recording. */
export function decisionRecord(decision: Decision, on: OnStage | undefined, at: string): DecisionRecord {
  const person = on?.actor?.person;
  return {
    ...decision,
    ...(person && on.actor ? { decidedBy: signatureOf(person), signedBy: on.actor } : {}),
    decidedAt: at,
  };
}

/**
 * R1: the body the complaint was addressed to, finding another body competent, forwards it there
 * within 3 working days of its receipt, once, while it is under review (`redirectableUntil` is set
 * on the addressed body's stage at registration). The target's existence and kind are checked by
 * `redirectionTargetProblem` where the bodies are known (the API).
 */
export function mayRedirect(
  state: CaseState,
  on: OnStage | undefined,
  now: Date | number,
  toBodyId?: string,
): Refusal | undefined {
  const s = currentStage(state);
  if (!s || !undecided(state)) return refused(`a complaint that is ${state.status} cannot be redirected`);
  const moved = stageChanged(state, on);
  if (moved) return moved;
  if (s.redirectableUntil === undefined)
    return refused('only the body the complaint was addressed to forwards it to the competent body, and only once');
  if (millis(now) > Date.parse(s.redirectableUntil)) {
    return refused(
      `a complaint is forwarded within ${REDIRECTION_WORKING_DAYS} working days of its receipt (until ${s.redirectableUntil}); ${s.bodyId} reviews it now`,
      'RedirectionTooLate',
    );
  }
  if (toBodyId === s.bodyId) return refused(`the complaint is already at ${toBodyId}`, 'RedirectionTargetInvalid');
  return undefined;
}

/**
 * R1: a body that finds a complaint outside its competence forwards it to the competent body
 * within 3 working days of its receipt; it does not refuse it on that ground while it still can
 * (the complainant would lose the days and have to find the body themselves). A refusal on
 * `outside_competence` is possible once the complaint can no longer be forwarded (the days have
 * passed, or this stage is not the addressed body's).
 */
export function forwardInsteadOfRefusing(
  state: CaseState,
  on: OnStage | undefined,
  now: Date | number,
  refusalGround: Decision['refusalGround'],
): Refusal | undefined {
  if (refusalGround !== 'outside_competence' || mayRedirect(state, on, now) !== undefined) return undefined;
  const until = currentStage(state)!.redirectableUntil;
  return refused(
    `forward it to the competent body: a complaint outside the body's competence is forwarded within ${REDIRECTION_WORKING_DAYS} working days of its receipt (until ${until}), not refused (R1)`,
    'ForwardInsteadOfRefusing',
  );
}

/** R1, R9: a complaint is forwarded to another registered body that reviews complaints first-hand. */
export function redirectionTargetProblem(
  fromBodyId: string,
  target: { id: string; kind: string } | undefined,
  toBodyId: string,
): Refusal | undefined {
  if (!target) return refused(`no body ${toBodyId} is registered`, 'RedirectionTargetInvalid');
  if (target.id === fromBodyId) return refused(`the complaint is already at ${toBodyId}`, 'RedirectionTargetInvalid');
  if (target.kind === 'quality_control_body') {
    return refused(
      `${toBodyId} is a quality-control body: it reviews appeals against answers (R9), not complaints forwarded to it`,
      'RedirectionTargetInvalid',
    );
  }
  return undefined;
}

/**
 * R9, R13: the complainant may appeal (escalate or go to court) once the stage is answered, or
 * once its term has passed without an answer (overdue), but not while the answer is being recorded.
 */
export function appealPossible(state: CaseState, pending: Pending = {}): boolean {
  if (pending.decisionBeingRecorded) return false;
  return state.status === 'decided' || (undecided(state) && !!currentStage(state)?.overdue);
}

/** R9: to the quality-control body above the one that reviewed; none above it means court (R13). */
export function mayEscalate(state: CaseState, on: OnStage | undefined, pending: Pending = {}): Refusal | undefined {
  const s = currentStage(state);
  if (!s || !appealPossible(state, pending))
    return refused('escalation is possible after a decision or once the term has passed');
  if (!s.escalatesTo) return refused(`${s.bodyId} has no quality-control body above it; the next step is court (R13)`);
  if (escalationRequested(state)) return refused('an escalation is already being registered');
  return stageChanged(state, on);
}

/** R13: the complainant who disagrees goes to court, after an answer or once the term has passed. */
export function mayReferToCourt(state: CaseState, on: OnStage | undefined, pending: Pending = {}): Refusal | undefined {
  if (!appealPossible(state, pending) || escalationRequested(state))
    return refused('court referral is possible after a decision or once the term has passed');
  return stageChanged(state, on);
}

/**
 * R13: once the appeal window has passed the case closes, but going to court is the complainant's
 * right and its terms are the court's to apply: the court may restore a missed term. A referral of
 * a closed case is therefore recorded (the case file is served for it), never refused; only a case
 * that ended otherwise (withdrawn, already referred, never registered) has nothing to refer.
 */
export function courtReferralRecordedAfterClosing(status: CaseState['status']): boolean {
  return status === 'closed';
}

/**
 * SPEC "withdrawal": the complainant withdraws while the stage is under review. It is
 * refused while an escalation is being registered (stageChanged), never accepted and then
 * overwritten by the new stage.
 */
export function mayWithdraw(state: CaseState, on: OnStage | undefined): Refusal | undefined {
  if (!undecided(state)) return refused(`a complaint that is ${state.status} cannot be withdrawn`);
  return stageChanged(state, on);
}

/**
 * When the answer reached the complainant (R8), from which the appeal window runs (R9, R13):
 * an electronic answer is in the personal cabinet once recorded; a paper one when it was handed
 * over at the office (or its collection refused), or else when the post room has posted every
 * letter of it. Undefined while it has not reached them.
 */
export function answerDeliveredAt(
  form: CaseState['form'],
  s: ReviewStage,
  postedAt: ReadonlyMap<string, string>,
  pending: Pending = {},
): string | undefined {
  if (!s.decision || pending.decisionBeingRecorded || pending.handOverBeingRecorded) return undefined;
  if (s.answerHandOver) return s.answerHandOver.at;
  const lettersPosted = s.answerLetters !== undefined && s.answerLetters.every((key) => postedAt.has(key));
  if (form !== 'electronic' && !lettersPosted) return undefined;
  return (
    (s.answerLetters ?? [])
      .map((key) => postedAt.get(key)!)
      .sort()
      .at(-1) ?? s.decision.decidedAt
  );
}

/**
 * R8: a paper answer is handed over at the office (or the complainant refuses to collect it) once
 * it is recorded and before it has been delivered otherwise; `at` lies between the decision and now.
 */
export function mayHandOverAnswer(
  state: CaseState,
  on: OnStage | undefined,
  now: Date | number,
  at?: AnswerHandOver['at'],
  pending: Pending = {},
): Refusal | undefined {
  const s = currentStage(state);
  if (!s?.decision || state.status !== 'decided')
    return refused(`a complaint that is ${state.status} has no answer to hand over`);
  const moved = stageChanged(state, on);
  if (moved) return moved;
  if (pending.decisionBeingRecorded) return refused('the answer is still being recorded');
  if (state.form !== 'paper')
    return refused('an electronic answer is delivered to the personal cabinet, not handed over');
  if (s.answerHandOver) return refused(`the answer's hand-over was already recorded (${s.answerHandOver.outcome})`);
  if (s.answerDeliveredAt) return refused(`the answer was already delivered (${s.answerDeliveredAt})`);
  if (at !== undefined) {
    const t = Date.parse(at);
    if (t < Date.parse(s.decision.decidedAt)) return refused('the hand-over cannot be before the answer was decided');
    if (t > millis(now)) return refused('the hand-over cannot be in the future');
  }
  return undefined;
}

/**
 * R2, R6, R7: the appeal is signed as a complaint of the channel it comes by: through the portal by
 * the EDS, through the intake that filed the case as the case's own channel requires.
 */
export function appealSignatureProblem(
  state: CaseState,
  on: OnStage | undefined,
  request: EscalationRequest | undefined,
): Refusal | undefined {
  if (!request?.signature) return undefined;
  const channel = on?.actor?.role === 'portal' ? 'portal' : state.channel;
  const problem = signatureMethodProblem(channel, request.signature, 'appeal');
  return problem ? refused(problem, 'AppealSignature') : undefined;
}

/** What an action's rule weighs: where and by whom, when, the request (absent: "possible now?") and what is in flight. */
export interface ActionAsked<Request> {
  on: OnStage | undefined;
  now: Date | number;
  request?: Request;
  pending: Pending;
}

/** The rule of each case action (each `may…` above cites its R-ids). */
export const ACTION_RULES: {
  [A in CaseAction]: (state: CaseState, asked: ActionAsked<CaseActionTypes[A]['request']>) => Refusal | undefined;
} = {
  assign: (state, { on }) => mayAssign(state, on),
  extend: (state, { on, now, request }) => mayExtend(state, on, now, request?.workingDays),
  redirect: (state, { on, now, request }) => mayRedirect(state, on, now, request?.toBodyId),
  decide: (state, { on, now, request }) =>
    mayDecide(state, on, request?.decidedBy) ?? forwardInsteadOfRefusing(state, on, now, request?.refusalGround),
  handOverAnswer: (state, { on, now, request, pending }) => mayHandOverAnswer(state, on, now, request?.at, pending),
  escalate: (state, { on, request, pending }) =>
    appealSignatureProblem(state, on, request) ?? mayEscalate(state, on, pending),
  referToCourt: (state, { on, pending }) => mayReferToCourt(state, on, pending),
  withdraw: (state, { on }) => mayWithdraw(state, on),
};

/** The actions the law allows on the case's current stage now; see the file header. */
export function allowedActions(state: CaseState, now: Date | number, pending: Pending = {}): CaseAction[] {
  const s = currentStage(state);
  if (!s) return [];
  const on: OnStage = { stage: s.stage, bodyId: s.bodyId };
  return CASE_ACTIONS.filter((action) => ACTION_RULES[action](state, { on, now, pending }) === undefined);
}
