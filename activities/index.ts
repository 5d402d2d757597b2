import type { Client } from '@temporalio/client';
import type { Db } from '../db/database';
import { archiveClosedHistories } from './archive';
import { openAppealWindow, type OpenAppealWindowRequest } from './appeal-window';
import type { ClosedCaseCursor } from '../db/workflow-histories';
import { appendEvent, type TimelineEvent } from '../db/timeline';
import { deliverPending } from './notifications';
import { sendOverdueDigests } from './overdue-digest';
import { recordEscalation, type RecordEscalationRequest } from './escalation';
import { recordRedirection, type RecordRedirectionRequest } from './redirection';
import { registerComplaint, type RegisterComplaintRequest } from './registration';
import {
  closeCase,
  extendReview,
  markOverdue,
  recordAssignment,
  recordDecision,
  recountDeadline,
  type AssignmentRequest,
  type CloseCaseRequest,
  type ExtendReviewRequest,
  type RecordDecisionRequest,
} from './review';
import { scrubbedFailures } from './failures';
import type { MessageTransport } from './transport';

export interface ActivityDependencies {
  db: Db;
  transport: MessageTransport;
  /** For the history archiver, which reads closed workflows' histories. */
  temporal: Client;
}

/**
 * The complaint workflow's activities, bound to their dependencies (no globals). Their failures
 * are scrubbed of personal data, and a value PostgreSQL can never store fails for good
 * (activities/failures.ts).
 */
export function createActivities({ db, transport, temporal }: ActivityDependencies) {
  return scrubbedFailures({
    registerComplaint: (req: RegisterComplaintRequest) => registerComplaint(db, req),
    extendReview: (req: ExtendReviewRequest) => extendReview(db, req),
    recountDeadline: (req: { complaintId: string; stage: number; at: string }) => recountDeadline(db, req),
    markOverdue: (req: { complaintId: string; stage: number; at: string }) => markOverdue(db, req),
    recordAssignment: (req: AssignmentRequest) => recordAssignment(db, req),
    recordDecision: (req: RecordDecisionRequest) => recordDecision(db, req),
    closeCase: (req: CloseCaseRequest) => closeCase(db, req),
    openAppealWindow: (req: OpenAppealWindowRequest) => openAppealWindow(db, req),
    recordRedirection: (req: RecordRedirectionRequest) => recordRedirection(db, req),
    recordEscalation: (req: RecordEscalationRequest) => recordEscalation(db, req),
    recordEvent: (event: TimelineEvent) => appendEvent(db, event),
    deliverNotifications: (req: { complaintId: string; notificationKeys: string[] }) =>
      deliverPending(db, transport, req.complaintId, req.notificationKeys),
    sendOverdueDigests: (req: { at: string }) => sendOverdueDigests(db, transport, req),
    archiveClosedHistories: (request: { limit: number; after?: ClosedCaseCursor }) =>
      archiveClosedHistories(db, temporal, request),
  });
}

export type ComplaintActivities = ReturnType<typeof createActivities>;
export { fileTransport, type MessageTransport } from './transport';
