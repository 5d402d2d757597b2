// What a process (or a test, or the bench) has started, stopped the one way: newest first, so a
// worker stops before the connection and the database it uses; each once, however many times
// stopping is asked (a second Ctrl-C, a failure while stopping); and one failing stop never keeps
// the others from running.

export type Stop = () => unknown;

export interface StopStack {
  /** Adds what stops the thing just started; it runs before everything added earlier. */
  add(stop: Stop): void;
  /** Runs every stop added so far, newest first, each once; the errors they threw, oldest stop's last. */
  stopAll(): Promise<unknown[]>;
}

/** `onError` sees each failed stop as it happens (a log line); the errors are also returned. */
export function stopStack(onError?: (err: unknown) => void): StopStack {
  const stops: Stop[] = [];
  return {
    add(stop) {
      stops.push(stop);
    },
    async stopAll() {
      const errors: unknown[] = [];
      // Taken off the stack before it runs: a stop that asks for stopAll again finds nothing to repeat.
      for (let stop = stops.pop(); stop; stop = stops.pop()) {
        try {
          await stop();
        } catch (err) {
          errors.push(err);
          onError?.(err);
        }
      }
      return errors;
    },
  };
}

/** Runs `stopAll` and throws what failed (one error as it is, several together): for a test's `afterAll`, which must see it. */
export async function stopAllOrThrow(stops: StopStack): Promise<void> {
  const errors = await stops.stopAll();
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} of the stops failed`);
}
