/** The workflow's time as the register stores it (inside a workflow, the time of the task: deterministic). */
export const now = (): string => new Date().toISOString();
