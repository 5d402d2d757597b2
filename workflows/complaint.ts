// The complaint procedure (seed R1–R13) as one durable workflow: registration, review against a
// working-day deadline, extension with a timely notice, decision, overdue handling, escalation to
// the quality-control body, court referral, withdrawal and closing.
import {
  allHandlersFinished, condition, proxyLocalActivities, setCurrentDetails, setHandler, upsertSearchAttributes, workflowInfo,
  ApplicationFailure,
} from '@temporalio/workflow';
import type { ComplaintActivities } from '../activities';
import { formOf, MAX_EXTENSION_WORKING_DAYS } from '../domain/complaint-rules';
import {
  assign, decide, escalate, extend, getCase, letterPosted, referToCourt, registrationReceipt, withdraw,
  type CaseState, type ExtensionRecord, type FileComplaintInput, type Receipt, type ReviewStage,
} from './complaint-messages';
import { registerLine } from './register-line';
import { CaseStatus, Channel, IncomingNumber, Overdue, ReviewDeadline, ReviewingBody } from './search-attributes';

// Short, idempotent writes to the register and deliveries: local activities, one marker event
// each in the history instead of three plus a workflow task (a full lifecycle stays small).
const acts = proxyLocalActivities<ComplaintActivities>({
  startToCloseTimeout: '30 seconds',
  // Postgres or a mail server may be down for a while: keep retrying, never give up on a complaint.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const DAY_MS = 86_400_000;

function rejected(message: string): never {
  throw ApplicationFailure.nonRetryable(message, 'TransitionNotAllowed');
}

export async function complaintWorkflow(input: FileComplaintInput): Promise<CaseState> {
  const { complaintId, complaint } = input;
  const state: CaseState = {
    complaintId, status: 'registering', channel: complaint.channel, form: formOf(complaint.channel), stages: [],
  };
  const postedLetters = new Set<string>();
  const notices: Promise<void>[] = [];
  let escalationRequested = false;
  let extending = false;

  const stage = (): ReviewStage | undefined => state.stages[state.stages.length - 1];
  const now = () => new Date().toISOString();
  const receiptOf = (s: ReviewStage): Receipt => ({
    complaintId, stage: s.stage, bodyId: s.bodyId, incomingNumber: s.incomingNumber, registeredOn: s.registeredOn,
    receivedBy: s.receivedBy, deadline: s.deadline, answerPlace: s.answerPlace, filingPlace: s.filingPlace,
  });
  const statusIs = (...statuses: CaseState['status'][]) => statuses.includes(state.status);
  const undecided = () => statusIs('under_review');
  const mayAppeal = () => statusIs('decided') || (undecided() && !!stage()?.overdue);

  function publish(): void {
    const s = stage();
    upsertSearchAttributes([
      { key: CaseStatus, value: state.status },
      { key: Channel, value: state.channel },
      ...(s ? [
        { key: IncomingNumber, value: state.stages.map((x) => x.incomingNumber) },
        { key: ReviewingBody, value: s.bodyId },
        { key: ReviewDeadline, value: new Date(s.deadline) },
        { key: Overdue, value: s.overdue },
      ] : []),
    ]);
    // What the Temporal UI shows on the case's page: the register line, no personal data.
    if (s) setCurrentDetails(registerLine(state, s));
  }

  setHandler(getCase, () => state);
  setHandler(letterPosted, ({ notificationKey }) => { postedLetters.add(notificationKey); });

  setHandler(registrationReceipt, async () => {
    await condition(() => state.stages.length > 0);
    return receiptOf(state.stages[0]);
  });

  setHandler(assign, async ({ officialName }) => {
    const s = stage()!;
    s.assignedTo = officialName;
    await acts.recordAssignment({ complaintId, stage: s.stage, officialName, at: now() });
    return state;
  }, { validator: (_request) => { if (!undecided()) rejected(`a complaint that is ${state.status} cannot be assigned`); } });

  // R11: at most 10 working days in all per stage, before the deadline, at bodies that may extend.
  setHandler(extend, async (request) => {
    const s = stage()!;
    s.extendedDays += request.workingDays; // at once, so a concurrent request's validator sees it
    // One extension at a time: each moves the deadline the previous one set. No await between
    // the check and the claim, so two handlers started together cannot both pass.
    while (extending) await condition(() => !extending);
    extending = true;
    const number = s.extensions.length + 1;
    const at = now();
    const extended = await acts.extendReview({ complaintId, stage: s.stage, number, ...request, at, deadline: s.deadline });
    const record: ExtensionRecord = { ...request, number, at, deadline: extended.deadline, noticeDueBy: extended.noticeDueBy };
    s.extensions.push(record);
    s.deadline = extended.deadline;
    publish();
    extending = false;
    notices.push(deliverExtensionNotice(s.stage, record, extended.notificationKeys));
    return record;
  }, {
    validator: ({ workingDays }) => {
      const s = stage();
      if (!s || !undecided()) rejected(`a complaint that is ${state.status} cannot be extended`);
      if (!s.canExtend) rejected(`${s.bodyId} (${s.bodyKind}) may not extend the review term (R11)`);
      if (Date.now() >= Date.parse(s.deadline)) rejected('the review term has already ended');
      if (!Number.isInteger(workingDays) || workingDays < 1) rejected('workingDays must be a whole number from 1 to 10');
      if (s.extendedDays + workingDays > MAX_EXTENSION_WORKING_DAYS) {
        rejected(`extensions may total at most ${MAX_EXTENSION_WORKING_DAYS} working days; ${s.extendedDays} already used`);
      }
    },
  });

  // R12: the notice with the reasons is sent within 3 working days: in writing for paper
  // complaints (sent once the post room has posted it), electronically otherwise.
  async function deliverExtensionNotice(stageNo: number, record: ExtensionRecord, keys: string[]): Promise<void> {
    const delivery = await acts.deliverNotifications({ complaintId, notificationKeys: keys });
    const sent = () => delivery.awaitingPost.every((key) => postedLetters.has(key));
    const inTime = await condition(sent, Math.max(0, Date.parse(record.noticeDueBy) - Date.now()));
    if (!inTime) {
      record.noticeBreached = true;
      await acts.recordEvent({ complaintId, stage: stageNo, key: `extension-${record.number}-notice-late`, kind: 'extension_notice_late', at: now(), data: { noticeDueBy: record.noticeDueBy } });
      await condition(sent);
    }
    record.noticeSentAt = now();
  }

  setHandler(decide, async (decision) => {
    const s = stage()!;
    const record = { ...decision, decidedAt: now() };
    s.decision = record;
    state.status = 'decided';
    publish();
    const { notificationKeys } = await acts.recordDecision({ complaintId, stage: s.stage, decision: record });
    // The answer leaves in the background: a mail outage must not hold up the official.
    notices.push(acts.deliverNotifications({ complaintId, notificationKeys }).then(() => undefined));
    return record;
  }, { validator: (_decision) => { if (!undecided()) rejected(`a complaint that is ${state.status} cannot be decided`); } });

  // R9: a complainant who disagrees, or was not answered in time, turns to the quality-control body.
  setHandler(escalate, async (request) => {
    const from = stage()!;
    from.escalation = { ...request, at: now() };
    escalationRequested = true;
    await condition(() => stage() !== from);
    return receiptOf(stage()!);
  }, {
    validator: (_request) => {
      const s = stage();
      if (!s || !mayAppeal()) rejected('escalation is possible after a decision or once the term has passed');
      if (!s.escalatesTo) rejected(`${s.bodyId} has no quality-control body above it; the next step is court (R13)`);
      if (escalationRequested) rejected('an escalation is already being registered');
    },
  });

  setHandler(referToCourt, async (request) => {
    state.courtReferral = { ...request, at: now() };
    state.status = 'referred_to_court';
    return state;
  }, { validator: (_request) => { if (!mayAppeal() || escalationRequested) rejected('court referral is possible after a decision or once the term has passed'); } });

  setHandler(withdraw, async (request) => {
    state.withdrawal = { ...request, at: now() };
    state.status = 'withdrawn';
    return state;
  }, { validator: (_request) => { if (!undecided()) rejected(`a complaint that is ${state.status} cannot be withdrawn`); } });

  // Stage 1 goes to the addressee (R1); every later stage to the quality-control body (R9).
  let next = { bodyId: complaint.addressedTo, receivedAt: input.receivedAt, receivedBy: complaint.receivedBy ?? null };
  for (;;) {
    const registration = await acts.registerComplaint({
      complaintId, workflowId: workflowInfo().workflowId, stage: state.stages.length + 1, ...next,
      complaint: state.stages.length === 0 ? complaint : undefined, filedBy: input.filedBy,
    });
    state.stages.push({ ...registration, extendedDays: 0, extensions: [], overdue: false });
    state.status = 'under_review';
    escalationRequested = false;
    publish();

    await review(stage()!);
    if (statusIs('withdrawn', 'referred_to_court')) break;
    if (!escalationRequested) {
      // After the answer: the appeal window for escalation or court (R9, R13), then closing.
      await condition(() => escalationRequested || statusIs('referred_to_court'), input.appealWindowDays * DAY_MS);
      if (statusIs('referred_to_court')) break;
      if (!escalationRequested) { state.status = 'closed'; break; }
    }
    next = { bodyId: stage()!.escalatesTo!, receivedAt: now(), receivedBy: null };
  }

  state.closedAt = now();
  publish();
  await acts.closeCase({ complaintId, stage: stage()!.stage, status: state.status, at: state.closedAt,
    courtReferral: state.courtReferral, withdrawal: state.withdrawal });
  await Promise.all(notices);
  await condition(allHandlersFinished);
  return state;

  // R8, R10: wait for the decision until the end of the term; past it, the case is overdue and
  // still waits (R4 marks, head alerted, complainant told of escalation).
  async function review(s: ReviewStage): Promise<void> {
    const stageOver = () => !undecided() || escalationRequested;
    while (!stageOver()) {
      const deadline = s.deadline;
      const remaining = Date.parse(deadline) - Date.now();
      if (!s.overdue && remaining <= 0) {
        s.overdue = true;
        publish();
        const { notificationKeys } = await acts.markOverdue({ complaintId, stage: s.stage, at: now() });
        notices.push(acts.deliverNotifications({ complaintId, notificationKeys }).then(() => undefined));
        continue;
      }
      await condition(() => stageOver() || s.deadline !== deadline, s.overdue ? undefined : remaining);
    }
  }
}
