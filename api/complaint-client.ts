import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { ComplaintInput } from '../domain/complaint';
import type { complaintWorkflow } from '../workflows/complaint';
import {
  complaintWorkflowId,
  registrationReceipt,
  type FileComplaintInput,
  type Receipt,
} from '../workflows/complaint-messages';
import { filingSummary } from '../workflows/register-line';
import { CaseStatus, Channel, ReviewingBody } from '../workflows/search-attributes';

export interface FileComplaintOptions {
  complaintId: string;
  complaint: ComplaintInput;
  receivedAt: Date;
  filedBy?: string;
  appealWindowDays: number;
  appealWindowMonths?: number;
  taskQueue: string;
}

/**
 * Starts the complaint's workflow and waits for its registration in one call (update-with-start).
 * The workflow id comes from the complaint id, and an existing workflow is reused, so a repeated
 * filing with the same id gets the same complaint and receipt, never a second workflow.
 */
export async function fileComplaint(client: Client, options: FileComplaintOptions): Promise<Receipt> {
  const input: FileComplaintInput = {
    complaintId: options.complaintId,
    complaint: options.complaint,
    receivedAt: options.receivedAt.toISOString(),
    filedBy: options.filedBy,
    appealWindowDays: options.appealWindowDays,
    ...(options.appealWindowMonths ? { appealWindowMonths: options.appealWindowMonths } : {}),
  };
  const start = new WithStartWorkflowOperation<typeof complaintWorkflow>('complaintWorkflow', {
    workflowId: complaintWorkflowId(options.complaintId),
    taskQueue: options.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    // Searchable and readable as a register line from the first event, before registration.
    staticSummary: filingSummary(input),
    typedSearchAttributes: [
      { key: CaseStatus, value: 'registering' },
      { key: ReviewingBody, value: input.complaint.addressedTo },
      { key: Channel, value: input.complaint.channel },
    ],
  });
  return client.workflow.executeUpdateWithStart(registrationReceipt, { startWorkflowOperation: start });
}
