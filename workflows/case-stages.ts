// The steps of the procedure that workflows/complaint.ts runs in order, each on one case:
// registration, review until the answer or past the term, the appeal window, closing. A step waits
// (activities, timers, conditions) and tells the case what happened (./complaint-case.ts, its
// section "what happens to the case"); it changes no state itself.
import { allHandlersFinished, condition, patched, workflowInfo } from '@temporalio/workflow';
import type { ComplaintActivities } from '../activities';
import type { CaseState, ReviewStage } from '../domain/case';
import { answerDeliveredAt } from '../domain/case-rules';
import { answerReceipt } from '../domain/answer-receipt';
import { appealWindowEndAtDeliveryTime } from '../domain/complaint-rules';
import type { ComplaintCase } from './complaint-case';
import { now, untilOrEnd } from './clock';
import { writes } from './local-activities';
import { unstorable } from './refusals';

const DAY_MS = 86_400_000;

/** Where the next stage is registered: the body, when the complaint reached it, who accepted it (R3). */
export interface NextStage {
  bodyId: string;
  receivedAt: string;
  receivedBy: string | null;
}

/** R1: the first stage goes to the body the complaint is addressed to. */
export function firstStage(kase: ComplaintCase): NextStage {
  const { complaint, receivedAt } = kase.input;
  return { bodyId: complaint.addressedTo, receivedAt, receivedBy: complaint.receivedBy ?? null };
}

/** R1: a forwarded complaint goes to the competent body; R9: an appeal to the quality-control body above. */
export function nextStage(kase: ComplaintCase): NextStage {
  const s = kase.stage!;
  if (s.redirection) return { bodyId: s.redirection.toBodyId, receivedAt: s.redirection.at, receivedBy: null };
  return { bodyId: s.escalatesTo!, receivedAt: now(), receivedBy: null };
}

/**
 * R3, R8, R10: the body registers the complaint with its number and term. False when the register
 * cannot store the complaint (text another client let through): nothing is half-registered.
 */
export async function register(kase: ComplaintCase, next: NextStage): Promise<boolean> {
  const { state } = kase;
  const first = state.stages.length === 0;
  let registration: Awaited<ReturnType<ComplaintActivities['registerComplaint']>> | undefined;
  try {
    const escalation = first ? undefined : kase.stage?.escalation;
    const redirection = first ? undefined : kase.stage?.redirection;
    registration = await writes.registerComplaint({
      complaintId: state.complaintId,
      workflowId: workflowInfo().workflowId,
      stage: state.stages.length + 1,
      ...next,
      complaint: first ? kase.input.complaint : undefined,
      filedBy: kase.input.filedBy,
      ...(escalation?.by ? { escalatedBy: escalation.by } : {}),
      ...(redirection
        ? { redirectedFrom: { bodyId: kase.stage!.bodyId, ...(redirection.by ? { by: redirection.by } : {}) } }
        : {}),
    });
  } catch (err) {
    const refused = first ? unstorable(err) : undefined;
    if (!refused) throw err;
    kase.registrationRefused(refused.message);
    return false;
  }
  kase.registered(registration);
  return true;
}

/** R1: the hand-off on the timeline, and the complainant told where the complaint went and why. */
export async function tellRedirection(kase: ComplaintCase): Promise<void> {
  const { state } = kase;
  const to = kase.stage!;
  const from = state.stages[state.stages.length - 2];
  const { complaintId } = state;
  const { notificationKeys } = await writes.recordRedirection({
    complaintId,
    fromStage: from.stage,
    toStage: to.stage,
    toBodyId: to.bodyId,
    reason: from.redirection!.reason,
    at: from.redirection!.at,
    ...(from.redirection!.by ? { by: from.redirection!.by } : {}),
  });
  kase.notices.add(writes.deliverNotifications({ complaintId, notificationKeys }).then(() => undefined));
}

/**
 * R7, R9: the appeal on the timeline of the quality-control body's stage (its reasons, demands and
 * signature), and the complainant told its number and term there in the complaint's form (R3).
 */
export async function tellEscalation(kase: ComplaintCase): Promise<void> {
  const { state } = kase;
  const to = kase.stage!;
  const from = state.stages[state.stages.length - 2];
  const { at, by, ...appeal } = from.escalation!;
  const { notificationKeys } = await writes.recordEscalation({
    complaintId: state.complaintId,
    fromStage: from.stage,
    toStage: to.stage,
    appeal,
    at,
    ...(by ? { by } : {}),
  });
  kase.notices.send(notificationKeys);
}

// R8, R10: wait for the decision until the end of the term; past it, the case is overdue and
// still waits (R4 marks, head alerted, complainant told of escalation).
export async function review(kase: ComplaintCase): Promise<void> {
  const s = kase.stage!;
  const stageOver = () => !kase.is('under_review') || kase.escalating() || kase.redirecting();
  while (!stageOver()) {
    const deadline = s.deadline;
    const woken = () => stageOver() || s.deadline !== deadline || kase.recountRequested;
    if (!s.overdue && patched('timer-whatever-the-clock')) {
      // Overdue once the term's timer fires, whatever a task's clock said before it (`untilOrEnd`).
      if (!(await untilOrEnd(woken, Date.parse(deadline)))) {
        await markOverdue(kase, s);
        continue;
      }
    } else {
      const remaining = Date.parse(deadline) - Date.now();
      if (!s.overdue && remaining <= 0) {
        await markOverdue(kase, s);
        continue;
      }
      await condition(woken, s.overdue ? undefined : remaining);
    }
    if (kase.recountRequested && !stageOver()) await recountTerm(kase, s);
  }
}

/** R4: past the term without an answer; the head is alerted and the complainant told. */
async function markOverdue(kase: ComplaintCase, s: ReviewStage): Promise<void> {
  kase.markedOverdue();
  const { complaintId } = kase.state;
  const { notificationKeys } = await writes.markOverdue({ complaintId, stage: s.stage, at: now() });
  kase.notices.send(notificationKeys);
}

/**
 * R8, R10: the term counted again over the loaded calendar; the review then waits for the new end.
 * A stage marked overdue whose new end is still ahead is no longer overdue (the register too).
 */
async function recountTerm(kase: ComplaintCase, s: ReviewStage): Promise<void> {
  kase.termRecountStarted();
  kase.termRecounted(await writes.recountDeadline({ complaintId: kase.state.complaintId, stage: s.stage, at: now() }));
}

function appealed(kase: ComplaintCase): boolean {
  return kase.escalating() || kase.is('referred_to_court');
}

// R9, R13: the window for escalation or court runs from the delivery of the answer (R8).
export async function appealWindow(kase: ComplaintCase): Promise<void> {
  const s = kase.stage!;
  const delivered = () => answerDeliveredAt(kase.state.form, s, kase.notices.postedLetters, kase.pending);
  await condition(() => appealed(kase) || delivered() !== undefined);
  if (appealed(kase)) return;
  kase.answerDelivered(delivered()!);
  if (patched('appeal-window-to-end-of-last-working-day')) return appealWindowFromReceipt(kase, s);
  const endsAt = appealWindowEndAtDeliveryTime(new Date(s.answerDeliveredAt!), {
    months: kase.input.appealWindowMonths,
    days: kase.input.appealWindowDays,
  });
  kase.appealWindowOpenedAtDelivery(endsAt.toISOString());
  await writes.recordEvent({
    complaintId: kase.state.complaintId,
    stage: s.stage,
    key: `s${s.stage}-answer-delivered`,
    kind: 'answer_delivered',
    at: now(),
    data: { deliveredAt: s.answerDeliveredAt, appealWindowEndsAt: s.appealWindowEndsAt },
  });
  await condition(() => appealed(kase), Math.max(0, endsAt.getTime() - Date.now()));
}

// R9, R13: from the answer's receipt (a posted answer: presumed after the postal allowance until the
// post room records it, then counted again), to 24:00 Almaty of a last day that is a working day.
async function appealWindowFromReceipt(kase: ComplaintCase, s: ReviewStage): Promise<void> {
  const { postedLetters, deliveredLetters } = kase.notices;
  const receipt = () => answerReceipt(kase.state.form, s, s.answerDeliveredAt!, postedLetters, deliveredLetters);
  let recount = false;
  kase.appealWindowRecountStarted(); // a correction before the window opened is counted in it
  for (;;) {
    const { from, basis } = receipt();
    const opened = await writes.openAppealWindow({
      complaintId: kase.state.complaintId,
      stage: s.stage,
      deliveredAt: s.answerDeliveredAt!,
      from,
      basis,
      window: { months: kase.input.appealWindowMonths, days: kase.input.appealWindowDays },
      ...(s.appealDeadline
        ? { announced: { appealDeadline: s.appealDeadline, appealWindowEndsAt: s.appealWindowEndsAt! } }
        : {}),
      ...(recount ? { recount } : {}),
      at: now(),
    });
    kase.appealWindowOpened(opened, { from, basis });
    const receiptRecorded = () => basis === 'presumed' && receipt().basis === 'received';
    const woken = await untilOrEnd(
      () => appealed(kase) || receiptRecorded() || kase.appealWindowRecountRequested,
      Date.parse(s.appealWindowEndsAt!),
    );
    if (!woken || appealed(kase)) return;
    // A calendar correction counts the same window again (its last day may now be a day off).
    recount = kase.appealWindowRecountRequested && !receiptRecorded();
    kase.appealWindowRecountStarted();
  }
}

/** Before patch `appeal-window-from-delivery`: the window ran from the decision, in days. */
export async function appealWindowFromDecision(kase: ComplaintCase): Promise<void> {
  await condition(() => appealed(kase), kase.input.appealWindowDays * DAY_MS);
}

/** The case ends: closed unappealed, withdrawn or referred to court; the register is told. */
export async function close(kase: ComplaintCase): Promise<CaseState> {
  const { state } = kase;
  kase.closed();
  const closing = {
    complaintId: state.complaintId,
    stage: kase.stage!.stage,
    status: state.status,
    at: state.closedAt!,
    courtReferral: state.courtReferral,
    withdrawal: state.withdrawal,
  };
  try {
    await writes.closeCase(closing);
  } catch (err) {
    if (!unstorable(err)) throw err;
    // A note the register cannot store must not keep the case from closing: close without it.
    await writes.closeCase({ ...closing, courtReferral: undefined, withdrawal: undefined, noteNotStored: true });
  }
  await finish(kase);
  return state;
}

/** Every notice sent and every handler finished before the workflow completes. */
export async function finish(kase: ComplaintCase): Promise<CaseState> {
  await kase.notices.allSent();
  await condition(allHandlersFinished);
  return kase.state;
}
