// What one filing costs the API, counted on real servers: PostgreSQL statements through a kysely
// log hook, Temporal calls through a gRPC interceptor on the client's connection. And the copies
// that make it cheap (API keys, bodies, the calendar) give way to writes within their bounds.
import { randomUUID } from 'node:crypto';
import { InterceptingCall } from '@grpc/grpc-js';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import request from 'supertest';
import type express from 'express';
import { createApp } from '../../api/app';
import { API_KEY_KEPT_MS, createApiKey } from '../../db/api-keys';
import { findBody, saveBody } from '../../db/bodies';
import { loadCalendarData } from '../../db/calendar';
import type { Database } from '../../db/schema';
import { addWorkingDays, createWorkingCalendar, reviewDeadline } from '../../domain/calendar';
import { complaintWorkflowId } from '../../workflows/complaint-messages';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { IIN, officeComplaint, portalComplaint } from '../support/complaints';
import { TEST_PROCEDURE } from '../support/procedure';

let stack: ApiStack;
let app: express.Express;
let countedDb: Kysely<Database>;
let connection: Connection;
const statements: string[] = [];
const temporalCalls: string[] = [];

beforeAll(async () => {
  stack = await startApiStack();
  // The API under test gets its own database handle and Temporal connection, both counted; the
  // worker keeps the stack's. Rate limiting is off: its counter is one upsert per request of any kind.
  countedDb = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: stack.databaseUrl, max: 5 }) }),
    log: (event) => {
      statements.push(event.query.sql);
    },
  });
  const countCalls: NonNullable<ConnectionOptions['interceptors']>[number] = (options, nextCall) => {
    temporalCalls.push(String(options.method_definition.path).split('/').pop()!);
    return new InterceptingCall(nextCall(options));
  };
  connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS, interceptors: [countCalls] });
  app = createApp({
    db: countedDb,
    client: new Client({ connection }),
    taskQueue: stack.taskQueue,
    procedure: TEST_PROCEDURE,
    rateLimitPerMinute: 0,
  });
});
afterAll(async () => {
  await connection?.close();
  await countedDb?.destroy();
  await stack?.stop();
});

const as = (key: string) => ({ Authorization: `Bearer ${stack.keys[key] ?? key}` });
const file = (complaint: object, idempotencyKey?: string, key = 'intake') =>
  request(app)
    .post('/v1/complaints')
    .set({ ...as(key), ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}) })
    .send(complaint);

/** Statements and Temporal calls made while `run` runs. */
async function counted<T>(run: () => Promise<T>): Promise<{ value: T; statements: string[]; temporalCalls: string[] }> {
  statements.length = 0;
  temporalCalls.length = 0;
  const value = await run();
  return { value, statements: [...statements], temporalCalls: [...temporalCalls] };
}

describe('one filing', () => {
  it('makes one Temporal call and reads nothing from PostgreSQL once the key and the bodies are known', async () => {
    expect((await file(portalComplaint('con-almaty'), `warm-${randomUUID()}`)).status).toBe(201);
    for (const complaint of [portalComplaint('gov4c'), officeComplaint('akimat-almaty')]) {
      const { value: res, ...cost } = await counted(() => file(complaint, `one-call-${randomUUID()}`));
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('under_review');
      expect(cost).toEqual({ statements: [], temporalCalls: ['ExecuteMultiOperation'] });
    }
  });

  it('reads the key and all bodies once, in one statement each, when nothing is kept', async () => {
    const { key } = await createApiKey(stack.db, 'intake', null, 'cold'); // a key made drops the kept keys
    await saveBody(stack.db, (await findBody(stack.db, 'mlsp'))!); // a body saved drops the kept bodies
    const { value: res, ...cost } = await counted(() => file(portalComplaint('mlsp'), undefined, key));
    expect(res.status).toBe(201);
    expect(cost.temporalCalls).toEqual(['ExecuteMultiOperation']);
    expect(cost.statements.map((s) => /from "(\w+)"/.exec(s)?.[1])).toEqual(['api_keys', 'bodies']);
  });

  it('answers a repeated key from the workflow with the status now, and refuses another complaint there', async () => {
    const key = `repeat-${randomUUID()}`;
    const complaint = portalComplaint('con-almaty');
    const first = await file(complaint, key);
    expect({ status: first.status, caseStatus: first.body.status }).toEqual({
      status: 201,
      caseStatus: 'under_review',
    });
    const decided = await request(stack.app)
      .post(`/v1/complaints/${first.body.id}/decision`)
      .set(as('official:con-almaty'))
      .send({ outcome: 'satisfied', reasoning: 'The certificate was issued on the day of the review.' });
    expect(decided.status).toBe(200);

    // The same fields in another order are the same complaint.
    const reordered = Object.fromEntries(Object.entries(complaint).reverse());
    const again = await counted(() => file(reordered, key));
    expect(again.value.status).toBe(201);
    expect(again.value.body).toMatchObject({
      id: first.body.id,
      incomingNumber: first.body.incomingNumber,
      status: 'decided',
    });
    expect({ statements: again.statements, temporalCalls: again.temporalCalls }).toEqual({
      statements: [],
      temporalCalls: ['ExecuteMultiOperation'],
    });

    const other = await counted(() => file({ ...complaint, reasons: 'Another complaint altogether.' }, key));
    expect({ status: other.value.status, code: other.value.body.error?.code }).toEqual({
      status: 409,
      code: 'idempotency_key_reused',
    });
    expect({ statements: other.statements, temporalCalls: other.temporalCalls }).toEqual({
      statements: [],
      temporalCalls: ['ExecuteMultiOperation'],
    });
  });

  it('answers a repeated key of a closed case from that case, never starting it again', async () => {
    const key = `closed-${randomUUID()}`;
    const complaint = portalComplaint('gov4c');
    const first = await file(complaint, key);
    expect(first.status).toBe(201);
    const withdrawn = await request(stack.app)
      .post(`/v1/complaints/${first.body.id}/withdrawal`)
      .set({ ...as('portal'), 'X-Complainant-Id': IIN })
      .send({});
    expect(withdrawn.status).toBe(200);
    await stack.client.workflow.getHandle(complaintWorkflowId(first.body.id)).result();

    const again = await file(complaint, key);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({
      id: first.body.id,
      incomingNumber: first.body.incomingNumber,
      status: 'withdrawn',
    });
    const other = await file({ ...complaint, demands: 'Something else entirely.' }, key);
    expect({ status: other.status, code: other.body.error?.code }).toEqual({
      status: 409,
      code: 'idempotency_key_reused',
    });
    let runs = 0;
    for await (const _ of stack.client.workflow.list({
      query: `WorkflowId = "${complaintWorkflowId(first.body.id)}"`,
    }))
      runs++;
    expect(runs).toBe(1);
  });
});

describe('the kept copies give way to writes', () => {
  it('files to a body registered by POST /bodies at once', async () => {
    expect((await file(portalComplaint('con-almaty'))).status).toBe(201); // the bodies are known now
    const saved = await request(app)
      .post('/v1/bodies')
      .set(as('admin'))
      .send({
        id: 'con-kept-test',
        code: 'CKT',
        kind: 'service_provider',
        nameKk: 'Сынақ',
        nameRu: 'Тест',
        postalAddress: 'Алматы, 1',
        head: { position: 'Директор', surname: 'Тестов', initials: 'Т.', email: 'h@example.kz', phone: '+77010000000' },
        escalatesTo: 'qcb-almaty',
      });
    expect(saved.status).toBe(201);
    const filed = await file(portalComplaint('con-kept-test'));
    expect({ status: filed.status, body: filed.body.bodyId }).toEqual({ status: 201, body: 'con-kept-test' });
    expect(filed.body.incomingNumber).toMatch(/^CKT-/);
  });

  it('files to a body another process registered without waiting for the copy to expire', async () => {
    expect((await file(portalComplaint('con-almaty'))).status).toBe(201);
    // As another replica would: straight into the table, nothing in this process told.
    await sql`insert into bodies (id, code, kind, name_kk, name_ru, postal_address, head_position, head_surname,
      head_initials, head_email, head_phone, escalates_to, review_term_days, can_extend)
      select 'con-elsewhere', 'CEW', kind, name_kk, name_ru, postal_address, head_position, head_surname,
      head_initials, head_email, head_phone, escalates_to, review_term_days, can_extend
      from bodies where id = 'con-almaty'`.execute(stack.db);
    const filed = await file(portalComplaint('con-elsewhere'));
    expect({ status: filed.status, number: filed.body.incomingNumber?.slice(0, 4) }).toEqual({
      status: 201,
      number: 'CEW-',
    });
  });

  it('gives a filing after PUT /calendar/:year the deadline of the new calendar', async () => {
    const before = await file(portalComplaint('con-almaty'));
    expect(before.status).toBe(201);
    const { registeredOn } = before.body as { registeredOn: string };
    const oldCalendar = createWorkingCalendar(await loadCalendarData(stack.db));
    // The next working day after registration becomes a holiday: every later deadline moves a day.
    const holiday = addWorkingDays(registeredOn, 1, oldCalendar);
    const year = Number(holiday.slice(0, 4));
    const current = await request(app).get(`/v1/calendar/${year}`).set(as('admin'));
    expect(current.status).toBe(200);
    const days = [
      ...(current.body.days as { date: string; kind: string; name: string }[]).filter((d) => d.date !== holiday),
      { date: holiday, kind: 'holiday', name: 'a holiday declared for this test' },
    ];
    expect((await request(app).put(`/v1/calendar/${year}`).set(as('admin')).send({ days })).status).toBe(200);

    const after = await file(portalComplaint('con-almaty'));
    expect(after.status).toBe(201);
    const newCalendar = createWorkingCalendar(await loadCalendarData(stack.db));
    const termDays = (await stack.db
      .selectFrom('bodies')
      .select('review_term_days')
      .where('id', '=', 'con-almaty')
      .executeTakeFirstOrThrow())!.review_term_days;
    const on = after.body.registeredOn as string;
    expect(after.body.deadline).toBe(reviewDeadline(on, termDays, newCalendar).endsAt.toISOString());
    expect(after.body.deadline).not.toBe(reviewDeadline(on, termDays, oldCalendar).endsAt.toISOString());
  });

  it(`refuses a key revoked by another process within ${API_KEY_KEPT_MS / 1000} s`, async () => {
    const { key, id } = await createApiKey(stack.db, 'auditor', null, 'revoked elsewhere');
    const get = () => request(app).get('/v1/bodies').set(as(key));
    expect((await get()).status).toBe(200);
    // As the apikey command in its own process would: nothing in this process is told.
    await stack.db.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', id).execute();
    const revokedAt = Date.now();
    expect((await get()).status).toBe(200); // still kept: the bound is what is promised, not at once
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < API_KEY_KEPT_MS + 5_000) {
      await new Promise((r) => setTimeout(r, 250));
      status = (await get()).status;
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThanOrEqual(API_KEY_KEPT_MS + 1_000);
  }, 30_000);
});
