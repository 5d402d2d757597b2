import { createHash } from 'node:crypto';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { ComplaintInput } from '../domain/complaint';
import type { complaintWorkflow } from '../workflows/complaint';
import { complaintWorkflowId, registrationReceipt, type FilingAnswer } from '../workflows/complaint-messages';
import type { FileComplaintInput } from '../domain/case';
import type { ProcedureSettings } from '../domain/procedure-settings';
import { filingSummary } from '../workflows/register-line';
import { CaseStatus, Channel, ReviewingBody } from '../workflows/search-attributes';

/** The procedure's settings (the appeal window) travel with each complaint, in its workflow input. */
export interface FileComplaintOptions extends ProcedureSettings {
  complaintId: string;
  complaint: ComplaintInput;
  receivedAt: Date;
  filedBy?: string;
  taskQueue: string;
}

/** JSON with every object's keys in order: the same complaint gives the same text however its fields were sent. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What the workflow compares a repeated filing by: SHA-256 of the complaint's canonical JSON. */
export function complaintDigest(complaint: ComplaintInput): string {
  return createHash('sha256').update(canonicalJson(complaint)).digest('base64url');
}

/**
 * Starts the complaint's workflow and waits for its registration in one call (update-with-start).
 * The workflow id comes from the complaint id, and a running workflow is reused, so a repeated
 * filing with the same id gets the same complaint and receipt, never a second workflow; the
 * workflow refuses it when it carries another complaint (its digest differs). A workflow that has
 * completed is not started again: WorkflowExecutionAlreadyStartedError (the caller answers from
 * the closed case).
 */
export async function fileComplaint(client: Client, options: FileComplaintOptions): Promise<FilingAnswer> {
  const digest = complaintDigest(options.complaint);
  const input: FileComplaintInput = {
    complaintId: options.complaintId,
    complaint: options.complaint,
    receivedAt: options.receivedAt.toISOString(),
    filedBy: options.filedBy,
    appealWindowDays: options.appealWindowDays,
    ...(options.appealWindowMonths ? { appealWindowMonths: options.appealWindowMonths } : {}),
    complaintDigest: digest,
  };
  const start = new WithStartWorkflowOperation<typeof complaintWorkflow>('complaintWorkflow', {
    workflowId: complaintWorkflowId(options.complaintId),
    taskQueue: options.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    // A run that failed or was terminated may be filed again (registration finds what it stored).
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    // Searchable and readable as a register line from the first event, before registration.
    staticSummary: filingSummary(input),
    typedSearchAttributes: [
      { key: CaseStatus, value: 'registering' },
      { key: ReviewingBody, value: input.complaint.addressedTo },
      { key: Channel, value: input.complaint.channel },
    ],
  });
  return client.workflow.executeUpdateWithStart(registrationReceipt, {
    args: [{ complaintDigest: digest }],
    startWorkflowOperation: start,
  });
}
