import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ColumnType } from 'kysely';
import type { Db } from './database';

/** `workflow_histories` (migration 0002); declared here until db/schema.ts lists it. */
export interface WorkflowHistoriesTable {
  complaint_id: string;
  workflow_id: string;
  history: Buffer;
  sha256: string;
  event_count: number;
  archived_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

const withArchive = (db: Db) => db.withTables<{ workflow_histories: WorkflowHistoriesTable }>();

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
  db: Db, archive: { complaintId: string; workflowId: string; historyJson: string },
): Promise<void> {
  const eventCount = (JSON.parse(archive.historyJson) as { events?: unknown[] }).events?.length ?? 0;
  const row = {
    workflow_id: archive.workflowId,
    history: gzipSync(Buffer.from(archive.historyJson, 'utf8')),
    sha256: sha256(archive.historyJson),
    event_count: eventCount,
    archived_at: new Date(),
  };
  await withArchive(db).insertInto('workflow_histories').values({ complaint_id: archive.complaintId, ...row })
    .onConflict((oc) => oc.column('complaint_id').doUpdateSet(row)).execute();
}

/** The archived history, checked against its checksum: a corrupt archive is an error, never served. */
export async function loadArchivedHistory(db: Db, complaintId: string): Promise<ArchivedHistory | undefined> {
  const row = await withArchive(db).selectFrom('workflow_histories').selectAll()
    .where('complaint_id', '=', complaintId).executeTakeFirst();
  if (!row) return undefined;
  const historyJson = gunzipSync(row.history).toString('utf8');
  if (sha256(historyJson) !== row.sha256) {
    throw new Error(`archived history of complaint ${complaintId} does not match its checksum`);
  }
  return {
    complaintId: row.complaint_id, workflowId: row.workflow_id, historyJson, eventCount: row.event_count,
    archivedAt: new Date(row.archived_at),
  };
}
