// What `npm run reconcile` compares, as pure functions over what it read: the register's view of
// each case (PostgreSQL) against the workflow's (Temporal), and the incoming-number counters
// against the numbers issued. Each discrepancy says what mends it, or that it needs a person.
// Only writes the workflow already made (or would make again on a retry) are mended: they are
// idempotent, so a repair run twice, or racing the workflow's own retry, changes nothing more.
import { currentStage, type CaseState, type DecisionRecord } from '../domain/case';

/** A case's ending as the register records it (R13): no workflow should still be reviewing it. */
export const CLOSED_STATUSES: readonly string[] = ['closed', 'withdrawn', 'referred_to_court'];

export interface RegisterCase {
  complaintId: string;
  workflowId: string;
  status: string;
  stage: number;
  /** The decision the register recorded for the current stage, if any. */
  decision?: DecisionRecord;
}

/** A body's counter for a year beside the highest sequence its stages were numbered with (R3). */
export interface CounterRow {
  bodyId: string;
  year: number;
  /** null: the counter row is missing while stages of that body and year exist. */
  lastNumber: number | null;
  highestIssued: number;
}

export type ExecutionEnd = 'failed' | 'terminated' | 'canceled' | 'timed_out' | 'continued_as_new';

/** What Temporal says about one workflow id. */
export type WorkflowView =
  | { execution: 'missing' }
  | { execution: 'running' | 'completed'; state: CaseState }
  | { execution: ExecutionEnd }
  /** Temporal did not answer for it (no worker to answer the query, a timeout): looked at again later. */
  | { execution: 'unanswered'; error: string };

export interface Snapshot {
  /** Every case the register has open, and every case whose workflow runs (closed or not). */
  cases: RegisterCase[];
  /** Running complaint workflows of the task queue (visibility), with their complaint ids. */
  running: { workflowId: string; complaintId: string }[];
  /** Temporal's view of each workflow id above. */
  workflows: Map<string, WorkflowView>;
  counters: CounterRow[];
}

export type Repair =
  | { kind: 'advance_counter'; bodyId: string; year: number; to: number }
  | { kind: 'record_decision'; complaintId: string; stage: number; decision: DecisionRecord }
  /** The register's decision given to the workflow that lost it (a restore between the two writes). */
  | { kind: 'adopt_decision'; complaintId: string; workflowId: string; stage: number; decision: DecisionRecord }
  | {
      kind: 'close_case';
      complaintId: string;
      stage: number;
      status: string;
      at: string;
      courtReferral?: Record<string, unknown>;
      withdrawal?: Record<string, unknown>;
    };

export type DiscrepancyKind =
  | 'counter_behind'
  | 'workflow_missing'
  | 'workflow_ended_open'
  | 'workflow_unanswered'
  | 'status_differs'
  | 'stage_differs'
  | 'register_row_missing'
  | 'closed_case_running';

export interface Discrepancy {
  kind: DiscrepancyKind;
  /** `complaint <id>` or `counter <body>/<year>`: ids and numbers only, never personal data. */
  subject: string;
  register: string;
  temporal: string;
  /** What mends it; absent when it needs a person. */
  repair?: Repair;
  /** Why a person is needed. */
  forPerson?: string;
}

const view = (s: Snapshot, workflowId: string): WorkflowView => s.workflows.get(workflowId) ?? { execution: 'missing' };

function describeView(v: WorkflowView): string {
  if (v.execution === 'running' || v.execution === 'completed') {
    return `${v.execution}, ${v.state.status} at stage ${currentStage(v.state)?.stage ?? 0}`;
  }
  if (v.execution === 'unanswered') return `did not answer (${v.error})`;
  return v.execution === 'missing' ? 'no workflow' : `ended ${v.execution}`;
}

/** The write the workflow made when its case ended (workflows/case-stages.ts `close`), made again. */
function closing(state: CaseState): Repair | undefined {
  const stage = currentStage(state);
  if (!CLOSED_STATUSES.includes(state.status) || !state.closedAt || !stage) return undefined;
  return {
    kind: 'close_case',
    complaintId: state.complaintId,
    stage: stage.stage,
    status: state.status,
    at: state.closedAt,
    courtReferral: state.courtReferral,
    withdrawal: state.withdrawal,
  };
}

function compareOpenCase(c: RegisterCase, v: WorkflowView): Omit<Discrepancy, 'subject' | 'register'> | undefined {
  const temporal = describeView(v);
  if (v.execution === 'missing')
    return {
      kind: 'workflow_missing',
      temporal,
      forPerson: 'the case is open in the register and Temporal has no workflow for it',
    };
  if (v.execution === 'unanswered')
    return { kind: 'workflow_unanswered', temporal, forPerson: 'look again once its workers answer queries' };
  if (v.execution !== 'running' && v.execution !== 'completed')
    return { kind: 'workflow_ended_open', temporal, forPerson: 'its workflow ended without closing the case' };
  const { state } = v;
  // A stage being registered is written by the registration's own retry (R3): nothing to mend yet.
  if (state.status === 'registering') return undefined;
  if (v.execution === 'completed') {
    const repair = closing(state);
    return repair
      ? { kind: 'workflow_ended_open', temporal, repair }
      : { kind: 'workflow_ended_open', temporal, forPerson: 'its workflow completed without closing the case' };
  }
  const stage = currentStage(state);
  if (stage?.stage !== c.stage)
    return {
      kind: 'stage_differs',
      temporal,
      forPerson: 'the stages differ: a stage is registered (with its number) on one side only',
    };
  if (state.status === c.status) return undefined;
  if (state.status === 'decided' && c.status === 'under_review' && stage.decision)
    return {
      kind: 'status_differs',
      temporal,
      repair: { kind: 'record_decision', complaintId: c.complaintId, stage: stage.stage, decision: stage.decision },
    };
  const repair = closing(state);
  if (repair) return { kind: 'status_differs', temporal, repair };
  // R8: the register's write of a decision outlived the workflow's record of it (a restore to a
  // moment between the two): the decision stands, its letters may be out; the workflow takes it.
  if (c.status === 'decided' && c.decision && state.status === 'under_review' && !stage.decision)
    return {
      kind: 'status_differs',
      temporal,
      repair: {
        kind: 'adopt_decision',
        complaintId: c.complaintId,
        workflowId: c.workflowId,
        stage: stage.stage,
        decision: c.decision,
      },
    };
  return { kind: 'status_differs', temporal, forPerson: 'the register is ahead of the workflow' };
}

/** Every discrepancy between the register and Temporal in a snapshot; none when they agree. */
export function compareRegisterWithTemporal(s: Snapshot): Discrepancy[] {
  const found: Discrepancy[] = [];
  for (const counter of s.counters) {
    if (counter.lastNumber !== null && counter.lastNumber >= counter.highestIssued) continue;
    // Behind, the next registration would draw a number already issued (R3): moved up to the highest.
    found.push({
      kind: 'counter_behind',
      subject: `counter ${counter.bodyId}/${counter.year}`,
      register: `last number ${counter.lastNumber ?? 'missing'}, highest issued ${counter.highestIssued}`,
      temporal: '-',
      repair: { kind: 'advance_counter', bodyId: counter.bodyId, year: counter.year, to: counter.highestIssued },
    });
  }
  const registered = new Set<string>();
  for (const c of s.cases) {
    registered.add(c.complaintId);
    const v = view(s, c.workflowId);
    const subject = `complaint ${c.complaintId}`;
    const register = `${c.status} at stage ${c.stage}`;
    if (CLOSED_STATUSES.includes(c.status)) {
      // A closed case's workflow may still be sending its last notices: the same ending, not a discrepancy.
      if (v.execution !== 'running' || v.state.status === c.status) continue;
      found.push({
        kind: 'closed_case_running',
        subject,
        register,
        temporal: describeView(v),
        forPerson: 'the register closed a case its workflow still reviews',
      });
      continue;
    }
    const differs = compareOpenCase(c, v);
    if (differs) found.push({ subject, register, ...differs });
  }
  for (const r of s.running) {
    if (registered.has(r.complaintId)) continue;
    const v = view(s, r.workflowId);
    // Registering: its registration writes the row; not registered: nothing was filed (R3).
    if (v.execution === 'running' && ['registering', 'not_registered'].includes(v.state.status)) continue;
    found.push({
      kind: 'register_row_missing',
      subject: `complaint ${r.complaintId}`,
      register: 'no row',
      temporal: describeView(v),
      forPerson: 'a registered workflow has no register row: its numbers are in its history',
    });
  }
  return found;
}

/** One line per discrepancy, with what will be done about it. */
export function discrepancyLine(d: Discrepancy): string {
  const what = d.repair ? `repair: ${repairText(d.repair)}` : `needs a person: ${d.forPerson}`;
  return `${d.kind} ${d.subject}: register ${d.register}; Temporal ${d.temporal} -> ${what}`;
}

function repairText(r: Repair): string {
  switch (r.kind) {
    case 'advance_counter':
      return `advance the counter to ${r.to}`;
    case 'record_decision':
      return `record the workflow's decision of stage ${r.stage} in the register again`;
    case 'adopt_decision':
      return `give the register's decision of stage ${r.stage} to the workflow`;
    case 'close_case':
      return `record the workflow's closing (${r.status}) in the register again`;
  }
}
