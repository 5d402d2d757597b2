// Law on Languages art. 11: the answer goes in the state language or in the language of the
// complaint. A stated `language` is recorded; the notices and the answer's cover go in it alone
// (e-mail, cabinet, letter), and the official's case page shows it and who signed (R6).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { apiAs, eventually } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { IIN, officeComplaint, portalComplaint } from '../support/complaints';

let stack: ApiStack;
let api: ReturnType<typeof apiAs>;
beforeAll(async () => {
  stack = await startApiStack();
  api = apiAs(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const decision = { outcome: 'satisfied', reasoning: 'The certificate is issued today.' };

it('a Kazakh complaint through the portal is answered in Kazakh only: e-mail and cabinet', async () => {
  const filed = await api.post('/v1/complaints', 'intake', portalComplaint('con-almaty', { language: 'kk' }));
  expect(filed.status).toBe(201);
  const id = filed.body.id as string;
  expect((await api.get(`/v1/complaints/${id}`, 'intake')).body.complaint.language).toBe('kk');
  expect((await api.post(`/v1/complaints/${id}/decision`, 'official:con-almaty', decision)).status).toBe(200);

  const email = await eventually(async () => {
    const file = join(stack.outboxDir, `${id}-s1-answer_email.json`);
    return readFile(file, 'utf8').then(JSON.parse, () => undefined);
  }, 'the answer by e-mail');
  expect(email).toMatchObject({ language: 'kk', textKk: expect.stringContaining('шағым қанағаттандырылды') });
  expect(email.textRu).toBeUndefined();

  const cabinet = await eventually(async () => {
    const t = await api.get(`/v1/complaints/${id}/timeline`, { portal: IIN });
    return t.body.events.find((e: { kind: string }) => e.kind === 'notice:answer');
  }, 'the answer in the cabinet');
  expect(Object.keys(cabinet.data)).toEqual(['textKk']);
});

it('a paper complaint in Kazakh gets its letter in Kazakh; without a language, both as before', async () => {
  const kk = await api.post('/v1/complaints', 'intake', officeComplaint('con-almaty', { language: 'kk' }));
  const both = await api.post('/v1/complaints', 'intake', officeComplaint('con-almaty'));
  for (const res of [kk, both]) {
    expect(res.status).toBe(201);
    expect((await api.post(`/v1/complaints/${res.body.id}/decision`, 'official:con-almaty', decision)).status).toBe(
      200,
    );
  }
  const letterOf = (id: string) =>
    eventually(async () => {
      const out = await api.get('/v1/outbox?channel=post', 'admin');
      return out.body.items.find((l: { complaintId: string; purpose: string }) => l.complaintId === id);
    }, 'the answer letter');
  const kkLetter = await letterOf(kk.body.id);
  expect(kkLetter.language).toBe('kk');
  // Asked in Russian, the letter is still printed in the complaint's language.
  const printed = await api.get(`/v1/outbox/${kkLetter.id}/letter?lang=ru`, 'admin');
  expect(printed.status).toBe(200);
  expect(printed.text).toContain('шағым қанағаттандырылды');
  expect(printed.text).not.toContain('удовлетворена');

  const bothLetter = await letterOf(both.body.id);
  expect(bothLetter.language).toBeNull();
  const printedRu = await api.get(`/v1/outbox/${bothLetter.id}/letter?lang=ru`, 'admin');
  expect(printedRu.text).toContain('удовлетворена');
});

it("the official's case page shows the complaint's language and who signed it", async () => {
  const filed = await api.post('/v1/complaints', 'intake', officeComplaint('akimat-almaty', { language: 'ru' }));
  expect(filed.status).toBe(201);
  const official = request.agent(stack.app);
  const form = await official.get('/app/sign-in').expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
  await official
    .post('/app/sign-in')
    .type('form')
    .send({ _csrf: csrf, apiKey: stack.keys['official:akimat-almaty'] })
    .expect(303);
  const ru = await official.get(`/app/cases/${filed.body.id}?lang=ru`).expect(200);
  expect(ru.text).toContain('Язык жалобы');
  expect(ru.text).toContain('русский');
  expect(ru.text).toContain('Ким Ольга, Директор — руководитель юридического лица');
  const kk = await official.get(`/app/cases/${filed.body.id}?lang=kk`).expect(200);
  expect(kk.text).toContain('Шағымның тілі');
  expect(kk.text).toContain('орыс тілі');
});
