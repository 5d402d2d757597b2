import { condition, patched } from '@temporalio/workflow';

/**
 * The workflow's time as the register stores it: inside a workflow, the time of the task. It
 * replays the same except in a task that answered an update: the worker ran it at once, and the
 * server wrote the task into the history when it completed, seconds later under load; a replay
 * reads the later time. Values passed on are unaffected (a local activity's result is replayed from
 * its marker); which command comes next must never depend on it (`untilOrEnd`).
 */
export const now = (): string => new Date().toISOString();

/**
 * Waits until `woken` holds or the instant `endsAt` (ms) comes; false if the end came first. The
 * timer is started even when the clock says the end has passed: whether a timer is started must not
 * depend on which side of the end a task's clock falls, since a replay can read that clock seconds
 * later (see `now`) and would then skip the timer the history holds. A timer started late fires
 * late, never early, so a term is never counted as over before its end.
 * Before patch `timer-whatever-the-clock`, a wait whose end had passed started no timer.
 */
export function untilOrEnd(woken: () => boolean, endsAt: number): Promise<boolean> {
  const remaining = endsAt - Date.now();
  if (patched('timer-whatever-the-clock')) return condition(woken, Math.max(1, remaining));
  return condition(woken, Math.max(0, remaining));
}
