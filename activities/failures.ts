// How an activity's failure leaves it. PostgreSQL's errors quote what they refused (a
// JSON fragment of the complaint, IIN included) in their message, detail and context, and the
// worker logs and the Temporal history keep a failure's message on every retry. So a failure
// leaves with its message scrubbed and nothing else; and a value PostgreSQL can never store
// (SQLSTATE class 22, data exception: NUL, a lone surrogate, an out-of-range value) fails for
// good as `UnstorableValue`, which the workflow handles, instead of being retried forever.
import { ApplicationFailure } from '@temporalio/activity';
import { scrubMessage } from '../domain/log-scrub';

export function scrubbedFailure(err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err; // our own, written without personal data
  const e = err as { name?: unknown; code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = scrubMessage(String(e?.message ?? err));
  if (code && /^22[0-9A-Z]{3}$/.test(code)) {
    return ApplicationFailure.nonRetryable(
      `the register cannot store a value of this request (SQLSTATE ${code}: ${message})`,
      'UnstorableValue',
    );
  }
  const failure = ApplicationFailure.retryable(
    code ? `${message} (${code})` : message,
    typeof e?.name === 'string' ? e.name : 'Error',
  );
  failure.stack = `${failure.name}: ${failure.message}`;
  return failure;
}

/** The same activities, each failing only with a scrubbed failure. */
export function scrubbedFailures<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, run] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await run(...args);
      } catch (err) {
        throw scrubbedFailure(err);
      }
    };
  }
  return wrapped as T;
}
