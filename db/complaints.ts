import type { Db } from './database';
import type { ComplaintRow, ReviewStageRow } from './schema';

export interface ComplaintRecord extends ComplaintRow { stages: ReviewStageRow[] }

export async function findComplaint(db: Db, id: string): Promise<ComplaintRecord | undefined> {
  const row = await db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const stages = await db.selectFrom('review_stages').selectAll().where('complaint_id', '=', id).orderBy('stage').execute();
  return { ...row, stages };
}

export function countComplaints(db: Db): Promise<number> {
  return db.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n));
}
