// What a fault left behind, counted against what the suite filed: the register in Postgres, the
// workflows in Temporal, the incoming numbers.
//   lost       = an intended complaint found in neither Postgres nor Temporal;
//   duplicates = a complaint or workflow the suite did not ask for, a second run of a workflow,
//                an incoming number used twice;
//   half-made  = a complaint in one place only, a register row without its review stage and
//                number, a workflow still registering after things settled.
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/database';
import { CaseStatus } from '../../workflows/search-attributes';
import { waitUntil } from './processes';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Inspection {
  lost: string[];
  duplicates: string[];
  halfMade: string[];
  /** Per body and year: sequences exactly 1..n, the counter at n, the number spelled from the sequence. */
  numbering: Check;
  registerRows: number;
  workflows: number;
  /** Workflow id → execution status (RUNNING, COMPLETED, …) and CaseStatus, for the faults' own checks. */
  temporal: Map<string, { status: string; caseStatus?: string }>;
  /** Complaint id → register status. */
  register: Map<string, { status: string; incomingNumber: string | null; stageRows: number }>;
}

export const workflowIdOf = (complaintId: string) => `complaint-${complaintId}`;

async function listWorkflows(client: Client, taskQueue: string) {
  const runs: Array<{ workflowId: string; status: string; caseStatus?: string }> = [];
  for await (const wf of client.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) {
    if (wf.type !== 'complaintWorkflow') continue; // the history archiver's schedule may start one here
    runs.push({
      workflowId: wf.workflowId,
      status: wf.status.name,
      caseStatus: wf.typedSearchAttributes.get(CaseStatus),
    });
  }
  return runs;
}

export async function inspect(
  db: Db,
  client: Client,
  taskQueue: string,
  expectedIds: Iterable<string>,
): Promise<Inspection> {
  const expected = new Set(expectedIds);
  const lost: string[] = [];
  const duplicates: string[] = [];
  const halfMade: string[] = [];

  const rows = await db
    .selectFrom('complaints')
    .leftJoin('review_stages', 'review_stages.complaint_id', 'complaints.id')
    .select([
      'complaints.id',
      'complaints.status',
      'complaints.incoming_number',
      'review_stages.stage',
      'review_stages.incoming_number as stage_number',
    ])
    .execute();
  const register = new Map<string, { status: string; incomingNumber: string | null; stageRows: number }>();
  for (const r of rows) {
    const entry = register.get(r.id) ?? { status: r.status, incomingNumber: r.incoming_number, stageRows: 0 };
    if (r.stage !== null && r.stage_number) entry.stageRows++;
    register.set(r.id, entry);
  }

  const runs = await listWorkflows(client, taskQueue);
  const temporal = new Map<string, { status: string; caseStatus?: string }>();
  for (const run of runs) {
    if (temporal.has(run.workflowId)) duplicates.push(`second run of ${run.workflowId}`);
    temporal.set(run.workflowId, { status: run.status, caseStatus: run.caseStatus });
  }

  for (const id of expected) {
    const inRegister = register.get(id);
    const wf = temporal.get(workflowIdOf(id));
    if (!inRegister && !wf) {
      lost.push(id);
      continue;
    }
    if (!inRegister) {
      halfMade.push(`${id}: workflow without a register row`);
      continue;
    }
    if (!wf) {
      halfMade.push(`${id}: register row without a workflow`);
      continue;
    }
    if (inRegister.stageRows === 0 || !inRegister.incomingNumber)
      halfMade.push(`${id}: register row without a review stage or number`);
    else if (!wf.caseStatus || wf.caseStatus === 'registering') halfMade.push(`${id}: workflow still registering`);
  }
  for (const id of register.keys()) if (!expected.has(id)) duplicates.push(`register row ${id} nobody filed`);
  for (const wfId of temporal.keys())
    if (!expected.has(wfId.replace(/^complaint-/, ''))) duplicates.push(`workflow ${wfId} nobody started`);

  const numbers = await db
    .selectFrom('review_stages')
    .select(['incoming_number', 'body_id', 'year', 'sequence'])
    .execute();
  const seen = new Map<string, number>();
  for (const n of numbers) seen.set(n.incoming_number, (seen.get(n.incoming_number) ?? 0) + 1);
  for (const [number, count] of seen) if (count > 1) duplicates.push(`incoming number ${number} used ${count} times`);

  return {
    lost,
    duplicates,
    halfMade,
    numbering: await checkNumbering(db),
    registerRows: register.size,
    workflows: temporal.size,
    temporal,
    register,
  };
}

/** Gap-free and unique incoming numbers: per body and year, sequences are exactly 1..n and the counter stands at n. */
export async function checkNumbering(db: Db): Promise<Check> {
  const stages = await db
    .selectFrom('review_stages')
    .innerJoin('bodies', 'bodies.id', 'review_stages.body_id')
    .select([
      'review_stages.body_id',
      'bodies.code',
      'review_stages.year',
      'review_stages.sequence',
      'review_stages.incoming_number',
    ])
    .execute();
  const counters = await db.selectFrom('registration_counters').selectAll().execute();
  const groups = new Map<string, { code: string; sequences: number[]; badSpelling: number }>();
  for (const s of stages) {
    const key = `${s.body_id}/${s.year}`;
    const g = groups.get(key) ?? { code: s.code, sequences: [], badSpelling: 0 };
    g.sequences.push(s.sequence);
    if (s.incoming_number !== `${s.code}-${s.year}-${String(s.sequence).padStart(6, '0')}`) g.badSpelling++;
    groups.set(key, g);
  }
  const problems: string[] = [];
  const summary: string[] = [];
  for (const [key, g] of [...groups].sort()) {
    const sorted = [...g.sequences].sort((a, b) => a - b);
    const n = sorted.length;
    const gapFree = sorted.every((s, i) => s === i + 1);
    const counter = counters.find((c) => `${c.body_id}/${c.year}` === key)?.last_number;
    summary.push(`${g.code} 1..${n}`);
    if (!gapFree) {
      const dupes = n - new Set(sorted).size;
      const missing = (sorted[n - 1] ?? 0) - new Set(sorted).size;
      problems.push(`${g.code}: ${dupes} duplicated, ${missing} skipped of ${n}`);
    }
    if (counter !== n) problems.push(`${g.code}: counter at ${counter}, ${n} numbers issued`);
    if (g.badSpelling) problems.push(`${g.code}: ${g.badSpelling} numbers not spelled <code>-<year>-<NNNNNN>`);
  }
  for (const c of counters) {
    if (!groups.has(`${c.body_id}/${c.year}`) && c.last_number !== 0)
      problems.push(`${c.body_id}: counter at ${c.last_number}, no numbers issued`);
  }
  return {
    name: 'incoming numbers unique and gap-free per body',
    ok: problems.length === 0,
    detail: problems.length ? problems.join('; ') : summary.join(', ') || 'no numbers',
  };
}

/**
 * Inspects until nothing is lost or half-made any more (activities still retrying, visibility
 * catching up) or `timeoutMs` passes; the last inspection counts.
 */
export async function settleAndInspect(
  db: Db,
  client: Client,
  taskQueue: string,
  expectedIds: Iterable<string>,
  timeoutMs: number,
  settled: (i: Inspection) => boolean = () => true,
): Promise<Inspection> {
  const ids = [...expectedIds];
  let last: Inspection | undefined;
  let lastError: unknown;
  await waitUntil(
    async () => {
      try {
        last = await inspect(db, client, taskQueue, ids);
      } catch (err) {
        lastError = err;
        return false;
      }
      return last.lost.length === 0 && last.halfMade.length === 0 && last.workflows >= ids.length && settled(last);
    },
    timeoutMs,
    1_000,
  );
  if (!last) throw lastError instanceof Error ? lastError : new Error('could not inspect the register');
  return last;
}
