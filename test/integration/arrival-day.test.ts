// R3, R8: an intake records a paper complaint that arrived earlier; the register's date, the term
// and the power of attorney count from the day it arrived, within the bounds of arrivalProblem.
import { officialCalendar } from '../../db/seeds/calendar-days';
import { almatyDate, createWorkingCalendar, registrationDate, reviewDeadline } from '../../domain/calendar';
import { apiAs } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { officeComplaint, portalComplaint, REPRESENTATIVE_IIN } from '../support/complaints';

let stack: ApiStack;
let api: ReturnType<typeof apiAs>;
beforeAll(async () => {
  stack = await startApiStack();
  api = apiAs(stack);
});
afterAll(async () => {
  await stack?.stop();
});

// The API reads the real clock: yesterday is always on or after the previous working day.
const DAY_MS = 86_400_000;
const yesterday = () => almatyDate(new Date(Date.now() - DAY_MS));
const cal = createWorkingCalendar(officialCalendar);

it('registers a paper complaint on the day it arrived and counts the term from that day', async () => {
  const receivedAt = `${yesterday()}T11:00:00+05:00`;
  const filed = await api.post('/v1/complaints', 'intake', officeComplaint('akimat-almaty', { receivedAt }));
  expect(filed.status).toBe(201);
  const registeredOn = registrationDate(new Date(receivedAt), cal);
  expect(filed.body.registeredOn).toBe(registeredOn);
  expect(filed.body.deadline).toBe(reviewDeadline(registeredOn, 5, cal).endsAt.toISOString());
  const kase = await api.get(`/v1/complaints/${filed.body.id}`, 'intake');
  expect(kase.body).toMatchObject({ receivedAt: new Date(receivedAt).toISOString(), registeredOn });
  expect(kase.body.complaint.receivedAt).toBe(receivedAt);
});

it('refuses an arrival in the future, before the previous working day, or stated for an electronic filing', async () => {
  const refused = async (complaint: object) => {
    const res = await api.post('/v1/complaints', 'intake', complaint);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    return res.body.error.details.map((d: { path: string }) => d.path);
  };
  const future = new Date(Date.now() + 3_600_000).toISOString();
  expect(await refused(officeComplaint('akimat-almaty', { receivedAt: future }))).toEqual(['body.receivedAt']);
  const longAgo = `${almatyDate(new Date(Date.now() - 10 * DAY_MS))}T11:00:00+05:00`;
  expect(await refused(officeComplaint('akimat-almaty', { receivedAt: longAgo }))).toEqual(['body.receivedAt']);
  const electronic = portalComplaint('con-almaty', { receivedAt: `${yesterday()}T11:00:00+05:00` });
  expect(await refused(electronic)).toEqual(['body.receivedAt']);
});

it('checks the power of attorney against the arrival day, not the day of recording', async () => {
  const today = almatyDate(new Date());
  const complaint = officeComplaint('akimat-almaty', {
    receivedAt: `${yesterday()}T11:00:00+05:00`,
    representative: {
      surname: 'Ким',
      firstName: 'Ольга',
      iin: REPRESENTATIVE_IIN,
      position: 'Юрист',
      powerOfAttorney: { number: 'ДВ-18', issuedAt: today },
    },
  });
  const res = await api.post('/v1/complaints', 'intake', complaint);
  expect(res.status).toBe(422);
  expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
    'body.representative.powerOfAttorney.issuedAt',
  ]);
});

it('answers a retry with the receipt after the stated arrival has left the bounds', async () => {
  const receivedAt = `${yesterday()}T11:00:00+05:00`;
  const complaint = officeComplaint('akimat-almaty', { receivedAt });
  const first = await api.post('/v1/complaints', 'intake', complaint).set('Idempotency-Key', 'arrival-retry');
  expect(first.status).toBe(201);
  // The retry a week later (only the clock's date moves; timers run as they do).
  jest.useFakeTimers({
    now: Date.now() + 7 * DAY_MS,
    doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval'],
  });
  try {
    const fresh = await api.post('/v1/complaints', 'intake', complaint).set('Idempotency-Key', 'arrival-fresh');
    expect(fresh.status).toBe(422);
    const retry = await api.post('/v1/complaints', 'intake', complaint).set('Idempotency-Key', 'arrival-retry');
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ id: first.body.id, incomingNumber: first.body.incomingNumber });
  } finally {
    jest.useRealTimers();
  }
});
