import express from 'express';
import request from 'supertest';
import { errorHandler } from '../../api/errors';

// How failures that are not the caller's fault reach the caller: a database or Temporal outage
// is a 503 the client may retry, anything else a 500 without details.
function appThrowing(err: unknown) {
  const app = express();
  app.get('/', () => {
    throw err;
  });
  app.use(errorHandler(() => undefined));
  return app;
}

it.each([
  [
    'connection refused',
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    'database_unavailable',
  ],
  [
    'admin shutdown',
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    'database_unavailable',
  ],
  ['pool timeout', new Error('timeout exceeded when trying to connect'), 'database_unavailable'],
  [
    'Temporal unavailable',
    Object.assign(new Error('14 UNAVAILABLE'), { name: 'ServiceError', cause: { code: 14 } }),
    'temporal_unavailable',
  ],
])('answers 503 for %s', async (_name, err, code) => {
  const res = await request(appThrowing(err)).get('/');
  expect(res.status).toBe(503);
  expect(res.body.error.code).toBe(code);
});

it('answers 500 internal_error for anything else, without its message', async () => {
  const res = await request(appThrowing(new Error('secret detail 870412300159'))).get('/');
  expect(res.status).toBe(500);
  expect(res.body).toEqual({
    error: { code: 'internal_error', message: 'the request could not be completed', details: [] },
  });
});
