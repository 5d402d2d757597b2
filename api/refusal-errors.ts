// The case rules' refusals as API errors (domain/refusal-answers.ts says how each is answered),
// whether the workflow's validator refused or the API checked what only it can know.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Refusal, RefusalKind } from '../domain/case-rules';
import { REFUSAL_ANSWERS } from '../domain/refusal-answers';
import { ApiError } from './errors';

export function refusalError(refusal: Refusal): ApiError {
  const answer = REFUSAL_ANSWERS[refusal.kind];
  const details = answer.field ? [{ path: answer.field, message: refusal.message }] : [];
  return new ApiError(answer.status, answer.code, refusal.message, details);
}

/** A validator's refusal, or a workflow that has already ended (409 `case_closed`), as an API error. */
export function toTransitionError(err: unknown): unknown {
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause as { message?: string; type?: string } | undefined;
    const kind = (cause?.type ?? 'TransitionNotAllowed') as RefusalKind;
    return refusalError({
      kind: kind in REFUSAL_ANSWERS ? kind : 'TransitionNotAllowed',
      message: cause?.message ?? 'the action is not allowed now',
    });
  }
  const name = (err as { name?: string })?.name;
  if (name === 'WorkflowNotFoundError' || /already completed/i.test(String((err as Error)?.message))) {
    return new ApiError(409, 'case_closed', 'the case is closed; no further action is possible');
  }
  return err;
}
