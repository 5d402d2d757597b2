// How the workflow tells a caller no: a case rule's refusal (domain/case-rules.ts) or a register
// write PostgreSQL refused for its content, as a non-retryable failure the API maps to its status.
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { Refusal } from '../domain/case-rules';

/** Throws the refusal, if any: from a validator, nothing is written to the history. */
export function refuse(refusal: Refusal | undefined): void {
  if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.kind);
}

/** A register write that PostgreSQL refused for its content (activities/failures.ts): retrying cannot help. */
export function unstorable(err: unknown): ApplicationFailure | undefined {
  // A local activity's failure may reach the workflow as the ApplicationFailure itself.
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure && cause.type === 'UnstorableValue'
    ? ApplicationFailure.nonRetryable(cause.message, 'UnstorableValue')
    : undefined;
}
