// Temporal's databases, made and brought to the server's schema version by its own SQL tool
// (`temporal-sql-tool`, built as `sql`): create-database, setup-schema -v 0.0 the first time,
// update-schema -d <versioned dir> on every start (a no-op when current, a migration after an
// upgrade of the server).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { SqlStore } from './temporal-config';

const run = promisify(execFile);

export interface SchemaTools {
  sql: string;
  /** schema/postgresql/v12 of the server's module. */
  schemaDir: string;
}

function sqlTool(tools: SchemaTools, store: SqlStore, args: string[]) {
  return run(
    tools.sql,
    [
      '--plugin',
      'postgres12',
      '--ep',
      store.host,
      '-p',
      String(store.port),
      '-u',
      store.user,
      '--pw',
      store.password,
      '--db',
      store.database,
      ...args,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  ).catch((err: Error & { stderr?: string; stdout?: string }) => {
    throw new Error(
      `temporal sql tool ${args[0]} on ${store.database} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`,
    );
  });
}

async function hasSchema(store: SqlStore): Promise<{ database: boolean; schema: boolean }> {
  const admin = new pg.Client({
    host: store.host,
    port: store.port,
    user: store.user,
    password: store.password,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const db = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [store.database]);
    if (db.rowCount === 0) return { database: false, schema: false };
  } finally {
    await admin.end();
  }
  const client = new pg.Client({
    host: store.host,
    port: store.port,
    user: store.user,
    password: store.password,
    database: store.database,
  });
  await client.connect();
  try {
    const table = await client.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_version'");
    return { database: true, schema: (table.rowCount ?? 0) > 0 };
  } finally {
    await client.end();
  }
}

/** `kind` is the schema's directory: temporal (persistence) or visibility. */
export async function setUpTemporalSchema(
  tools: SchemaTools,
  store: SqlStore,
  kind: 'temporal' | 'visibility',
): Promise<void> {
  const state = await hasSchema(store);
  if (!state.database) await sqlTool(tools, store, ['create-database']);
  if (!state.schema) await sqlTool(tools, store, ['setup-schema', '-v', '0.0']);
  await sqlTool(tools, store, ['update-schema', '-d', join(tools.schemaDir, kind, 'versioned')]);
}
