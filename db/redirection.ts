// What a redirection notice needs (R1): the complaint's form and complainant, and both stages with
// their bodies: the one that forwarded it and the competent one that registered it.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';

type Queryable = Kysely<Database> | Transaction<Database>;

export function findRedirectionContext(db: Queryable, complaintId: string, fromStage: number, toStage: number) {
  return db
    .selectFrom('complaints')
    .innerJoin('review_stages as fromStage', (j) =>
      j.onRef('fromStage.complaint_id', '=', 'complaints.id').on('fromStage.stage', '=', fromStage),
    )
    .innerJoin('review_stages as toStage', (j) =>
      j.onRef('toStage.complaint_id', '=', 'complaints.id').on('toStage.stage', '=', toStage),
    )
    .innerJoin('bodies as fromBody', 'fromBody.id', 'fromStage.body_id')
    .innerJoin('bodies as toBody', 'toBody.id', 'toStage.body_id')
    .select([
      'complaints.form',
      'complaints.input',
      'fromStage.incoming_number as fromNumber',
      'fromBody.name_kk as fromNameKk',
      'fromBody.name_ru as fromNameRu',
      'toStage.incoming_number as toNumber',
      'toStage.deadline as toDeadline',
      'toBody.name_kk as toNameKk',
      'toBody.name_ru as toNameRu',
    ])
    .where('complaints.id', '=', complaintId)
    .executeTakeFirstOrThrow();
}
