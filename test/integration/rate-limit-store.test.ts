// The per-key rate limit's shared budget (db/rate-limit-store.ts): exact for one replica, one
// write a second while a key is far from its limit, every request written near it, and two
// replicas together held to the limit within what each counts unwritten.
import type { Options } from 'express-rate-limit';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { PostgresRateLimitStore } from '../../db/rate-limit-store';
import { createTestDatabase } from '../support/test-database';

let db: Db;
beforeAll(async () => {
  ({ db } = await createTestDatabase());
});
afterAll(async () => {
  await db?.destroy();
});

const replica = (limit: number) => {
  const store = new PostgresRateLimitStore(db);
  store.init({ windowMs: 60_000, limit } as Options);
  return store;
};
let n = 0;
const newKey = () => `key:test-${Date.now()}-${n++}`;
const written = async (key: string) =>
  (await sql<{ hits: number }>`select hits from rate_limit_windows where key = ${key}`.execute(db)).rows[0]?.hits ?? 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('one replica counts every request exactly, up to and past its limit', async () => {
  const store = replica(50);
  const key = newKey();
  const totals: number[] = [];
  for (let i = 0; i < 60; i++) totals.push((await store.increment(key)).totalHits);
  expect(totals).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  expect(await written(key)).toBe(60); // past 80% of the limit every request is written
});

it('far from its limit, a key costs a write a second, not one a request, and loses no hit', async () => {
  const store = replica(10_000);
  const key = newKey();
  for (let i = 0; i < 50; i++) await store.increment(key);
  expect(await written(key)).toBe(1); // the first request opened the window; 49 counted here
  await sleep(1_100);
  expect((await store.increment(key)).totalHits).toBe(51);
  expect(await written(key)).toBe(51);
});

it('counts a tenth of the limit unwritten at most', async () => {
  const store = replica(100);
  const key = newKey();
  for (let i = 0; i < 25; i++) await store.increment(key);
  const unwritten = 25 - (await written(key));
  expect(unwritten).toBeGreaterThanOrEqual(0);
  expect(unwritten).toBeLessThanOrEqual(10);
});

it('requests at the same moment are each counted once', async () => {
  const store = replica(1_000_000);
  const key = newKey();
  await Promise.all(Array.from({ length: 100 }, () => store.increment(key)));
  await sleep(1_100);
  expect((await store.increment(key)).totalHits).toBe(101);
  expect(await written(key)).toBe(101);
});

it('two replicas share one budget: together they admit the limit, past it by a tenth each at most', async () => {
  const limit = 100;
  const [a, b] = [replica(limit), replica(limit)];
  const key = newKey();
  let admitted = 0;
  for (let i = 0; i < 300; i++) if ((await (i % 2 ? a : b).increment(key)).totalHits <= limit) admitted++;
  expect(admitted).toBeGreaterThanOrEqual(limit);
  expect(admitted).toBeLessThanOrEqual(limit + 2 * 10);
});
