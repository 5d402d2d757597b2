// The complaint procedure (seed R1–R13) as one durable workflow: registration, review against a
// working-day deadline, extension with a timely notice, decision, overdue handling, escalation to
// the quality-control body, court referral, withdrawal and closing.
import {
  allHandlersFinished,
  condition,
  patched,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  ActivityFailure,
  ApplicationFailure,
} from '@temporalio/workflow';
import type { ComplaintActivities } from '../activities';
import { namesPerson, signatureOf } from '../domain/actor';
import { appealWindowEnd, formOf, MAX_EXTENSION_WORKING_DAYS } from '../domain/complaint-rules';
import { findTextProblem } from '../domain/text-rules';
import {
  assign,
  decide,
  escalate,
  extend,
  getCase,
  letterPosted,
  referToCourt,
  registrationReceipt,
  withdraw,
  type ActedOn,
  type CaseState,
  type ExtensionRecord,
  type FileComplaintInput,
  type FilingCheck,
  type Receipt,
  type ReviewStage,
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

function rejected(message: string, type = 'TransitionNotAllowed'): never {
  throw ApplicationFailure.nonRetryable(message, type);
}

/** Text the register cannot store or a document must not print (issue 16): refused, not retried. */
function refuseUnstorableText(value: unknown, what: string): void {
  const bad = findTextProblem(value);
  if (bad) rejected(`${what}${bad.path ? `.${bad.path}` : ''} ${bad.problem}`, 'UnstorableValue');
}

/** A register write that PostgreSQL refused for its content (activities/failures.ts): retrying cannot help. */
function unstorable(err: unknown): ApplicationFailure | undefined {
  // A local activity's failure may reach the workflow as the ApplicationFailure itself.
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure && cause.type === 'UnstorableValue'
    ? ApplicationFailure.nonRetryable(cause.message, 'UnstorableValue')
    : undefined;
}

export async function complaintWorkflow(input: FileComplaintInput): Promise<CaseState> {
  const { complaintId, complaint } = input;
  const state: CaseState = {
    complaintId,
    status: 'registering',
    channel: complaint.channel,
    form: formOf(complaint.channel),
    stages: [],
  };
  const postedLetters = new Map<string, string>(); // notification key → when the post room posted it
  const notices: Promise<void>[] = [];
  let escalationRequested = false;
  let extending = false;
  let recordingDecision = false;
  let notRegistered: string | undefined;

  const stage = (): ReviewStage | undefined => state.stages[state.stages.length - 1];
  const now = () => new Date().toISOString();
  const receiptOf = (s: ReviewStage): Receipt => ({
    complaintId,
    stage: s.stage,
    bodyId: s.bodyId,
    incomingNumber: s.incomingNumber,
    registeredOn: s.registeredOn,
    receivedBy: s.receivedBy,
    deadline: s.deadline,
    answerPlace: s.answerPlace,
    filingPlace: s.filingPlace,
  });
  const statusIs = (...statuses: CaseState['status'][]) => statuses.includes(state.status);
  const undecided = () => statusIs('under_review');
  const mayAppeal = () => !recordingDecision && (statusIs('decided') || (undecided() && !!stage()?.overdue));

  // Issue 16: an action is for the stage and body its caller saw in the register. Once the case
  // has moved on (an escalation being registered, a later stage), it is refused, so a first-stage
  // official's action never lands on the quality-control body's stage.
  function onCurrentStage(on: ActedOn | undefined): ReviewStage {
    const s = stage();
    if (!s || !on) rejected('the action names no review stage');
    if (escalationRequested || on.stage !== s.stage || on.bodyId !== s.bodyId) {
      const where = escalationRequested
        ? 'is being escalated to the quality-control body'
        : `is at review stage ${s.stage} at ${s.bodyId}`;
      rejected(`this action was for review stage ${on.stage} at ${on.bodyId}; the case ${where}`, 'StageChanged');
    }
    return s;
  }

  function publish(): void {
    const s = stage();
    upsertSearchAttributes([
      { key: CaseStatus, value: state.status },
      { key: Channel, value: state.channel },
      ...(s
        ? [
            { key: IncomingNumber, value: state.stages.map((x) => x.incomingNumber) },
            { key: ReviewingBody, value: s.bodyId },
            { key: ReviewDeadline, value: new Date(s.deadline) },
            { key: Overdue, value: s.overdue },
          ]
        : []),
    ]);
    // What the Temporal UI shows on the case's page: the register line, no personal data.
    if (s) setCurrentDetails(registerLine(state, s));
  }

  setHandler(getCase, () => state);
  setHandler(letterPosted, ({ notificationKey, postedAt }) => {
    postedLetters.set(notificationKey, postedAt);
  });

  setHandler(
    registrationReceipt,
    async () => {
      await condition(() => state.stages.length > 0 || notRegistered !== undefined);
      if (notRegistered !== undefined) rejected(notRegistered, 'UnstorableValue');
      return { ...receiptOf(state.stages[0]), status: state.status, complaintChecked: !!input.complaintDigest };
    },
    {
      // A repeated Idempotency-Key stands for the same complaint; another complaint under it is refused.
      validator: (check?: FilingCheck) => {
        if (input.complaintDigest && check && check.complaintDigest !== input.complaintDigest) {
          rejected(
            'this Idempotency-Key was sent before with another complaint; a new complaint needs a new key',
            'IdempotencyKeyReused',
          );
        }
      },
    },
  );

  setHandler(
    assign,
    async ({ officialName }, on) => {
      const s = stage()!;
      const before = { assignedTo: s.assignedTo, assignedBy: s.assignedBy };
      s.assignedTo = officialName;
      if (on) s.assignedBy = on.actor;
      try {
        await acts.recordAssignment({ complaintId, stage: s.stage, officialName, at: now(), by: on?.actor });
      } catch (err) {
        Object.assign(s, before);
        throw unstorable(err) ?? err;
      }
      return state;
    },
    {
      validator: (request, on) => {
        refuseUnstorableText(request, 'body');
        if (!undecided()) rejected(`a complaint that is ${state.status} cannot be assigned`);
        onCurrentStage(on);
      },
    },
  );

  // R11: at most 10 working days in all per stage, before the deadline, at bodies that may extend.
  setHandler(
    extend,
    async (request, on) => {
      const s = stage()!;
      s.extendedDays += request.workingDays; // at once, so a concurrent request's validator sees it
      // One extension at a time: each moves the deadline the previous one set. No await between
      // the check and the claim, so two handlers started together cannot both pass.
      while (extending) await condition(() => !extending);
      extending = true;
      const number = s.extensions.length + 1;
      const at = now();
      let extended: Awaited<ReturnType<ComplaintActivities['extendReview']>>;
      try {
        extended = await acts.extendReview({
          complaintId,
          stage: s.stage,
          number,
          ...request,
          at,
          deadline: s.deadline,
          by: on?.actor,
        });
      } catch (err) {
        s.extendedDays -= request.workingDays;
        extending = false;
        throw unstorable(err) ?? err;
      }
      const record: ExtensionRecord = {
        ...request,
        number,
        at,
        deadline: extended.deadline,
        noticeDueBy: extended.noticeDueBy,
        ...(on ? { by: on.actor } : {}),
      };
      s.extensions.push(record);
      s.deadline = extended.deadline;
      publish();
      extending = false;
      notices.push(deliverExtensionNotice(s.stage, record, extended.notificationKeys));
      return record;
    },
    {
      validator: (request, on) => {
        const { workingDays } = request;
        refuseUnstorableText(request, 'body');
        const s = stage();
        if (!s || !undecided()) rejected(`a complaint that is ${state.status} cannot be extended`);
        onCurrentStage(on);
        if (!s.canExtend) rejected(`${s.bodyId} (${s.bodyKind}) may not extend the review term (R11)`);
        if (Date.now() >= Date.parse(s.deadline)) rejected('the review term has already ended');
        if (!Number.isInteger(workingDays) || workingDays < 1)
          rejected('workingDays must be a whole number from 1 to 10');
        if (s.extendedDays + workingDays > MAX_EXTENSION_WORKING_DAYS) {
          rejected(
            `extensions may total at most ${MAX_EXTENSION_WORKING_DAYS} working days; ${s.extendedDays} already used`,
          );
        }
      },
    },
  );

  // R12: the notice with the reasons is sent within 3 working days: in writing for paper
  // complaints (sent once the post room has posted it), electronically otherwise.
  async function deliverExtensionNotice(stageNo: number, record: ExtensionRecord, keys: string[]): Promise<void> {
    const delivery = await acts.deliverNotifications({ complaintId, notificationKeys: keys });
    const sent = () => delivery.awaitingPost.every((key) => postedLetters.has(key));
    const inTime = await condition(sent, Math.max(0, Date.parse(record.noticeDueBy) - Date.now()));
    if (!inTime) {
      record.noticeBreached = true;
      await acts.recordEvent({
        complaintId,
        stage: stageNo,
        key: `extension-${record.number}-notice-late`,
        kind: 'extension_notice_late',
        at: now(),
        data: { noticeDueBy: record.noticeDueBy },
      });
      await condition(sent);
    }
    record.noticeSentAt = now();
  }

  setHandler(
    decide,
    async (decision, on) => {
      const s = stage()!;
      // The signatory is the person the official's key was issued to (issue 11).
      const person = on?.actor.person;
      const record = {
        ...decision,
        ...(person ? { decidedBy: signatureOf(person), signedBy: on.actor } : {}),
        decidedAt: now(),
      };
      s.decision = record;
      state.status = 'decided';
      publish();
      recordingDecision = true;
      let notificationKeys: string[];
      try {
        ({ notificationKeys } = await acts.recordDecision({ complaintId, stage: s.stage, decision: record }));
      } catch (err) {
        const refused = unstorable(err);
        if (!refused) throw err;
        // Nothing was stored: the stage is undecided again and the official is told why.
        s.decision = undefined;
        state.status = 'under_review';
        recordingDecision = false;
        publish();
        throw refused;
      }
      recordingDecision = false;
      // The answer leaves in the background: a mail outage must not hold up the official.
      notices.push(
        acts.deliverNotifications({ complaintId, notificationKeys }).then(({ awaitingPost }) => {
          s.answerLetters = awaitingPost;
        }),
      );
      return record;
    },
    {
      validator: (decision, on) => {
        refuseUnstorableText(decision, 'body');
        if (!undecided()) rejected(`a complaint that is ${state.status} cannot be decided`);
        onCurrentStage(on);
        const person = on?.actor.person;
        if (person && decision.decidedBy !== undefined && !namesPerson(decision.decidedBy, person)) {
          rejected(
            `the decision is signed by the official whose key is used (${signatureOf(person)}), not by another person`,
            'SignatoryMismatch',
          );
        }
      },
    },
  );

  // R9: a complainant who disagrees, or was not answered in time, turns to the quality-control body.
  setHandler(
    escalate,
    async (request, on) => {
      const from = stage()!;
      from.escalation = { ...request, at: now(), ...(on ? { by: on.actor } : {}) };
      escalationRequested = true;
      await condition(() => stage() !== from);
      return receiptOf(stage()!);
    },
    {
      validator: (request, on) => {
        refuseUnstorableText(request, 'body');
        const s = stage();
        if (!s || !mayAppeal()) rejected('escalation is possible after a decision or once the term has passed');
        if (!s.escalatesTo) rejected(`${s.bodyId} has no quality-control body above it; the next step is court (R13)`);
        if (escalationRequested) rejected('an escalation is already being registered');
        onCurrentStage(on);
      },
    },
  );

  setHandler(
    referToCourt,
    async (request, on) => {
      state.courtReferral = { ...request, at: now(), ...(on ? { by: on.actor } : {}) };
      state.status = 'referred_to_court';
      return state;
    },
    {
      validator: (request, on) => {
        refuseUnstorableText(request, 'body');
        if (!mayAppeal() || escalationRequested)
          rejected('court referral is possible after a decision or once the term has passed');
        onCurrentStage(on);
      },
    },
  );

  // Issue 13 item 6: a withdrawal while an escalation is being registered is refused (onCurrentStage),
  // never accepted and then overwritten by the new stage.
  setHandler(
    withdraw,
    async (request, on) => {
      state.withdrawal = { ...request, at: now(), ...(on ? { by: on.actor } : {}) };
      state.status = 'withdrawn';
      return state;
    },
    {
      validator: (request, on) => {
        refuseUnstorableText(request, 'body');
        if (!undecided()) rejected(`a complaint that is ${state.status} cannot be withdrawn`);
        onCurrentStage(on);
      },
    },
  );

  // Stage 1 goes to the addressee (R1); every later stage to the quality-control body (R9).
  let next = { bodyId: complaint.addressedTo, receivedAt: input.receivedAt, receivedBy: complaint.receivedBy ?? null };
  for (;;) {
    const first = state.stages.length === 0;
    let registration: Awaited<ReturnType<ComplaintActivities['registerComplaint']>> | undefined;
    try {
      const escalation = first ? undefined : stage()?.escalation;
      registration = await acts.registerComplaint({
        complaintId,
        workflowId: workflowInfo().workflowId,
        stage: state.stages.length + 1,
        ...next,
        complaint: first ? complaint : undefined,
        filedBy: input.filedBy,
        ...(escalation?.by ? { escalatedBy: escalation.by } : {}),
      });
    } catch (err) {
      // A complaint the register cannot store (the API refuses such text; another client might
      // not) is not filed at all: the filing is refused with the reason, nothing is half-registered.
      const refused = first ? unstorable(err) : undefined;
      if (!refused) throw err;
      notRegistered = refused.message;
    }
    if (!registration) {
      state.status = 'not_registered';
      await condition(allHandlersFinished);
      return state;
    }
    state.stages.push({ ...registration, extendedDays: 0, extensions: [], overdue: false });
    state.status = 'under_review';
    escalationRequested = false;
    publish();

    await review(stage()!);
    if (statusIs('withdrawn', 'referred_to_court')) break;
    if (!escalationRequested) {
      // After the answer: the appeal window for escalation or court (R9, R13), then closing.
      if (patched('appeal-window-from-delivery')) await appealWindow(stage()!);
      else await condition(() => escalationRequested || statusIs('referred_to_court'), input.appealWindowDays * DAY_MS);
      if (statusIs('referred_to_court')) break;
      if (!escalationRequested) {
        state.status = 'closed';
        break;
      }
    }
    next = { bodyId: stage()!.escalatesTo!, receivedAt: now(), receivedBy: null };
  }

  state.closedAt = now();
  publish();
  const closing = {
    complaintId,
    stage: stage()!.stage,
    status: state.status,
    at: state.closedAt,
    courtReferral: state.courtReferral,
    withdrawal: state.withdrawal,
  };
  try {
    await acts.closeCase(closing);
  } catch (err) {
    if (!unstorable(err)) throw err;
    // A note the register cannot store must not keep the case from closing: close without it.
    await acts.closeCase({ ...closing, courtReferral: undefined, withdrawal: undefined, noteNotStored: true });
  }
  await Promise.all(notices);
  await condition(allHandlersFinished);
  return state;

  // R9, R13: the window for escalation or court runs from the delivery of the answer: electronic
  // answers are in the personal cabinet once recorded; paper ones when the post room has posted them.
  async function appealWindow(s: ReviewStage): Promise<void> {
    const appealed = () => escalationRequested || statusIs('referred_to_court');
    const lettersPosted = () => s.answerLetters !== undefined && s.answerLetters.every((key) => postedLetters.has(key));
    const delivered = () => !!s.decision && !recordingDecision && (state.form === 'electronic' || lettersPosted());
    await condition(() => appealed() || delivered());
    if (appealed()) return;
    const postedAt = (s.answerLetters ?? []).map((key) => postedLetters.get(key)!).sort();
    s.answerDeliveredAt = postedAt.at(-1) ?? s.decision!.decidedAt;
    const endsAt = appealWindowEnd(new Date(s.answerDeliveredAt), {
      months: input.appealWindowMonths,
      days: input.appealWindowDays,
    });
    s.appealWindowEndsAt = endsAt.toISOString();
    await acts.recordEvent({
      complaintId,
      stage: s.stage,
      key: `s${s.stage}-answer-delivered`,
      kind: 'answer_delivered',
      at: now(),
      data: { deliveredAt: s.answerDeliveredAt, appealWindowEndsAt: s.appealWindowEndsAt },
    });
    await condition(appealed, Math.max(0, endsAt.getTime() - Date.now()));
  }

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
