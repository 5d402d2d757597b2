// One complaint case inside its workflow: the state, each action's effect, and the steps of the
// procedure that workflows/complaint.ts runs in order. Whether an action is allowed is decided by
// the pure rules of domain/case-rules.ts; this class adds what needs Temporal: the register writes
// (local activities), the timers and the one-at-a-time lock.
import {
  allHandlersFinished,
  condition,
  patched,
  proxyLocalActivities,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import type { ComplaintActivities } from '../activities';
import {
  currentStage,
  receiptOf,
  type ActedOn,
  type AnswerHandOverRecord,
  type CaseState,
  type ExtensionRecord,
  type FileComplaintInput,
  type Receipt,
  type ReviewStage,
} from '../domain/case';
import {
  answerDeliveredAt,
  decisionRecord,
  escalationRequested,
  mayAssign,
  mayDecide,
  mayEscalate,
  mayExtend,
  mayHandOverAnswer,
  mayRedirect,
  mayReferToCourt,
  mayWithdraw,
  redirectionRequested,
  sameComplaint,
  unstorableText,
  type Pending,
} from '../domain/case-rules';
import type {
  AnswerHandOver,
  Assignment,
  CourtReferral,
  Decision,
  Escalation,
  Extension,
  Redirection,
  Withdrawal,
} from '../domain/complaint';
import { appealWindowEnd, formOf } from '../domain/complaint-rules';
import type { FilingAnswer, FilingCheck } from './complaint-messages';
import { refuse, unstorable } from './refusals';
import { registerLine } from './register-line';
import { CaseStatus, Channel, IncomingNumber, Overdue, ReviewDeadline, ReviewingBody } from './search-attributes';

// Short, idempotent writes to the register and deliveries: local activities, one marker event
// each in the history instead of three plus a workflow task (a full lifecycle stays small).
const acts = proxyLocalActivities<ComplaintActivities>({
  startToCloseTimeout: '30 seconds',
  // Postgres or a mail server may be down for a while: keep retrying, never give up on a complaint.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Deliveries reach mail servers and gateways that may be out for days: after a few quick tries the
// retries wait on Temporal timers, at most an hour apart (a notice leaves within the hour after
// the server is back), so the case's timers (the R12 clock) keep running meanwhile, a long outage
// does not hold a workflow task open and a history gains a few events an hour, not hundreds.
const deliveries = proxyLocalActivities<Pick<ComplaintActivities, 'deliverNotifications'>>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

const DAY_MS = 86_400_000;
const now = () => new Date().toISOString();

/** Where the next stage is registered: the body, when the complaint reached it, who accepted it (R3). */
export interface NextStage {
  bodyId: string;
  receivedAt: string;
  receivedBy: string | null;
}

export class ComplaintCase {
  readonly state: CaseState;
  private readonly postedLetters = new Map<string, string>(); // notification key → when the post room posted it
  private readonly notices: Promise<void>[] = [];
  /** R11: one extension at a time, each moving the deadline the previous one set. */
  private readonly extensionLock = new Mutex();
  private recordingDecision = false;
  private recordingHandOver = false;
  private notRegistered: string | undefined;
  /** A year of the official calendar was loaded while this stage's term was counted without it. */
  private recountRequested = false;

  constructor(private readonly input: FileComplaintInput) {
    this.state = {
      complaintId: input.complaintId,
      status: 'registering',
      channel: input.complaint.channel,
      form: formOf(input.complaint.channel),
      stages: [],
    };
  }

  get stage(): ReviewStage | undefined {
    return currentStage(this.state);
  }

  is(...statuses: CaseState['status'][]): boolean {
    return statuses.includes(this.state.status);
  }

  /** R9: an escalation was asked for; the quality-control body's stage comes next. */
  escalating(): boolean {
    return escalationRequested(this.state);
  }

  /** R1: the complaint is being forwarded to the competent body; its stage there comes next. */
  redirecting(): boolean {
    return redirectionRequested(this.state);
  }

  /** R1: this stage came from a redirection (the previous body forwarded the complaint here). */
  redirectedHere(): boolean {
    return this.stage?.redirectedFrom !== undefined;
  }

  private get pending(): Pending {
    return { decisionBeingRecorded: this.recordingDecision, handOverBeingRecorded: this.recordingHandOver };
  }

  // ---------------------------------------------------------------- validators (domain/case-rules.ts)

  checkAssign(request: Assignment, on: ActedOn): void {
    refuse(unstorableText(request) ?? mayAssign(this.state, on));
  }
  checkExtend(request: Extension, on: ActedOn): void {
    refuse(unstorableText(request) ?? mayExtend(this.state, on, Date.now(), request.workingDays));
  }
  checkRedirect(request: Redirection, on: ActedOn): void {
    refuse(unstorableText(request) ?? mayRedirect(this.state, on, Date.now(), request.toBodyId));
  }
  checkDecide(decision: Decision, on: ActedOn): void {
    refuse(unstorableText(decision) ?? mayDecide(this.state, on, decision.decidedBy));
  }
  checkHandOverAnswer(request: AnswerHandOver, on: ActedOn): void {
    refuse(unstorableText(request) ?? mayHandOverAnswer(this.state, on, Date.now(), request.at, this.pending));
  }
  checkEscalate(request: Escalation, on: ActedOn): void {
    refuse(unstorableText(request) ?? mayEscalate(this.state, on, this.pending));
  }
  checkReferToCourt(request: CourtReferral, on: ActedOn): void {
    refuse(unstorableText(request) ?? mayReferToCourt(this.state, on, this.pending));
  }
  checkWithdraw(request: Withdrawal, on: ActedOn): void {
    refuse(unstorableText(request) ?? mayWithdraw(this.state, on));
  }

  checkReceipt(check: FilingCheck | undefined): void {
    refuse(sameComplaint(this.input.complaintDigest, check?.complaintDigest));
  }

  // ---------------------------------------------------------------- actions

  /**
   * Waits for registration of the first stage: the API answers the filing with its receipt (R3)
   * and the case's status now (a repeated Idempotency-Key may find it decided).
   */
  async receipt(): Promise<FilingAnswer> {
    await condition(() => this.state.stages.length > 0 || this.notRegistered !== undefined);
    if (this.notRegistered !== undefined) refuse({ kind: 'UnstorableValue', message: this.notRegistered });
    return {
      ...receiptOf(this.state.complaintId, this.state.stages[0]),
      status: this.state.status,
      complaintChecked: !!this.input.complaintDigest,
    };
  }

  letterPosted({ notificationKey, postedAt }: { notificationKey: string; postedAt: string }): void {
    this.postedLetters.set(notificationKey, postedAt);
  }

  /** Issue 13: a term counted without the official calendar is recounted once a year is loaded. */
  calendarLoaded(): void {
    if (this.stage?.calendarHasData === false) this.recountRequested = true;
  }

  async assign({ officialName }: Assignment, on: ActedOn | undefined): Promise<CaseState> {
    const s = this.stage!;
    const before = { assignedTo: s.assignedTo, assignedBy: s.assignedBy };
    s.assignedTo = officialName;
    if (on) s.assignedBy = on.actor;
    try {
      await acts.recordAssignment({
        complaintId: this.state.complaintId,
        stage: s.stage,
        officialName,
        at: now(),
        by: on?.actor,
      });
    } catch (err) {
      Object.assign(s, before);
      throw unstorable(err) ?? err;
    }
    return this.state;
  }

  // R11: the days are claimed at once, so a concurrent request's validator sees them; the lock
  // then lets each extension move the deadline the previous one set.
  async extend(request: Extension, on: ActedOn | undefined): Promise<ExtensionRecord> {
    const s = this.stage!;
    s.extendedDays += request.workingDays;
    return this.extensionLock.runExclusive(async () => {
      const number = s.extensions.length + 1;
      const at = now();
      let extended: Awaited<ReturnType<ComplaintActivities['extendReview']>>;
      try {
        extended = await acts.extendReview({
          complaintId: this.state.complaintId,
          stage: s.stage,
          number,
          ...request,
          at,
          deadline: s.deadline,
          by: on?.actor,
        });
      } catch (err) {
        s.extendedDays -= request.workingDays;
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
      this.publish();
      this.notices.push(this.deliverExtensionNotice(s.stage, record, extended.notificationKeys));
      return record;
    });
  }

  // R12: the notice with the reasons is sent within 3 working days: in writing for paper
  // complaints (sent once the post room has posted it), electronically otherwise.
  // The clock runs from the extension: a mail or SMS outage that holds the notice up makes it late.
  private async deliverExtensionNotice(stageNo: number, record: ExtensionRecord, keys: string[]): Promise<void> {
    const { complaintId } = this.state;
    let awaitingPost: string[] | undefined;
    const delivering = deliveries.deliverNotifications({ complaintId, notificationKeys: keys }).then((delivery) => {
      awaitingPost = delivery.awaitingPost;
    });
    // Before patch `notice-clock-from-extension` the clock started once the delivery had succeeded.
    if (!patched('notice-clock-from-extension')) await delivering;
    const sent = () => awaitingPost !== undefined && awaitingPost.every((key) => this.postedLetters.has(key));
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
    await delivering;
    record.noticeSentAt = now();
  }

  /** R1: answers with the receipt of the competent body's stage once it is registered. */
  async redirect(request: Redirection, on: ActedOn | undefined): Promise<Receipt> {
    const from = this.stage!;
    from.redirection = { ...request, at: now(), ...(on ? { by: on.actor } : {}) };
    await condition(() => this.stage !== from);
    return receiptOf(this.state.complaintId, this.stage!);
  }

  // R8, R10: the reasoned answer, recorded before the official is told it is done; its letters
  // leave in the background, so a mail outage does not hold the official up.
  async decide(decision: Decision, on: ActedOn | undefined) {
    const s = this.stage!;
    const record = decisionRecord(decision, on, now());
    s.decision = record;
    this.state.status = 'decided';
    this.publish();
    this.recordingDecision = true;
    let notificationKeys: string[];
    try {
      ({ notificationKeys } = await acts.recordDecision({
        complaintId: this.state.complaintId,
        stage: s.stage,
        decision: record,
      }));
    } catch (err) {
      const refused = unstorable(err);
      if (!refused) throw err;
      // Nothing was stored: the stage is undecided again and the official is told why.
      s.decision = undefined;
      this.state.status = 'under_review';
      this.recordingDecision = false;
      this.publish();
      throw refused;
    }
    this.recordingDecision = false;
    this.notices.push(
      deliveries
        .deliverNotifications({ complaintId: this.state.complaintId, notificationKeys })
        .then(({ awaitingPost }) => {
          s.answerLetters = awaitingPost;
        }),
    );
    return record;
  }

  // R8: the paper answer handed over at the office, or refused by the complainant: the answer is
  // delivered then, and the appeal window starts from it (appealWindow sees it at once).
  async handOverAnswer(request: AnswerHandOver, on: ActedOn | undefined): Promise<AnswerHandOverRecord> {
    const s = this.stage!;
    const recordedAt = now();
    const record: AnswerHandOverRecord = {
      ...request,
      at: request.at === undefined ? recordedAt : new Date(request.at).toISOString(),
      recordedAt,
      ...(on ? { by: on.actor } : {}),
    };
    // Claimed at once, so a second hand-over is refused; the appeal window waits until it is
    // recorded, so its own writes and timer follow the update's in every replay.
    s.answerHandOver = record;
    this.recordingHandOver = true;
    try {
      await acts.recordEvent({
        complaintId: this.state.complaintId,
        stage: s.stage,
        key: `s${s.stage}-answer-${record.outcome === 'handed_over' ? 'handed-over' : 'refused-to-collect'}`,
        kind: record.outcome === 'handed_over' ? 'answer_handed_over' : 'answer_refused_to_collect',
        at: record.at,
        data: { ...request, at: record.at, recordedAt, ...(on ? { by: on.actor } : {}) },
      });
    } catch (err) {
      s.answerHandOver = undefined;
      throw unstorable(err) ?? err;
    } finally {
      this.recordingHandOver = false;
    }
    return record;
  }

  /** R9: answers with the receipt of the quality-control body's stage once it is registered. */
  async escalate(request: Escalation, on: ActedOn | undefined): Promise<Receipt> {
    const from = this.stage!;
    from.escalation = { ...request, at: now(), ...(on ? { by: on.actor } : {}) };
    await condition(() => this.stage !== from);
    return receiptOf(this.state.complaintId, this.stage!);
  }

  async referToCourt(request: CourtReferral, on: ActedOn | undefined): Promise<CaseState> {
    this.state.courtReferral = { ...request, at: now(), ...(on ? { by: on.actor } : {}) };
    this.state.status = 'referred_to_court';
    return this.state;
  }

  async withdraw(request: Withdrawal, on: ActedOn | undefined): Promise<CaseState> {
    this.state.withdrawal = { ...request, at: now(), ...(on ? { by: on.actor } : {}) };
    this.state.status = 'withdrawn';
    return this.state;
  }

  // ---------------------------------------------------------------- the steps of the procedure

  /** R1: the first stage goes to the body the complaint is addressed to. */
  firstStage(): NextStage {
    const { complaint, receivedAt } = this.input;
    return { bodyId: complaint.addressedTo, receivedAt, receivedBy: complaint.receivedBy ?? null };
  }

  /** R1: a forwarded complaint goes to the competent body; R9: an appeal to the quality-control body above. */
  nextStage(): NextStage {
    const s = this.stage!;
    if (s.redirection) return { bodyId: s.redirection.toBodyId, receivedAt: s.redirection.at, receivedBy: null };
    return { bodyId: s.escalatesTo!, receivedAt: now(), receivedBy: null };
  }

  /**
   * R3, R8, R10: the body registers the complaint with its number and term. False when the register
   * cannot store the complaint (text another client let through): nothing is half-registered.
   */
  async register(next: NextStage): Promise<boolean> {
    const first = this.state.stages.length === 0;
    let registration: Awaited<ReturnType<ComplaintActivities['registerComplaint']>> | undefined;
    try {
      const escalation = first ? undefined : this.stage?.escalation;
      const redirection = first ? undefined : this.stage?.redirection;
      registration = await acts.registerComplaint({
        complaintId: this.state.complaintId,
        workflowId: workflowInfo().workflowId,
        stage: this.state.stages.length + 1,
        ...next,
        complaint: first ? this.input.complaint : undefined,
        filedBy: this.input.filedBy,
        ...(escalation?.by ? { escalatedBy: escalation.by } : {}),
        ...(redirection
          ? { redirectedFrom: { bodyId: this.stage!.bodyId, ...(redirection.by ? { by: redirection.by } : {}) } }
          : {}),
      });
    } catch (err) {
      const refused = first ? unstorable(err) : undefined;
      if (!refused) throw err;
      this.notRegistered = refused.message;
    }
    if (!registration) {
      this.state.status = 'not_registered';
      return false;
    }
    const from = this.stage?.redirection ? this.stage.bodyId : undefined;
    this.state.stages.push({
      ...registration,
      extendedDays: 0,
      extensions: [],
      overdue: false,
      ...(from ? { redirectedFrom: from } : {}),
    });
    this.state.status = 'under_review';
    this.publish();
    return true;
  }

  /** R1: the hand-off on the timeline, and the complainant told where the complaint went and why. */
  async tellRedirection(): Promise<void> {
    const to = this.stage!;
    const from = this.state.stages[this.state.stages.length - 2];
    const { complaintId } = this.state;
    const { notificationKeys } = await acts.recordRedirection({
      complaintId,
      fromStage: from.stage,
      toStage: to.stage,
      toBodyId: to.bodyId,
      reason: from.redirection!.reason,
      at: from.redirection!.at,
      ...(from.redirection!.by ? { by: from.redirection!.by } : {}),
    });
    this.notices.push(acts.deliverNotifications({ complaintId, notificationKeys }).then(() => undefined));
  }

  // R8, R10: wait for the decision until the end of the term; past it, the case is overdue and
  // still waits (R4 marks, head alerted, complainant told of escalation).
  async review(): Promise<void> {
    const s = this.stage!;
    const stageOver = () => !this.is('under_review') || this.escalating() || this.redirecting();
    while (!stageOver()) {
      const deadline = s.deadline;
      const remaining = Date.parse(deadline) - Date.now();
      if (!s.overdue && remaining <= 0) {
        s.overdue = true;
        this.publish();
        const { complaintId } = this.state;
        const { notificationKeys } = await acts.markOverdue({ complaintId, stage: s.stage, at: now() });
        this.notices.push(deliveries.deliverNotifications({ complaintId, notificationKeys }).then(() => undefined));
        continue;
      }
      await condition(
        () => stageOver() || s.deadline !== deadline || this.recountRequested,
        s.overdue ? undefined : remaining,
      );
      if (this.recountRequested && !stageOver()) await this.recountTerm(s);
    }
  }

  /** Issue 13: the term counted again over the loaded calendar; the review then waits for the new end. */
  private async recountTerm(s: ReviewStage): Promise<void> {
    this.recountRequested = false;
    const recounted = await acts.recountDeadline({ complaintId: this.state.complaintId, stage: s.stage, at: now() });
    s.deadline = recounted.deadline;
    s.calendarHasData = recounted.calendarHasData;
    this.publish();
  }

  private appealed(): boolean {
    return this.escalating() || this.is('referred_to_court');
  }

  // R9, R13: the window for escalation or court runs from the delivery of the answer (R8).
  async appealWindow(): Promise<void> {
    const s = this.stage!;
    const delivered = () => answerDeliveredAt(this.state.form, s, this.postedLetters, this.pending);
    await condition(() => this.appealed() || delivered() !== undefined);
    if (this.appealed()) return;
    s.answerDeliveredAt = delivered();
    const endsAt = appealWindowEnd(new Date(s.answerDeliveredAt!), {
      months: this.input.appealWindowMonths,
      days: this.input.appealWindowDays,
    });
    s.appealWindowEndsAt = endsAt.toISOString();
    await acts.recordEvent({
      complaintId: this.state.complaintId,
      stage: s.stage,
      key: `s${s.stage}-answer-delivered`,
      kind: 'answer_delivered',
      at: now(),
      data: { deliveredAt: s.answerDeliveredAt, appealWindowEndsAt: s.appealWindowEndsAt },
    });
    await condition(() => this.appealed(), Math.max(0, endsAt.getTime() - Date.now()));
  }

  /** Before patch `appeal-window-from-delivery`: the window ran from the decision, in days. */
  async appealWindowFromDecision(): Promise<void> {
    await condition(() => this.appealed(), this.input.appealWindowDays * DAY_MS);
  }

  /** The case ends: closed unappealed, withdrawn or referred to court; the register is told. */
  async close(): Promise<CaseState> {
    const { state } = this;
    // R9, R13: an answer not appealed within the window closes the case.
    if (state.status === 'decided') state.status = 'closed';
    state.closedAt = now();
    this.publish();
    const closing = {
      complaintId: state.complaintId,
      stage: this.stage!.stage,
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
    await this.finish();
    return state;
  }

  /** Every notice sent and every handler finished before the workflow completes. */
  async finish(): Promise<CaseState> {
    await Promise.all(this.notices);
    await condition(allHandlersFinished);
    return this.state;
  }

  private publish(): void {
    const { state } = this;
    const s = this.stage;
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
}
