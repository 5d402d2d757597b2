// Seeds the case register for the list benchmark: `count` complaints with their first review
// stage, straight into PostgreSQL with INSERT … SELECT generate_series (seconds for 100 000).
// The mix follows a register two years old: most cases closed, the recent ones under review,
// some overdue; five bodies and seven channels in realistic shares. Past 899 999 cases the
// numbers' sequence has seven digits (lpad would cut it to six and repeat numbers).
import pg from 'pg';
import { portalComplaint } from '../test/support/complaints';

/**
 * Seeds `count` cases; a tenth of them filed by `intakeKeyId` when given (an intake system
 * reading its own events), the rest by ten made-up systems.
 */
export async function seedCases(databaseUrl: string, count: number, intakeKeyId = 'key_bench_0'): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT setseed(0.42)'); // the same register on every run
    await client.query(SEED_COMPLAINTS, [count, JSON.stringify(portalComplaint('con-almaty')), intakeKeyId]);
    await client.query(SEED_STAGES);
    await client.query(SEED_EVENTS);
    await client.query('COMMIT');
    // A register in steady state: statistics current, visibility maps set, nothing left for
    // autovacuum or the checkpointer to do while the list is measured.
    await client.query('VACUUM ANALYZE');
    await client.query('CHECKPOINT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

const SEED_COMPLAINTS = `
WITH s AS (
  SELECT i, random() AS rb, random() AS rc, random() AS rs, random() AS ro, random() AS rx,
         now() - (($1::int - i) * (730.0 / $1::int)) * interval '1 day' - random() * interval '1 hour' AS received_at
  FROM generate_series(1, $1::int) AS i
), t AS (
  SELECT s.*,
    CASE WHEN rb < .35 THEN 'con-almaty' WHEN rb < .60 THEN 'gov4c' WHEN rb < .75 THEN 'akimat-almaty'
         WHEN rb < .90 THEN 'mlsp' ELSE 'qcb-almaty' END AS body,
    CASE WHEN rc < .40 THEN 'portal' WHEN rc < .55 THEN 'post' WHEN rc < .70 THEN 'provider_office'
         WHEN rc < .85 THEN 'state_corporation_office' WHEN rc < .90 THEN 'electronic_document'
         WHEN rc < .95 THEN 'video_conference' ELSE 'video_appeal' END AS channel,
    extract(epoch FROM now() - received_at) / 86400 AS age
  FROM s
), u AS (
  SELECT t.*,
    CASE WHEN age < 10 THEN (CASE WHEN rs < .80 THEN 'under_review' WHEN rs < .95 THEN 'decided' ELSE 'withdrawn' END)
         WHEN age < 45 THEN (CASE WHEN rs < .10 THEN 'under_review' WHEN rs < .55 THEN 'decided'
                                  WHEN rs < .95 THEN 'closed' ELSE 'referred_to_court' END)
         ELSE (CASE WHEN rs < .90 THEN 'closed' WHEN rs < .95 THEN 'referred_to_court' ELSE 'withdrawn' END)
    END AS status,
    received_at + (CASE WHEN body = 'qcb-almaty' THEN 21 ELSE 7 END) * interval '1 day' AS deadline
  FROM t
)
INSERT INTO complaints (id, workflow_id, channel, form, complainant_id, filed_by, input, received_at, status, stage,
  reviewing_body_id, incoming_number, registered_on, deadline, overdue, extended_days, assigned_to, outcome,
  decided_at, closed_at, created_at, updated_at)
SELECT gen_random_uuid(), 'bench-seed-' || i, channel,
  CASE WHEN channel IN ('post', 'provider_office', 'state_corporation_office') THEN 'paper' ELSE 'electronic' END,
  lpad(((i::bigint * 7919) % 1000000000000)::text, 12, '0'), CASE WHEN i % 10 = 0 THEN $3 ELSE 'key_bench_' || (i % 10) END, $2::jsonb, received_at, status, 1,
  body, b.code || '-' || extract(year FROM received_at)::int || '-' || (100000 + i)::text,
  (received_at AT TIME ZONE 'Asia/Almaty')::date, deadline,
  (status = 'under_review' AND deadline < now()) OR (status <> 'under_review' AND ro < .05),
  CASE WHEN rx < .1 THEN 2 ELSE 0 END,
  CASE WHEN status = 'under_review' AND rx < .5 THEN NULL ELSE 'Иванова А.Б.' END,
  CASE WHEN status IN ('decided', 'closed', 'referred_to_court')
       THEN (ARRAY['satisfied', 'partially_satisfied', 'rejected', 'refused_to_review'])[1 + floor(rx * 4)::int] END,
  CASE WHEN status IN ('decided', 'closed', 'referred_to_court') THEN least(received_at + interval '5 days', now()) END,
  CASE WHEN status IN ('closed', 'withdrawn', 'referred_to_court') THEN least(received_at + interval '40 days', now()) END,
  received_at, received_at
FROM u JOIN bodies b ON b.id = u.body`;

const SEED_STAGES = `
INSERT INTO review_stages (complaint_id, stage, body_id, incoming_number, year, sequence, received_at, registered_on,
  review_term_days, deadline, received_by, answer_place, extended_days, overdue, decision, decided_at)
SELECT c.id, 1, c.reviewing_body_id, c.incoming_number, extract(year FROM c.registered_on)::int,
  100000 + substring(c.workflow_id FROM 12)::int, c.received_at, c.registered_on,
  CASE WHEN c.reviewing_body_id = 'qcb-almaty' THEN 15 ELSE 5 END, c.deadline,
  CASE WHEN c.form = 'paper' THEN 'Сапарова Д.К.' END,
  CASE WHEN c.form = 'paper' THEN 'handed over at the office or sent by post' ELSE 'personal cabinet on the e-government portal (egov.kz)' END,
  c.extended_days, c.overdue,
  CASE WHEN c.outcome IS NOT NULL THEN jsonb_build_object('outcome', c.outcome, 'reasoning', 'seeded', 'decidedBy', c.assigned_to) END,
  c.decided_at
FROM complaints c WHERE c.workflow_id LIKE 'bench-seed-%'`;

// The timeline's public events of each seeded case, as the event feed reads them: registered,
// decided and closed where the case got that far (one transaction: one xid, ordered by id).
const SEED_EVENTS = `
INSERT INTO complaint_events (complaint_id, event_key, stage, kind, mark, at, data)
SELECT c.id, e.key, 1, e.kind, e.mark, e.at, e.data
FROM complaints c
CROSS JOIN LATERAL (VALUES
  ('s1-registered', 'registered', 'registered', c.received_at,
   jsonb_build_object('registeredOn', c.registered_on, 'deadline', c.deadline)),
  ('s1-decided', 'decided', 'answered', c.decided_at, jsonb_build_object('outcome', c.outcome)),
  ('s1-closed', 'closed', NULL, c.closed_at, '{}'::jsonb)
) AS e(key, kind, mark, at, data)
WHERE c.workflow_id LIKE 'bench-seed-%' AND e.at IS NOT NULL
ORDER BY e.at`;
