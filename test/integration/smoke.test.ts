import request from 'supertest';
import { IIN, portalComplaint } from '../support/complaints';
import { startApiStack, type ApiStack } from '../support/api-stack';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(async () => {
  await stack?.stop();
});

it('reports Temporal and the database as ok', async () => {
  const res = await request(stack.app).get('/healthz');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: 'ok', temporal: 'ok', database: 'ok' });
});

it('files a complaint on the dev server: the workflow registers it in Postgres and the API reads it back', async () => {
  const filed = await request(stack.app)
    .post('/v1/complaints')
    .set('Authorization', `Bearer ${stack.keys.intake}`)
    .send(portalComplaint('con-almaty'));
  expect(filed.status).toBe(201);
  expect(filed.body.incomingNumber).toMatch(/^CON-\d{4}-\d{6}$/);

  const row = await stack.db
    .selectFrom('complaints')
    .select(['incoming_number', 'status'])
    .where('id', '=', filed.body.id)
    .executeTakeFirst();
  expect(row).toEqual({ incoming_number: filed.body.incomingNumber, status: 'under_review' });

  const read = await request(stack.app)
    .get(`/v1/complaints/${filed.body.id}`)
    .set('Authorization', `Bearer ${stack.keys.portal}`)
    .set('X-Complainant-Id', IIN);
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({
    id: filed.body.id,
    status: 'under_review',
    incomingNumber: filed.body.incomingNumber,
    reviewingBodyId: 'con-almaty',
  });
});
