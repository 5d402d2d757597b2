// The comparison of `npm run reconcile`: each kind of discrepancy, what mends it or that it needs
// a person, and the states that are in flight rather than discrepancies.
import type { CaseState, CaseStatus, DecisionRecord, ReviewStage } from '../../domain/case';
import {
  compareRegisterWithTemporal,
  discrepancyLine,
  type RegisterCase,
  type Snapshot,
  type WorkflowView,
} from '../../scripts/reconciliation';

const ID = '0b0e7a7e-0000-4000-8000-000000000001';
const WF = `complaint-${ID}`;
const decision: DecisionRecord = {
  outcome: 'satisfied',
  reasoning: 'The certificate was issued.',
  decidedAt: '2026-11-20T05:00:00.000Z',
} as DecisionRecord;

function state(status: CaseStatus, stages: number, extra: Partial<CaseState> = {}, decided = false): CaseState {
  return {
    complaintId: ID,
    status,
    channel: 'portal',
    form: 'electronic',
    stages: Array.from(
      { length: stages },
      (_, i) => ({ stage: i + 1, ...(decided ? { decision } : {}) }) as ReviewStage,
    ),
    ...extra,
  };
}

function snapshot(
  register: RegisterCase | undefined,
  v: WorkflowView | undefined,
  running = v?.execution === 'running',
) {
  const s: Snapshot = { cases: register ? [register] : [], running: [], workflows: new Map(), counters: [] };
  if (v) s.workflows.set(WF, v);
  if (running) s.running.push({ workflowId: WF, complaintId: ID });
  return s;
}

const row = (status: string, stage = 1): RegisterCase => ({ complaintId: ID, workflowId: WF, status, stage });
const running = (st: CaseState): WorkflowView => ({ execution: 'running', state: st });

it('finds nothing when every open case runs at the same stage and status', () => {
  expect(compareRegisterWithTemporal(snapshot(row('under_review'), running(state('under_review', 1))))).toEqual([]);
  expect(compareRegisterWithTemporal(snapshot(row('decided', 2), running(state('decided', 2, {}, true))))).toEqual([]);
});

it('advances a counter behind the highest number issued, or missing', () => {
  const s = snapshot(undefined, undefined);
  s.counters = [
    { bodyId: 'akimat-almaty', year: 2026, lastNumber: 4, highestIssued: 5 },
    { bodyId: 'con-almaty', year: 2026, lastNumber: null, highestIssued: 2 },
    { bodyId: 'qcb-almaty', year: 2026, lastNumber: 3, highestIssued: 3 },
  ];
  const found = compareRegisterWithTemporal(s);
  expect(found.map((d) => [d.kind, d.repair])).toEqual([
    ['counter_behind', { kind: 'advance_counter', bodyId: 'akimat-almaty', year: 2026, to: 5 }],
    ['counter_behind', { kind: 'advance_counter', bodyId: 'con-almaty', year: 2026, to: 2 }],
  ]);
  expect(discrepancyLine(found[0])).toBe(
    'counter_behind counter akimat-almaty/2026: register last number 4, highest issued 5; Temporal - -> repair: advance the counter to 5',
  );
});

it('re-records the decision of a running workflow the register lacks', () => {
  const [d] = compareRegisterWithTemporal(snapshot(row('under_review'), running(state('decided', 1, {}, true))));
  expect(d.kind).toBe('status_differs');
  expect(d.repair).toEqual({ kind: 'record_decision', complaintId: ID, stage: 1, decision });
});

it('gives the workflow the decision only the register holds (a restore between the two writes, R8)', () => {
  const [d] = compareRegisterWithTemporal(snapshot({ ...row('decided'), decision }, running(state('under_review', 1))));
  expect(d.kind).toBe('status_differs');
  expect(d.repair).toEqual({ kind: 'adopt_decision', complaintId: ID, workflowId: WF, stage: 1, decision });
  // Decided in the register without its decision recorded: nothing to give, a person looks.
  expect(compareRegisterWithTemporal(snapshot(row('decided'), running(state('under_review', 1))))[0].repair).toBe(
    undefined,
  );
  expect(discrepancyLine(d)).toContain("give the register's decision of stage 1 to the workflow");
});

it('re-records the closing of a workflow that ended with the case closed, and its note (R13)', () => {
  const withdrawn = state('withdrawn', 1, { closedAt: '2026-11-21T00:00:00.000Z', withdrawal: { note: 'n', at: 'x' } });
  const [d] = compareRegisterWithTemporal(snapshot(row('under_review'), { execution: 'completed', state: withdrawn }));
  expect(d.kind).toBe('workflow_ended_open');
  expect(d.repair).toMatchObject({ kind: 'close_case', status: 'withdrawn', stage: 1, withdrawal: { note: 'n' } });
  // Still running (sending its last notices) after its closing: the same repair.
  const [still] = compareRegisterWithTemporal(snapshot(row('decided'), running({ ...withdrawn, status: 'closed' })));
  expect(still.repair).toMatchObject({ kind: 'close_case', status: 'closed' });
});

it('leaves to a person what cannot be mended from the workflow', () => {
  const kinds = (s: Snapshot) => compareRegisterWithTemporal(s).map((d) => [d.kind, d.repair === undefined]);
  expect(kinds(snapshot(row('under_review'), undefined))).toEqual([['workflow_missing', true]]);
  expect(kinds(snapshot(row('under_review'), { execution: 'terminated' }))).toEqual([['workflow_ended_open', true]]);
  expect(kinds(snapshot(row('under_review'), { execution: 'unanswered', error: 'Timeout' }))).toEqual([
    ['workflow_unanswered', true],
  ]);
  expect(kinds(snapshot(row('under_review', 1), running(state('under_review', 2))))).toEqual([['stage_differs', true]]);
  expect(kinds(snapshot(row('decided'), running(state('under_review', 1))))).toEqual([['status_differs', true]]);
  expect(kinds(snapshot(row('closed'), running(state('under_review', 1))))).toEqual([['closed_case_running', true]]);
  expect(kinds(snapshot(undefined, running(state('under_review', 1))))).toEqual([['register_row_missing', true]]);
});

it('takes states in flight for no discrepancy: registering, not registered, closed and finishing', () => {
  expect(compareRegisterWithTemporal(snapshot(undefined, running(state('registering', 0))))).toEqual([]);
  expect(compareRegisterWithTemporal(snapshot(undefined, running(state('not_registered', 0))))).toEqual([]);
  expect(compareRegisterWithTemporal(snapshot(row('decided', 1), running(state('registering', 1))))).toEqual([]);
  expect(compareRegisterWithTemporal(snapshot(row('closed'), running(state('closed', 1))))).toEqual([]);
  // A closed case whose workflow has left Temporal (retention) agrees.
  expect(compareRegisterWithTemporal(snapshot(row('closed'), undefined))).toEqual([]);
});

it('prints ids, statuses and numbers only, never the texts of the case', () => {
  const found = compareRegisterWithTemporal(snapshot(row('under_review'), running(state('decided', 1, {}, true))));
  expect(discrepancyLine(found[0])).not.toContain('certificate');
});
