// A store for express-rate-limit in PostgreSQL, so API replicas count one client's requests
// together. No maintained PostgreSQL store works offline with kysely migrations, hence this one:
// one upsert per request, the window restarting when it has run out.
import { sql } from 'kysely';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Db } from './database';

export class PostgresRateLimitStore implements Store {
  private windowMs = 60_000;
  /** Counts are shared across replicas, not local to this process. */
  readonly localKeys = false;

  constructor(private readonly db: Db) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const window = `${this.windowMs} milliseconds`;
    const { rows } = await sql<{ hits: number; resets_at: Date }>`
      insert into rate_limit_windows as w (key, hits, resets_at)
      values (${key}, 1, now() + ${window}::interval)
      on conflict (key) do update set
        hits = case when w.resets_at <= now() then 1 else w.hits + 1 end,
        resets_at = case when w.resets_at <= now() then now() + ${window}::interval else w.resets_at end
      returning hits, resets_at`.execute(this.db);
    return { totalHits: rows[0].hits, resetTime: new Date(rows[0].resets_at) };
  }

  async decrement(key: string): Promise<void> {
    await sql`update rate_limit_windows set hits = greatest(hits - 1, 0) where key = ${key}`.execute(this.db);
  }

  async resetKey(key: string): Promise<void> {
    await sql`delete from rate_limit_windows where key = ${key}`.execute(this.db);
  }
}
