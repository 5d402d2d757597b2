import { randomUUID } from 'node:crypto';
import { registerComplaint } from '../../activities/registration';
import type { Db } from '../../db/database';
import { portalComplaint } from '../support/complaints';
import { createTestDatabase } from '../support/test-database';

// Registration itself, on real Postgres: the incoming number is per body and year, gap-free and
// never duplicated, also when 200 registrations race and when an activity is retried.
let db: Db;
beforeAll(async () => {
  ({ db } = await createTestDatabase());
});
afterAll(async () => {
  await db?.destroy();
});

const register = (complaintId: string, receivedAt: string, bodyId = 'akimat-almaty') =>
  registerComplaint(db, {
    complaintId,
    workflowId: `complaint-${complaintId}`,
    stage: 1,
    bodyId,
    receivedAt,
    receivedBy: null,
    complaint: portalComplaint(bodyId),
  });

it('gives 200 concurrent registrations at one body the numbers 1..200, no gap, no duplicate', async () => {
  const ids = Array.from({ length: 200 }, () => randomUUID());
  const receipts = await Promise.all(ids.map((id) => register(id, '2026-11-25T06:00:00Z')));
  const sequences = receipts.map((r) => Number(r.incomingNumber.split('-')[2])).sort((a, b) => a - b);
  expect(sequences).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  expect(new Set(receipts.map((r) => r.incomingNumber)).size).toBe(200);
});

it('returns the same registration when retried, taking no new number', async () => {
  const id = randomUUID();
  const first = await register(id, '2026-11-25T06:00:00Z', 'mlsp');
  const retried = await Promise.all([
    register(id, '2026-11-25T06:00:00Z', 'mlsp'),
    register(id, '2026-11-25T06:00:00Z', 'mlsp'),
  ]);
  expect(retried).toEqual([first, first]);
  const next = await register(randomUUID(), '2026-11-25T06:00:00Z', 'mlsp');
  expect(next.incomingNumber).toBe(
    first.incomingNumber.replace(/\d{6}$/, (n) => String(Number(n) + 1).padStart(6, '0')),
  );
});

it('registers a complaint that arrives on a day off on the next working day, numbering in that year', async () => {
  // Saturday 2026-12-26 → Monday 2026-12-28. Counting: 29, 30, 31 Dec; 1–2 Jan are holidays and
  // 2 Jan, a Saturday, moves its day off to Monday 4 Jan; so 5 and 6 Jan: the term ends on 6 Jan.
  const saturday = await register(randomUUID(), '2026-12-26T10:00:00+05:00', 'gov4c');
  expect(saturday.registeredOn).toBe('2026-12-28');
  expect(saturday.incomingNumber).toMatch(/^GK-2026-/);
  expect(saturday.deadline).toBe('2027-01-06T19:00:00.000Z');
  // Received on New Year's Day: registered on 5 January 2027, under 2027's numbers.
  const newYear = await register(randomUUID(), '2027-01-01T11:00:00+05:00', 'gov4c');
  expect(newYear.registeredOn).toBe('2027-01-05');
  expect(newYear.incomingNumber).toBe('GK-2027-000001');
});

it('names where a video conference and a video appeal were filed on the receipt (R5)', async () => {
  const at = '2026-11-25T06:00:00Z';
  const via = (channel: 'video_conference' | 'video_appeal', complaintId = randomUUID()) =>
    registerComplaint(db, {
      complaintId,
      workflowId: `complaint-${complaintId}`,
      stage: 1,
      bodyId: 'gov4c',
      receivedAt: at,
      receivedBy: null,
      complaint: { ...portalComplaint('gov4c'), channel },
    });
  expect((await via('video_conference')).filingPlace).toMatch(/video conference through the e-government portal/);
  const appeal = await via('video_appeal');
  expect(appeal.filingPlace).toMatch(/video appeal recorded at a branch of the State Corporation/);
  expect(appeal.answerPlace).toMatch(/personal cabinet/);
});
