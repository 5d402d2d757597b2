// A store for express-rate-limit in PostgreSQL, so API replicas count one client's requests
// together. No maintained PostgreSQL store works offline with kysely migrations, hence this one.
//
// A shared budget with a window per replica: a replica counts a key's requests in memory and adds
// them to the key's row in PostgreSQL once a second, or sooner once it has counted a tenth of the
// limit unwritten, while the key is far from its limit; once the shared count nears the limit
// (SYNC_FROM of it) every request is written and read back. A key used well within its budget
// costs about one write a second per replica, not one a request. One replica answers exactly;
// with several, a key can pass its limit by at most what the others counted unwritten, a tenth
// of the limit each, and only within the second before their next write.
import { sql } from 'kysely';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Db } from './database';

/** How stale this replica's view of a key's shared count may grow while the key is far from its limit. */
const SYNC_EVERY_MS = 1_000;
/** From this share of the limit on, every request is written and read back. */
const SYNC_FROM = 0.8;
/** The most hits a replica counts unwritten, as a share of the limit. */
const UNWRITTEN_AT_MOST = 0.1;
/** Keys remembered before the expired ones are dropped. */
const PRUNE_ABOVE = 10_000;

interface KeyWindow {
  /** The key's hits in PostgreSQL when this replica last wrote, its own included. */
  shared: number;
  /** Hits counted here since, not yet written. */
  pending: number;
  resetsAt: Date;
  syncedAt: number;
}

export class PostgresRateLimitStore implements Store {
  private windowMs = 60_000;
  private limit = 0;
  private readonly windows = new Map<string, KeyWindow>();
  /** Counts are shared across replicas, not local to this process. */
  readonly localKeys = false;

  constructor(private readonly db: Db) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
    // A limit computed per request is not known here: every request is written.
    this.limit = typeof options.limit === 'number' ? options.limit : 0;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = Date.now();
    let w = this.windows.get(key);
    if (
      w &&
      now < w.resetsAt.getTime() &&
      now - w.syncedAt < SYNC_EVERY_MS &&
      w.pending + 1 <= Math.floor(this.limit * UNWRITTEN_AT_MOST) &&
      w.shared + w.pending + 1 < this.limit * SYNC_FROM
    ) {
      w.pending++;
      return { totalHits: w.shared + w.pending, resetTime: w.resetsAt };
    }
    if (!w) {
      if (this.windows.size > PRUNE_ABOVE)
        for (const [k, old] of this.windows) if (old.resetsAt.getTime() <= now) this.windows.delete(k);
      w = { shared: 0, pending: 0, resetsAt: new Date(now), syncedAt: now };
      this.windows.set(key, w);
    }
    // The pending hits leave with this write; requests arriving while it is under way count anew.
    const hits = w.pending + 1;
    w.pending = 0;
    w.syncedAt = now;
    let written: { hits: number; resetsAt: Date };
    try {
      written = await this.add(key, hits);
    } catch (err) {
      w.pending += hits - 1;
      throw err;
    }
    w.shared = written.hits;
    w.resetsAt = written.resetsAt;
    return { totalHits: written.hits + w.pending, resetTime: written.resetsAt };
  }

  async decrement(key: string): Promise<void> {
    const w = this.windows.get(key);
    if (w && w.pending > 0) {
      w.pending--;
      return;
    }
    await sql`update rate_limit_windows set hits = greatest(hits - 1, 0) where key = ${key}`.execute(this.db);
  }

  async resetKey(key: string): Promise<void> {
    this.windows.delete(key);
    await sql`delete from rate_limit_windows where key = ${key}`.execute(this.db);
  }

  /** Adds `hits` to the key's shared count (a new window when the last has run out) and reads it back. */
  private async add(key: string, hits: number): Promise<{ hits: number; resetsAt: Date }> {
    const window = `${this.windowMs} milliseconds`;
    const { rows } = await sql<{ hits: number; resets_at: Date }>`
      insert into rate_limit_windows as w (key, hits, resets_at)
      values (${key}, ${hits}, now() + ${window}::interval)
      on conflict (key) do update set
        hits = case when w.resets_at <= now() then ${hits} else w.hits + ${hits} end,
        resets_at = case when w.resets_at <= now() then now() + ${window}::interval else w.resets_at end
      returning hits, resets_at`.execute(this.db);
    return { hits: rows[0].hits, resetsAt: new Date(rows[0].resets_at) };
  }
}
