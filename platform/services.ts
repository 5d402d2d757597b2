// The two services every process of the project opens, opened the same way by all of them (the
// API, the worker, npm start, the bench): the register, migrated and with the year's calendar
// before the first request or activity; a Temporal client, with the search attributes the
// workflows upsert registered before the first task, whoever starts first. Each adds its own
// closing to the caller's stop stack.
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { createDb, type Db } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { seedCalendar, seedDemoBodies } from '../db/seed';
import { registerSearchAttributes } from './search-attribute-setup';
import type { StopStack } from './stop-stack';

export interface RegisterOptions {
  /** Connections in the pool (db/database.ts's default unless given). */
  maxConnections?: number;
  /** The demo bodies (npm start, the bench): a deployment registers its own. */
  demoBodies?: boolean;
}

export async function openRegister(url: string, stops: StopStack, options: RegisterOptions = {}): Promise<Db> {
  const db = createDb(url, options.maxConnections);
  stops.add(() => db.destroy());
  await migrateToLatest(db);
  await seedCalendar(db);
  if (options.demoBodies) await seedDemoBodies(db);
  return db;
}

export interface TemporalTarget {
  connectionOptions: ConnectionOptions;
  namespace: string;
}

export async function connectTemporal(
  target: TemporalTarget,
  dataConverter: DataConverter | undefined,
  stops: StopStack,
): Promise<Client> {
  const connection = await Connection.connect(target.connectionOptions);
  stops.add(() => connection.close());
  await registerSearchAttributes(connection, target.namespace);
  return new Client({ connection, namespace: target.namespace, dataConverter });
}
