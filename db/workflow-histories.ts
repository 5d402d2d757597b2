import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Db } from './database';

export interface ArchivedHistory {
  complaintId: string;
  workflowId: string;
  /** The history as Temporal's JSON (`historyToJSON`): replayable, payloads still encoded. */
  historyJson: string;
  eventCount: number;
  archivedAt: Date;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Stores (or replaces, for a re-archived run) a closed workflow's full history. */
export async function saveArchivedHistory(
  db: Db,
  archive: { complaintId: string; workflowId: string; historyJson: string },
): Promise<void> {
  const eventCount = (JSON.parse(archive.historyJson) as { events?: unknown[] }).events?.length ?? 0;
  const row = {
    workflow_id: archive.workflowId,
    history: gzipSync(Buffer.from(archive.historyJson, 'utf8')),
    sha256: sha256(archive.historyJson),
    event_count: eventCount,
    archived_at: new Date(),
  };
  await db
    .insertInto('workflow_histories')
    .values({ complaint_id: archive.complaintId, ...row })
    .onConflict((oc) => oc.column('complaint_id').doUpdateSet(row))
    .execute();
}

/** The archived history, checked against its checksum: a corrupt archive is an error, never served. */
export async function loadArchivedHistory(db: Db, complaintId: string): Promise<ArchivedHistory | undefined> {
  const row = await db
    .selectFrom('workflow_histories')
    .selectAll()
    .where('complaint_id', '=', complaintId)
    .executeTakeFirst();
  if (!row) return undefined;
  const historyJson = gunzipSync(row.history).toString('utf8');
  if (sha256(historyJson) !== row.sha256) {
    throw new Error(`archived history of complaint ${complaintId} does not match its checksum`);
  }
  return {
    complaintId: row.complaint_id,
    workflowId: row.workflow_id,
    historyJson,
    eventCount: row.event_count,
    archivedAt: new Date(row.archived_at),
  };
}

/**
 * Records that a closed case's history was gone from Temporal when the archiver reached it: the
 * walk never asks for it again, and the history endpoint says why it has none. Once per case.
 */
export async function recordArchiveGap(db: Db, gap: { complaintId: string; workflowId: string }): Promise<void> {
  await db
    .insertInto('history_archive_gaps')
    .values({ complaint_id: gap.complaintId, workflow_id: gap.workflowId })
    .onConflict((oc) => oc.column('complaint_id').doNothing())
    .execute();
}

/** When the archiver found the case's history already gone from Temporal; undefined if it did not. */
export async function archiveGapFoundAt(db: Db, complaintId: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('history_archive_gaps')
    .select('found_at')
    .where('complaint_id', '=', complaintId)
    .executeTakeFirst();
  return row ? new Date(row.found_at) : undefined;
}

/** Where the archiver's walk over closed cases stands: the last case looked at, by closing time and id. */
export interface ClosedCaseCursor {
  closedAt: string;
  id: string;
}

/**
 * The next closed cases without an archived history or a recorded gap, in closing order after the
 * cursor. A case whose workflow still runs is passed over by the walk and found again by the next
 * run, so any number of them never hold up the cases closed after them.
 */
export async function findUnarchivedClosedComplaints(
  db: Db,
  limit: number,
  after?: ClosedCaseCursor,
): Promise<Array<{ id: string; workflow_id: string; closed_at: Date }>> {
  let query = db
    .selectFrom('complaints')
    .select(['complaints.id', 'complaints.workflow_id', 'complaints.closed_at'])
    .where('complaints.closed_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('workflow_histories')
            .select('workflow_histories.complaint_id')
            .whereRef('workflow_histories.complaint_id', '=', 'complaints.id'),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('history_archive_gaps')
            .select('history_archive_gaps.complaint_id')
            .whereRef('history_archive_gaps.complaint_id', '=', 'complaints.id'),
        ),
      ),
    );
  if (after) {
    query = query.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('complaints.closed_at', 'complaints.id'), '>', tuple(new Date(after.closedAt), after.id)),
    );
  }
  const rows = await query.orderBy('complaints.closed_at').orderBy('complaints.id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, workflow_id: r.workflow_id, closed_at: new Date(r.closed_at!) }));
}
