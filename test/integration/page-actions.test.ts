// The case page offers redirection to the competent body
// while the law allows it (R1, within 3 working days of receipt) and the hand-over of a paper
// answer at the office once it is decided (R8); each form runs the API's own route, and a refusal
// is told in the page's language, naming the fields to correct.
import request from 'supertest';
import { apiAs, eventually } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { lastDayOfTerm } from '../../domain/calendar';
import { IIN, officeComplaint, portalComplaint } from '../support/complaints';

let stack: ApiStack;
let official: ReturnType<typeof request.agent>;
beforeAll(async () => {
  stack = await startApiStack();
  official = request.agent(stack.app);
  const form = await official.get('/app/sign-in').expect(200);
  await official
    .post('/app/sign-in')
    .type('form')
    .send({ _csrf: tokenIn(form.text), apiKey: stack.keys['official:akimat-almaty'] })
    .expect(303);
});
afterAll(async () => {
  await stack?.stop();
});

function tokenIn(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1];
}

async function filePaperComplaint(key: string): Promise<string> {
  const res = await apiAs(stack)
    .post('/v1/complaints', 'intake', officeComplaint('akimat-almaty'))
    .set('Idempotency-Key', key);
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Posts a case page's form as the browser would, with the page's token. */
async function post(id: string, operation: string, fields: Record<string, string>) {
  const page = await official.get(`/app/cases/${id}`).expect(200);
  return official
    .post(`/app/cases/${id}/actions/${operation}`)
    .type('form')
    .send({ _csrf: tokenIn(page.text), ...fields });
}

it('redirects a complaint to the competent body from its page (R1); the case then leaves the queue', async () => {
  const id = await filePaperComplaint('pages-redirect');
  const page = await official.get(`/app/cases/${id}`).expect(200);
  expect(page.text).toContain('/actions/redirect');
  expect(page.text).not.toContain('value="qcb-almaty"'); // a quality-control body is no redirection target
  expect(page.text).not.toContain('/actions/handOverAnswer');
  const res = await post(id, 'redirect', {
    toBodyId: 'mlsp',
    reason: 'The matter is a social payment decided by the ministry.',
  });
  expect(res.status).toBe(303);
  const row = await eventually(async () => {
    const c = await stack.db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return c.reviewing_body_id === 'mlsp' ? c : undefined;
  }, 'the case at mlsp');
  expect(row.stage).toBe(2);
  // The akimat's official no longer sees it (as GET /v1/complaints/{id} answers: 404).
  await official.get(`/app/cases/${id}`).expect(404);
});

it('records the hand-over of a paper answer at the office; a wrong form is refused, the field named (R8)', async () => {
  const id = await filePaperComplaint('pages-hand-over');
  const decided = await post(id, 'decide', {
    outcome: 'satisfied',
    reasoning: 'The licence is issued; collect it at the office.',
  });
  expect(decided.status).toBe(303);
  const page = await eventually(async () => {
    const p = await official.get(`/app/cases/${id}`);
    return p.text.includes('/actions/handOverAnswer') ? p : undefined;
  }, 'the hand-over form');
  expect(page.text).not.toContain('/actions/decide');

  const refused = await post(id, 'handOverAnswer', {
    outcome: 'refused_to_collect',
    'recipient.role': 'complainant',
    'recipient.identityDocument': 'удостоверение личности № 012345678',
  });
  expect(refused.status).toBe(422);
  expect(refused.text).toContain('Форма заполнена неверно. Проверьте поля: Кто получил.');
  // The form comes back as it was sent, to be corrected rather than typed again.
  expect(refused.text).toMatch(/<option value="refused_to_collect"\s+selected>/);
  expect(refused.text).toMatch(/<option value="complainant"\s+selected>/);
  expect(refused.text).toContain('value="удостоверение личности № 012345678"');

  const handed = await post(id, 'handOverAnswer', {
    outcome: 'handed_over',
    'recipient.role': 'complainant',
    'recipient.identityDocument': 'удостоверение личности № 012345678',
  });
  expect(handed.status).toBe(303);
  const after = await official.get(`/app/cases/${id}`).expect(200);
  expect(after.text).toContain('ответ выдан в канцелярии');
  expect(after.text).not.toContain('/actions/handOverAnswer');
});

it('a refused decision comes back with the reasoning as typed, escaped, and nothing decided', async () => {
  const id = await filePaperComplaint('pages-refused-decision');
  const reasoning = 'Line one of the reasons, with <b>markup</b> & "quotes".\nLine two.';
  const refused = await post(id, 'decide', { outcome: 'refused_to_review', reasoning });
  expect(refused.status).toBe(422);
  expect(refused.text).toContain('Форма заполнена неверно. Проверьте поля: Основание отказа в рассмотрении.');
  expect(refused.text).toMatch(/<option value="refused_to_review"\s+selected>/);
  expect(refused.text).toContain(
    'Line one of the reasons, with &lt;b&gt;markup&lt;/b&gt; &amp; &quot;quotes&quot;.\nLine two.</textarea>',
  );
  expect(refused.text).not.toContain('<b>markup</b>');
  // Another form on the page stays empty; a page opened afresh has nothing typed in it.
  expect(refused.text).toMatch(/name="officialName"[^>]*value=""/);
  const fresh = await official.get(`/app/cases/${id}`).expect(200);
  expect(fresh.text).not.toContain('Line one of the reasons');
  const row = await stack.db.selectFrom('complaints').select('status').where('id', '=', id).executeTakeFirstOrThrow();
  expect(row.status).toBe('under_review');
});

it('the case JSON and the cabinet name the last day to appeal once the answer is delivered (R9, R13)', async () => {
  const api = apiAs(stack);
  const filed = await api
    .post('/v1/complaints', 'intake', portalComplaint('akimat-almaty'))
    .set('Idempotency-Key', 'pages-appeal-day');
  expect(filed.status).toBe(201);
  const id: string = filed.body.id;
  expect((await api.get(`/v1/complaints/${id}`, { portal: IIN })).body).toMatchObject({ appealDeadline: null });
  const decided = await api.post(`/v1/complaints/${id}/decision`, 'official:akimat-almaty', {
    outcome: 'rejected',
    reasoning: 'The licence conditions were not met.',
  });
  expect(decided.status).toBe(200);
  const view = await eventually(async () => {
    const res = await api.get(`/v1/complaints/${id}`, { portal: IIN });
    return res.body.appealDeadline ? res.body : undefined;
  }, 'the appeal window to be counted');
  // The stack's window is 30 days from the electronic answer.
  const endsAt = new Date(Date.parse(decided.body.decidedAt) + 30 * 86_400_000);
  expect(view).toMatchObject({ appealWindowEndsAt: endsAt.toISOString(), appealDeadline: lastDayOfTerm(endsAt) });
  expect(view.stages[0]).toMatchObject({ appealDeadline: view.appealDeadline });

  const portal = request.agent(stack.app);
  const form = await portal.get('/app/sign-in').expect(200);
  await portal
    .post('/app/sign-in')
    .type('form')
    .send({ _csrf: tokenIn(form.text), apiKey: stack.keys.portal, complainantId: IIN })
    .expect(303);
  const page = await portal.get(`/cabinet/cases/${id}?lang=ru`).expect(200);
  const [y, m, d] = String(view.appealDeadline).split('-');
  expect(page.text).toContain('Обжаловать можно по (включительно)');
  expect(page.text).toContain(`${d}.${m}.${y}`);
});
