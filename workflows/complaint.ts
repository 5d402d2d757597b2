// The complaint procedure (R1–R13) as one durable workflow. Read top-down: the stages of review,
// then the messages a case answers. What each step does is in ./case-stages.ts, what each message
// does in ./complaint-case.ts; whether an action is allowed is decided by the pure rules of
// domain/case-rules.ts.
import { patched, setHandler } from '@temporalio/workflow';
import type { CaseState, FileComplaintInput } from '../domain/case';
import {
  appealWindow,
  appealWindowFromDecision,
  close,
  finish,
  firstStage,
  nextStage,
  register,
  review,
  tellEscalation,
  tellRedirection,
} from './case-stages';
import { CASE_ACTIONS, type CaseAction } from '../domain/case-rules';
import { ComplaintCase } from './complaint-case';
import {
  adoptRecordedDecision,
  calendarLoaded,
  caseActionUpdates,
  getCase,
  letterDelivered,
  letterPosted,
  registrationReceipt,
  type CaseActionUpdate,
  type FilingCheck,
} from './complaint-messages';

export async function complaintWorkflow(input: FileComplaintInput): Promise<CaseState> {
  const kase = new ComplaintCase(input);
  handleMessages(kase);

  // Stage 1 at the body the complaint is addressed to (R1), or the competent body it forwards it to
  // (R1); each appeal to the quality-control body above (R9).
  let next = firstStage(kase);
  for (;;) {
    // Registration is the receipt: number, date, term and place of the answer (R3, R8, R10).
    if (!(await register(kase, next))) return finish(kase);
    // Forwarded by competence: the hand-off recorded and the complainant told where and why (R1).
    if (kase.redirectedHere()) await tellRedirection(kase);
    // An appeal (R7, R9): on the timeline, and its number and term told to the complainant (R3).
    // Cases escalated before patch `appeal-on-timeline` registered the stage without it.
    if (kase.escalatedHere() && patched('appeal-on-timeline')) await tellEscalation(kase);
    // Review until the answer, or past the term as overdue; extensions move the term (R8, R10, R11, R12).
    await review(kase);
    if (kase.is('withdrawn', 'referred_to_court')) break;
    if (!kase.escalating() && !kase.redirecting()) {
      // After the answer: the window for escalation or court (R9, R13), then closing.
      if (patched('appeal-window-from-delivery')) await appealWindow(kase);
      else await appealWindowFromDecision(kase);
      if (!kase.escalating()) break;
    }
    next = nextStage(kase);
  }
  return close(kase);
}

/** Each message in one line: the validator asks the case rules, the handler acts on the case. */
function handleMessages(kase: ComplaintCase): void {
  setHandler(getCase, () => kase.state);
  setHandler(letterPosted, (posted) => kase.letterPosted(posted));
  setHandler(letterDelivered, (delivered) => kase.notices.letterDelivered(delivered));
  setHandler(calendarLoaded, () => kase.calendarLoaded());
  setHandler(registrationReceipt, () => kase.receipt(), {
    validator: (check?: FilingCheck) => kase.checkReceipt(check),
  });
  // The case actions (domain/case-actions.ts): the validator asks the action's rule, the handler
  // is the case's method of the same name.
  for (const action of CASE_ACTIONS) handleAction(kase, action);
  setHandler(adoptRecordedDecision, (req) => kase.adoptRecordedDecision(req.decision), {
    validator: (req) => kase.checkAdoptRecordedDecision(req.stage),
  });
}

/** One action's handler and validator; the request's type is its action's (checked where it is declared). */
function handleAction(kase: ComplaintCase, action: CaseAction): void {
  const update = caseActionUpdates[action] as CaseActionUpdate<CaseAction>;
  setHandler(update, (request, on) => kase.act(action, request as never, on), {
    validator: (request, on) => kase.check(action, request as never, on),
  });
}
