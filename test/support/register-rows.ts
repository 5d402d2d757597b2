// A case's row written straight into the register, for tests of the register's own queries
// (a workflow would take seconds to reach the state they need): an electronic portal filing at
// con-almaty unless said otherwise.
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database';
import type { ComplaintsTable } from '../../db/schema';
import { portalComplaint } from './complaints';

export async function insertCaseRow(db: Db, values: Partial<Insertable<ComplaintsTable>> = {}): Promise<string> {
  const id = values.id ?? randomUUID();
  await db
    .insertInto('complaints')
    .values({
      id,
      workflow_id: `complaint-${id}`,
      channel: 'portal',
      form: 'electronic',
      complainant_id: '870412300159',
      filed_by: 'key_test',
      input: JSON.stringify(portalComplaint('con-almaty')),
      received_at: '2026-11-02T04:00:00Z',
      status: 'under_review',
      stage: 1,
      reviewing_body_id: 'con-almaty',
      incoming_number: `T-2026-${id.slice(0, 8)}`,
      registered_on: '2026-11-02',
      deadline: new Date('2026-11-09T19:00:00Z'),
      ...values,
    })
    .execute();
  return id;
}
