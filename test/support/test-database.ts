import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { seedCalendar, seedDemoBodies } from '../../db/seed';

/** A fresh, migrated and seeded database of its own in the run's PostgreSQL cluster. */
export async function createTestDatabase(): Promise<{ db: Db; url: string }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (test/support/global-setup.ts)');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = createDb(url.toString());
  await migrateToLatest(db);
  await seedCalendar(db);
  await seedDemoBodies(db);
  return { db, url: url.toString() };
}
