// A bench figure for the pages: the officials' workbench queue (/app) of a body with 10 000 open
// cases, the query and the render together (renderQueue: rows by deadline, counts, calendar, HTML),
// timed in-process on embedded PostgreSQL. Not a timed test: `npm run bench:workbench` prints
// p50/p95/p99 and writes bench/workbench-results.json. BENCH_WORKBENCH_CASES, _RUNS to change.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { headOf, findBody } from '../db/bodies';
import { createDb } from '../db/database';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { migrateToLatest } from '../db/migrate';
import { seedCalendar, seedDemoBodies } from '../db/seed';
import { renderQueue } from '../api/pages/workbench';
import { TEXTS } from '../api/pages/texts';
import { portalComplaint } from '../test/support/complaints';
import { machine } from './report';
import { now, summarise } from './stats';

const CASES = Number(process.env.BENCH_WORKBENCH_CASES ?? 10_000);
const RUNS = Number(process.env.BENCH_WORKBENCH_RUNS ?? 500);
const BODY = 'akimat-almaty';

// 10 000 cases under review at one body, deadlines spread from 3 days ago to 12 days ahead (some
// overdue, some due soon), plus as many closed ones at other bodies the queue must not touch.
const SEED_OPEN_CASES = `
INSERT INTO complaints (id, workflow_id, channel, form, complainant_id, filed_by, input, received_at, status, stage,
  reviewing_body_id, incoming_number, registered_on, deadline, overdue, extended_days, assigned_to, created_at, updated_at)
SELECT gen_random_uuid(), 'bench-queue-' || i || '-' || b, 'portal', 'electronic',
  lpad(((i::bigint * 7919) % 1000000000000)::text, 12, '0'), 'key_bench', $2::jsonb,
  now() - interval '7 days' + i * interval '1 second', CASE WHEN b = $3 THEN 'under_review' ELSE 'closed' END, 1,
  b, 'Q' || b || '-' || i, (now() - interval '7 days')::date,
  now() - interval '3 days' + (i % 1500) * interval '864 seconds', false, 0, NULL, now(), now()
FROM generate_series(1, $1::int) AS i, (VALUES ($3), ('con-almaty')) AS bodies(b)`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-workbench-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user when this runs as root
  const postgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg') });
  const db = createDb(postgres.url);
  try {
    await migrateToLatest(db);
    await seedCalendar(db);
    await seedDemoBodies(db);
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    await client.query(SEED_OPEN_CASES, [CASES, JSON.stringify(portalComplaint(BODY)), BODY]);
    await client.query('VACUUM ANALYZE');
    await client.end();

    const body = (await findBody(db, BODY))!;
    const principal = { id: 'key_bench', role: 'official' as const, bodyId: BODY, label: null, person: headOf(body) };
    const ctx = { lang: 'ru' as const, t: TEXTS.ru, principal, csrfToken: 'x', url: '/app' };
    const render = () => renderQueue(db, ctx, {}, new Date());
    const first = await render();
    if (!first.includes('Очередь жалоб по сроку') || (first.match(/<tr class=/g) ?? []).length !== 50)
      throw new Error('the queue did not render its first 50 cases');
    for (let i = 0; i < 50; i++) await render(); // warm-up: connections, plans, JIT
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = now();
      await render();
      samples.push(now() - t0);
    }
    const latency = summarise(samples);
    const result = {
      figure: `workbench queue of ${BODY} with ${CASES} open cases (query + render)`,
      runs: RUNS,
      ms: latency,
      bytes: first.length,
      machine: machine(),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `workbench queue p99 ${latency.p99} ms (bar: < 100 ms) — ${latency.p99 < 100 ? 'meets' : 'MISSES'} the bar\n`,
    );
    writeFileSync(join(__dirname, 'workbench-results.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await db.destroy();
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
