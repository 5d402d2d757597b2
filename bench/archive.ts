// (h) The history archive keeps up: closed cases whose histories the archiver copies into the
// register before the namespace's retention removes them (activities/archive.ts, run as the
// Schedule runs it, batch after batch along the walk). The cases are filed, decided and closed
// through the API whose appeal window is seconds; then the walk is timed, and the archive's size
// on disk per case read.
import type { Client } from '@temporalio/client';
import pg from 'pg';
import { archiveClosedHistories } from '../activities/archive';
import type { Db } from '../db/database';
import type { ClosedCaseCursor } from '../db/workflow-histories';
import { ARCHIVE_SCHEDULE_ID } from '../worker/archive-schedule';
import { portalComplaint } from '../test/support/complaints';
import { FILING_BODIES } from './filing';
import { expectStatus, type ApiClient } from './http';
import { rate } from './baseline';
import { firstError, runConcurrently, sleep } from './stats';

export interface ArchiveResult {
  closedCases: number;
  /** Of them, archived before the walk began (by the worker's hourly Schedule, were it not paused). */
  archivedBefore: number;
  archived: number;
  seconds: number;
  perSecond: number;
  /** The archive table with its indexes and TOAST, over the histories it holds. */
  bytesPerCase: number;
  /** How long 50 000 closed cases take at this rate. */
  secondsFor50000: number;
  errors?: string;
}

/** How many of the cases `query` counts (its one parameter: the cases' ids). */
async function countAmong(databaseUrl: string, query: string, ids: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(query, [ids]);
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

const closedAmong = (databaseUrl: string, ids: string[]) =>
  countAmong(
    databaseUrl,
    `SELECT count(*) AS n FROM complaints WHERE id = ANY($1::uuid[]) AND status = 'closed' AND closed_at IS NOT NULL`,
    ids,
  );

const archivedAmong = (databaseUrl: string, ids: string[]) =>
  countAmong(databaseUrl, `SELECT count(*) AS n FROM workflow_histories WHERE complaint_id = ANY($1::uuid[])`, ids);

async function archiveSize(databaseUrl: string): Promise<{ histories: number; bytes: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
    const { rows } = await client.query(
      `SELECT (SELECT count(*) FROM workflow_histories) AS n, pg_total_relation_size('workflow_histories') AS bytes`,
    );
    return { histories: Number(rows[0].n), bytes: Number(rows[0].bytes) };
  } finally {
    await client.end();
  }
}

export async function runArchive(opts: {
  api: ApiClient;
  intakeKey: string;
  officialKeys: Record<string, string>;
  db: Db;
  client: Client;
  databaseUrl: string;
  cases: number;
  concurrency: number;
  appealWindowSeconds: number;
  say: (l: string) => void;
}): Promise<ArchiveResult> {
  // The worker's hourly Schedule would archive the cases while they are filed (a run of 50 000
  // takes over an hour) and leave the timed walk nothing to do: paused for the phase.
  const schedule = opts.client.schedule.getHandle(ARCHIVE_SCHEDULE_ID);
  await schedule.pause('bench (h) times the archiver walk itself');
  try {
    return await fileCloseAndWalk(opts);
  } finally {
    await schedule.unpause('bench (h) done');
  }
}

async function fileCloseAndWalk(opts: Parameters<typeof runArchive>[0]): Promise<ArchiveResult> {
  const { api, say } = opts;
  say(`(h) filing and deciding ${opts.cases} cases; each closes ${opts.appealWindowSeconds} s after its answer`);
  const ids: string[] = [];
  const done = await runConcurrently(opts.cases, opts.concurrency, async (i) => {
    const bodyId = FILING_BODIES[i % FILING_BODIES.length];
    const filed = expectStatus<{ id: string }>(
      await api.post('/v1/complaints', opts.intakeKey, portalComplaint(bodyId)),
      201,
      'file',
    );
    const decided = await api.post(`/v1/complaints/${filed.id}/decision`, opts.officialKeys[bodyId], {
      outcome: 'satisfied',
      reasoning: 'The certificate was issued on the day of the review; the delay is explained in the answer.',
    });
    expectStatus(decided, 200, 'decide');
    ids.push(filed.id);
  });
  const deadline = Date.now() + opts.appealWindowSeconds * 1000 + 10 * 60_000;
  let closed = await closedAmong(opts.databaseUrl, ids);
  while (closed < ids.length && Date.now() < deadline) {
    await sleep(1000);
    closed = await closedAmong(opts.databaseUrl, ids);
  }
  await sleep(2000); // the workflow completes just after its register row says closed
  const archivedBefore = await archivedAmong(opts.databaseUrl, ids);
  say(
    `(h) ${closed} of ${ids.length} cases closed, ${archivedBefore} already archived; walking the closed cases as the archiver does`,
  );
  const t0 = Date.now();
  let archived = 0;
  let after: ClosedCaseCursor | undefined;
  for (;;) {
    const batch = await archiveClosedHistories(opts.db, opts.client, { limit: 200, after });
    archived += batch.archived;
    if (!batch.next) break;
    after = batch.next;
  }
  const seconds = (Date.now() - t0) / 1000;
  const size = await archiveSize(opts.databaseUrl);
  const perSecond = rate(archived, seconds * 1000);
  return {
    closedCases: closed,
    archivedBefore,
    archived,
    seconds: Math.round(seconds * 10) / 10,
    perSecond,
    bytesPerCase: Math.round(size.bytes / Math.max(1, size.histories)),
    // No figure when nothing was walked: 0 s would read as a walk that kept up.
    secondsFor50000: perSecond > 0 ? Math.round(50_000 / perSecond) : Number.NaN,
    ...(done.errors.length ? { errors: firstError(done.errors) } : {}),
  };
}
