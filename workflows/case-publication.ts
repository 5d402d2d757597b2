// What Temporal shows of a case: the search attributes auditors filter by and the register line
// on its page in the Temporal UI. Numbers, bodies, dates and flags only, no personal data.
import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { currentStage, type CaseState } from '../domain/case';
import { registerLine } from './register-line';
import { CaseStatus, Channel, IncomingNumber, Overdue, ReviewDeadline, ReviewingBody } from './search-attributes';

export function publishCase(state: CaseState): void {
  const s = currentStage(state);
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
  if (s) setCurrentDetails(registerLine(state, s));
}
