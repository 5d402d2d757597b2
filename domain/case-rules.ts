/**
 * The case rules: which action the law allows on a case now, and what an allowed action makes of
 * it. Pure (no Temporal, no clock, no I/O): state and the time in, a refusal or a new record out.
 * The workflow's update validators apply these rules (workflows/complaint-case.ts); the API and
 * the pages use `allowedActions` to know what to offer.
 *
 * Stable interface for callers outside the workflow (issue 15's pages):
 *
 *   allowedActions(state: CaseState, now: Date | number, pending?: Pending): CaseAction[]
 *
 * lists, in the order of CASE_ACTIONS, the actions the law allows on the case's current stage at
 * `now`, as an official of that stage's body would take them. It checks what can be checked
 * without a request body (an extension is offered while any of the R11 days remain; the days
 * asked for and a decision's signatory are checked when the request comes). A case in no stage
 * yet, or closed, allows nothing.
 *
 * Every `may…` rule answers `undefined` (allowed) or a `Refusal` whose `kind` the API maps to its
 * status (TransitionNotAllowed → 409, StageChanged → 409, SignatoryMismatch → 422,
 * UnstorableValue → 422) and whose `message` is told to the caller.
 */
import { namesPerson, signatureOf, type Actor } from './actor';
import { currentStage, type CaseState, type DecisionRecord, type ReviewStage } from './case';
import type { Decision, Extension } from './complaint';
import { MAX_EXTENSION_WORKING_DAYS } from './complaint-rules';
import { findTextProblem } from './text-rules';

export const CASE_ACTIONS = ['assign', 'extend', 'decide', 'escalate', 'referToCourt', 'withdraw'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export type RefusalKind =
  'TransitionNotAllowed' | 'StageChanged' | 'SignatoryMismatch' | 'UnstorableValue' | 'IdempotencyKeyReused';
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
}

const refused = (message: string, kind: RefusalKind = 'TransitionNotAllowed'): Refusal => ({ kind, message });
const millis = (now: Date | number) => (typeof now === 'number' ? now : now.getTime());
const undecided = (state: CaseState) => state.status === 'under_review';

/** Issue 16: text the register cannot store or a document must not print is refused, never retried. */
export function unstorableText(value: unknown, what = 'body'): Refusal | undefined {
  const bad = findTextProblem(value);
  return bad ? refused(`${what}${bad.path ? `.${bad.path}` : ''} ${bad.problem}`, 'UnstorableValue') : undefined;
}

/** R9: an escalation was asked for and the quality-control body's stage is not registered yet. */
export function escalationRequested(state: CaseState): boolean {
  return currentStage(state)?.escalation !== undefined;
}

/**
 * Issue 16: an action is for the stage and body its caller saw in the register. Once the case has
 * moved on (an escalation being registered, a later stage) it is refused, so a first-stage
 * official's action never lands on the quality-control body's stage.
 */
export function stageChanged(state: CaseState, on: OnStage | undefined): Refusal | undefined {
  const s = currentStage(state);
  if (!s || !on) return refused('the action names no review stage');
  const escalating = escalationRequested(state);
  if (escalating || on.stage !== s.stage || on.bodyId !== s.bodyId) {
    const where = escalating
      ? 'is being escalated to the quality-control body'
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
 * R8, R10: the reviewing body answers while the stage is under review (in time or overdue). Issue 11:
 * the answer is signed by the person the official's key was issued to, never in another's name.
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

/** The answer as recorded: signed by the key's person (issue 11), at the time of recording. */
export function decisionRecord(decision: Decision, on: OnStage | undefined, at: string): DecisionRecord {
  const person = on?.actor?.person;
  return {
    ...decision,
    ...(person && on.actor ? { decidedBy: signatureOf(person), signedBy: on.actor } : {}),
    decidedAt: at,
  };
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
 * SPEC "withdrawal": the complainant withdraws while the stage is under review. Issue 13 item 6:
 * refused while an escalation is being registered (stageChanged), never accepted and then
 * overwritten by the new stage.
 */
export function mayWithdraw(state: CaseState, on: OnStage | undefined): Refusal | undefined {
  if (!undecided(state)) return refused(`a complaint that is ${state.status} cannot be withdrawn`);
  return stageChanged(state, on);
}

/**
 * When the answer reached the complainant (R8), from which the appeal window runs (R9, R13):
 * an electronic answer is in the personal cabinet once recorded; a paper one when the post room
 * has posted every letter of it. Undefined while it has not reached them.
 */
export function answerDeliveredAt(
  form: CaseState['form'],
  s: ReviewStage,
  postedAt: ReadonlyMap<string, string>,
  pending: Pending = {},
): string | undefined {
  if (!s.decision || pending.decisionBeingRecorded) return undefined;
  const lettersPosted = s.answerLetters !== undefined && s.answerLetters.every((key) => postedAt.has(key));
  if (form !== 'electronic' && !lettersPosted) return undefined;
  return (
    (s.answerLetters ?? [])
      .map((key) => postedAt.get(key)!)
      .sort()
      .at(-1) ?? s.decision.decidedAt
  );
}

/** The actions the law allows on the case's current stage now; see the file header. */
export function allowedActions(state: CaseState, now: Date | number, pending: Pending = {}): CaseAction[] {
  const s = currentStage(state);
  if (!s) return [];
  const on: OnStage = { stage: s.stage, bodyId: s.bodyId };
  const refusal: Record<CaseAction, () => Refusal | undefined> = {
    assign: () => mayAssign(state, on),
    extend: () => mayExtend(state, on, now),
    decide: () => mayDecide(state, on),
    escalate: () => mayEscalate(state, on, pending),
    referToCourt: () => mayReferToCourt(state, on, pending),
    withdraw: () => mayWithdraw(state, on),
  };
  return CASE_ACTIONS.filter((action) => refusal[action]() === undefined);
}
