// One complaint case inside its workflow: its state, what each message does to it, and every change
// the procedure makes to it (the last section: only it sets `status`). Whether an action is allowed
// is decided by the pure rules of domain/case-rules.ts; this class adds what needs Temporal: the
// register writes (local activities), the timers and the one-at-a-time lock. The steps of the
// procedure are in ./case-stages.ts, the notices it sends in ./notices.ts: they wait, then tell the
// case what happened.
import { condition, patched } from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import type { ComplaintActivities } from '../activities';
import type { AnswerReceipt } from '../domain/answer-receipt';
import {
  currentStage,
  receiptOf,
  type ActedOn,
  type AnswerHandOverRecord,
  type CaseState,
  type DecisionRecord,
  type EscalationRequest,
  type ExtensionRecord,
  type FileComplaintInput,
  type Receipt,
  type ReviewStage,
  type StageRegistration,
} from '../domain/case';
import type { CaseActionTypes } from '../domain/case-actions';
import {
  ACTION_RULES,
  decisionRecord,
  escalationRequested,
  mayAdoptRecordedDecision,
  redirectionRequested,
  sameComplaint,
  unstorableText,
  type CaseAction,
  type Pending,
} from '../domain/case-rules';
import type {
  AnswerHandOver,
  Assignment,
  CourtReferral,
  Decision,
  Extension,
  Redirection,
  Withdrawal,
} from '../domain/complaint';
import { formOf } from '../domain/complaint-rules';
import { publishCase } from './case-publication';
import { now } from './clock';
import type { FilingAnswer, FilingCheck } from './complaint-messages';
import { deliveries, writes } from './local-activities';
import { Notices, type ExtensionNoticeMarks } from './notices';
import { refuse, unstorable } from './refusals';

type ActionRule<A extends CaseAction> = (typeof ACTION_RULES)[A];

export class ComplaintCase implements ExtensionNoticeMarks {
  readonly state: CaseState;
  readonly notices: Notices;
  /** R11: one extension at a time, each moving the deadline the previous one set. */
  private readonly extensionLock = new Mutex();
  private recordingDecision = false;
  private recordingHandOver = false;
  /** Why the register refused the complaint (text another client let through), if it did. */
  private notRegistered: string | undefined;
  /** A year of the official calendar was loaded while this stage's term was counted without it. */
  recountRequested = false;
  /** A year of the calendar was loaded or corrected while the appeal window runs. */
  appealWindowRecountRequested = false;

  constructor(readonly input: FileComplaintInput) {
    this.notices = new Notices(input.complaintId, this);
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

  /** R9: this stage came from an appeal (the complainant escalated the previous stage's case here). */
  escalatedHere(): boolean {
    const { stages } = this.state;
    return stages.length > 1 && stages[stages.length - 2].escalation !== undefined;
  }

  /** R1: this stage came from a redirection (the previous body forwarded the complaint here). */
  redirectedHere(): boolean {
    return this.stage?.redirectedFrom !== undefined;
  }

  get pending(): Pending {
    return { decisionBeingRecorded: this.recordingDecision, handOverBeingRecorded: this.recordingHandOver };
  }

  // ---------------------------------------------------------------- validators (domain/case-rules.ts)

  /** A case action's validator: the text can be stored, and the action's rule allows it now. */
  check<A extends CaseAction>(action: A, request: CaseActionTypes[A]['request'], on: ActedOn): void {
    const rule = ACTION_RULES[action] as ActionRule<A>;
    refuse(unstorableText(request) ?? rule(this.state, { on, now: Date.now(), request, pending: this.pending }));
  }

  /** A case action, done by the method of its name below. */
  act<A extends CaseAction>(
    action: A,
    request: CaseActionTypes[A]['request'],
    on: ActedOn,
  ): Promise<CaseActionTypes[A]['result']> {
    const method = this[action] as (r: CaseActionTypes[A]['request'], on: ActedOn) => unknown;
    return Promise.resolve(method.call(this, request, on)) as Promise<CaseActionTypes[A]['result']>;
  }

  checkAdoptRecordedDecision(stage: number): void {
    refuse(mayAdoptRecordedDecision(this.state, stage));
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

  letterPosted(posted: { notificationKey: string; postedAt: string }): void {
    this.notices.letterPosted(posted);
  }

  /**
   * R8, R10: a term counted without the official calendar is recounted once a year is loaded; a
   * term under review is recounted when a loaded year is corrected too (an unchanged term stays).
   */
  calendarLoaded(): void {
    // R9, R13: the appeal window's last day may have become a day off (only windows counted to a
    // working last day carry appealDeadline, so older histories never reach the patch here).
    if (this.is('decided') && this.stage?.appealDeadline && patched('calendar-correction-recounts-appeal-window')) {
      this.appealWindowRecountRequested = true;
      return;
    }
    if (this.stage?.calendarHasData === false) this.recountRequested = true;
    else if (this.is('under_review') && patched('calendar-correction-recounts-terms')) this.recountRequested = true;
  }

  async assign({ officialName }: Assignment, on: ActedOn | undefined): Promise<CaseState> {
    const s = this.stage!;
    const before = { assignedTo: s.assignedTo, assignedBy: s.assignedBy };
    s.assignedTo = officialName;
    if (on) s.assignedBy = on.actor;
    try {
      await writes.recordAssignment({
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
        extended = await writes.extendReview({
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
      this.notices.sendExtensionNotice(s.stage, record, extended.notificationKeys);
      return record;
    });
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
    return this.takeDecision(decisionRecord(decision, on, now()));
  }

  /** R8: the decision the register holds and this workflow lost (a restore), taken as it was recorded. */
  async adoptRecordedDecision(record: DecisionRecord) {
    return this.takeDecision(record);
  }

  private async takeDecision(record: DecisionRecord) {
    const s = this.stage!;
    this.decided(record);
    this.recordingDecision = true;
    let notificationKeys: string[];
    try {
      ({ notificationKeys } = await writes.recordDecision({
        complaintId: this.state.complaintId,
        stage: s.stage,
        decision: record,
        appealWindow: { months: this.input.appealWindowMonths, days: this.input.appealWindowDays },
      }));
    } catch (err) {
      const refused = unstorable(err);
      if (!refused) throw err;
      this.recordingDecision = false;
      this.decisionNotStored(s);
      throw refused;
    }
    this.recordingDecision = false;
    this.notices.add(
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
      await writes.recordEvent({
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
  async escalate(request: EscalationRequest, on: ActedOn | undefined): Promise<Receipt> {
    const from = this.stage!;
    from.escalation = { ...request, at: now(), ...(on ? { by: on.actor } : {}) };
    await condition(() => this.stage !== from);
    return receiptOf(this.state.complaintId, this.stage!);
  }

  async referToCourt(request: CourtReferral, on: ActedOn | undefined): Promise<CaseState> {
    this.referredToCourt({ ...request, at: now(), ...(on ? { by: on.actor } : {}) });
    return this.state;
  }

  async withdraw(request: Withdrawal, on: ActedOn | undefined): Promise<CaseState> {
    this.withdrawn({ ...request, at: now(), ...(on ? { by: on.actor } : {}) });
    return this.state;
  }

  /** Temporal's view of the case (search attributes, the register line) after each change. */
  publish(): void {
    publishCase(this.state);
  }

  // ---------------------------------------------------------------- what happens to the case
  // Every change the procedure makes to the case's state, named for what happened: the stages
  // (./case-stages.ts) and the notices (./notices.ts) wait, then call one of these. Only these set
  // `status` (test/unit/case-state-owner.test.ts holds it); each publishes where the stages did.

  /** R3, R8, R10: the body registered the stage (number, date, term); R1: a forwarded one names where from. */
  registered(registration: StageRegistration): void {
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
  }

  /** The register refused the complaint (text another client let through): nothing is half-registered. */
  registrationRefused(reason: string): void {
    this.notRegistered = reason;
    this.state.status = 'not_registered';
  }

  /** R8, R10: the term passed without a decision; the case still waits for it. */
  markedOverdue(): void {
    this.stage!.overdue = true;
    this.publish();
  }

  /** The term is being counted again: a calendar loaded from now on asks for another count. */
  termRecountStarted(): void {
    this.recountRequested = false;
  }

  /** R8, R10: the term counted again; a stage whose new end is still ahead is no longer overdue. */
  termRecounted(recounted: Awaited<ReturnType<ComplaintActivities['recountDeadline']>>): void {
    const s = this.stage!;
    s.deadline = recounted.deadline;
    s.calendarHasData = recounted.calendarHasData;
    if (s.overdue && recounted.overdueCleared && patched('calendar-correction-recounts-terms')) s.overdue = false;
    this.publish();
  }

  /** R8: the taken decision, before its register write. */
  decided(record: DecisionRecord): void {
    this.stage!.decision = record;
    this.state.status = 'decided';
    this.publish();
  }

  /** Nothing of the decision was stored: the stage is undecided again and the official is told why. */
  decisionNotStored(s: ReviewStage): void {
    s.decision = undefined;
    this.state.status = 'under_review';
    this.publish();
  }

  /** R8: the answer reached the complainant (R9, R13: the appeal window runs from it). */
  answerDelivered(at: string): void {
    this.stage!.answerDeliveredAt = at;
  }

  /** Before patch `appeal-window-to-end-of-last-working-day`: the window ends at the delivery's time of day. */
  appealWindowOpenedAtDelivery(endsAt: string): void {
    this.stage!.appealWindowEndsAt = endsAt;
  }

  /** R9, R13: the appeal window opened, or was counted again: its last day and end, and what it runs from. */
  appealWindowOpened(
    window: Awaited<ReturnType<ComplaintActivities['openAppealWindow']>>,
    { from, basis }: AnswerReceipt,
  ): void {
    Object.assign(this.stage!, window, { appealWindowFrom: from, receiptPresumed: basis === 'presumed' });
  }

  /** The appeal window is being counted: a calendar correction from now on asks for another count. */
  appealWindowRecountStarted(): void {
    this.appealWindowRecountRequested = false;
  }

  /** R12: the electronic extension notice was entered in the personal cabinet. */
  extensionNoticeGivenInCabinet(record: ExtensionRecord): void {
    record.noticeInCabinetAt = now();
  }

  /** R12: the extension notice was not sent within its 3 working days. */
  extensionNoticeLate(record: ExtensionRecord): void {
    record.noticeBreached = true;
  }

  /** R12: the extension notice was sent (posted, for a paper complaint). */
  extensionNoticeSent(record: ExtensionRecord): void {
    record.noticeSentAt = now();
  }

  /** R13: the complainant went to court; the case closes as referred. */
  referredToCourt(referral: NonNullable<CaseState['courtReferral']>): void {
    this.state.courtReferral = referral;
    this.state.status = 'referred_to_court';
  }

  /** The complainant withdrew the complaint; the case closes as withdrawn. */
  withdrawn(withdrawal: NonNullable<CaseState['withdrawal']>): void {
    this.state.withdrawal = withdrawal;
    this.state.status = 'withdrawn';
  }

  /** R9, R13: the case ends: an answer not appealed within the window closes it; withdrawn or referred stays so. */
  closed(): void {
    if (this.state.status === 'decided') this.state.status = 'closed';
    this.state.closedAt = now();
    this.publish();
  }
}
