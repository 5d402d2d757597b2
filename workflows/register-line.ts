import type { CaseState, FileComplaintInput, ReviewStage } from '../domain/case';

// How a case reads in the Temporal UI, as a line of the register: numbers, bodies, status and
// term, never the complainant. Shared by the workflow (current details) and the API (summary).

/** Fixed at the start, before registration gives the number: addressee, channel, date of receipt. */
export function filingSummary(input: Pick<FileComplaintInput, 'complaint' | 'receivedAt'>): string {
  return `Complaint to ${input.complaint.addressedTo} · ${input.complaint.channel} · received ${input.receivedAt.slice(0, 10)}`;
}

/** After each change: `AKM-2026-000012 → QCB-2026-000003 · qcb-almaty · under_review · term to 2026-12-18`. */
export function registerLine(state: Pick<CaseState, 'status' | 'stages'>, current: ReviewStage): string {
  const numbers = state.stages.map((s) => s.incomingNumber).join(' → ');
  const term =
    state.status === 'under_review'
      ? ` · term to ${current.deadline.slice(0, 10)}${current.overdue ? ' (overdue)' : ''}`
      : '';
  return `${numbers} · ${current.bodyId} · ${state.status}${term}`;
}
