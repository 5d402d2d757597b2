import { Kysely, sql } from 'kysely';

// The case list pages newest first (received_at desc, id desc). With only the received_at index,
// a filter that the newest cases do not match scans all of them: over 100 000 seeded cases plus
// 10 000 just filed (all under review, none overdue), overdue=true took 10 ms, channel=video_appeal
// 14 ms, an official's channel=post&status=closed 20 ms, growing with every case filed. One index
// per common filter, in the list's order, brings each to about 0.1–0.8 ms (docs/PERFORMANCE.md,
// npm run bench). Overdue cases are few, so that index is partial.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('complaints_overdue_received')
    .on('complaints')
    .columns(['received_at', 'id'])
    .where(sql.ref('overdue'), '=', true)
    .execute();
  await db.schema
    .createIndex('complaints_status_received')
    .on('complaints')
    .columns(['status', 'received_at', 'id'])
    .execute();
  await db.schema
    .createIndex('complaints_channel_received')
    .on('complaints')
    .columns(['channel', 'received_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['complaints_channel_received', 'complaints_status_received', 'complaints_overdue_received']) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
}
