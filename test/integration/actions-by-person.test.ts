// An official's key is issued to a named person of a body;
// every action carries the acting key and person from the API (never from the request body);
// the decision is signed by that person; the timeline, the register, the case file and the
// Temporal history show who acted; request logs carry the key id; a revoked key's record stays.
import { createApiKey, findApiKey, revokeApiKey } from '../../db/api-keys';
import { apiAs } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { anAppeal, IIN, portalComplaint } from '../support/complaints';

let stack: ApiStack;
let api: ReturnType<typeof apiAs>;
beforeAll(async () => {
  stack = await startApiStack();
  api = apiAs(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const keyIdOf = async (name: string) => (await findApiKey(stack.db, stack.keys[name]))!.id;
const reasoning = 'The certificate was issued late; the fee is refunded.';

it('records the acting key and person of every action in the timeline, the register, the case file, the history and the request log', async () => {
  const filed = await api.post('/v1/complaints', 'intake', portalComplaint('akimat-almaty'));
  expect(filed.status).toBe(201);
  const id = filed.body.id;
  const official = 'official:akimat-almaty';
  const officialKey = await keyIdOf(official);
  const person = { surname: 'Досаев', initials: 'Е.А.', position: 'Аким города' };
  const byOfficial = { keyId: officialKey, role: 'official', person };

  expect((await api.post(`/v1/complaints/${id}/assignment`, official, { officialName: 'Жумабаев К.Б.' })).status).toBe(
    200,
  );
  expect(
    (await api.post(`/v1/complaints/${id}/extension`, official, { reason: 'additional_information', workingDays: 2 }))
      .status,
  ).toBe(200);
  // An actor in the request body is not a field of the contract: refused, never taken.
  const forged = await api.post(`/v1/complaints/${id}/decision`, official, {
    outcome: 'rejected',
    reasoning,
    signedBy: {
      keyId: 'key_000000000000',
      role: 'official',
      person: { surname: 'Сейткали', initials: 'А.М.', position: 'x' },
    },
  });
  expect(forged.status).toBe(400);
  // The signatory is the key's person: decidedBy may be left out, and naming another is refused.
  const other = await api.post(`/v1/complaints/${id}/decision`, official, {
    outcome: 'rejected',
    reasoning,
    decidedBy: 'Сейткали А.М.',
  });
  expect(other.status).toBe(422);
  expect(other.body.error).toMatchObject({ code: 'signatory_mismatch', details: [{ path: 'body.decidedBy' }] });
  const decided = await api.post(`/v1/complaints/${id}/decision`, official, {
    outcome: 'partially_satisfied',
    reasoning,
  });
  expect(decided.status).toBe(200);
  expect(decided.body).toMatchObject({ decidedBy: 'Досаев Е.А.', signedBy: byOfficial });

  const portal = { portal: IIN };
  const escalated = await api.post(`/v1/complaints/${id}/escalation`, portal, anAppeal());
  expect(escalated.status).toBe(200);
  const portalKey = (await findApiKey(stack.db, stack.keys.portal))!.id;

  const timeline = (await api.get(`/v1/complaints/${id}/timeline`, 'auditor')).body.events as Array<{
    kind: string;
    stage: number;
    data: Record<string, unknown>;
  }>;
  const by = (kind: string, stage = 1) => timeline.find((e) => e.kind === kind && e.stage === stage)?.data;
  expect(by('assigned')).toMatchObject({ officialName: 'Жумабаев К.Б.', by: byOfficial });
  expect(by('extended')).toMatchObject({ by: byOfficial });
  expect(by('decided')).toMatchObject({ decidedBy: 'Досаев Е.А.', signedBy: byOfficial });
  expect(by('delivered', 2)).toMatchObject({ by: { keyId: portalKey, role: 'portal' } });

  const register = (await api.get(`/v1/complaints/${id}`, 'auditor')).body;
  expect(register.stages[0].decision).toMatchObject({ decidedBy: 'Досаев Е.А.', signedBy: byOfficial });
  const caseFile = (await api.get(`/v1/complaints/${id}/case-file`, 'auditor')).body;
  expect(caseFile.decisions[0]).toMatchObject({ signedBy: byOfficial });

  const history = JSON.stringify((await api.get(`/v1/complaints/${id}/history`, 'auditor')).body);
  for (const action of ['assign', 'extend', 'decide', 'escalate']) expect(history).toContain(action);
  expect(history.split(officialKey).length - 1).toBeGreaterThanOrEqual(3);
  expect(history).toContain(portalKey);

  const logged = stack.logs
    .map((l) => JSON.parse(l))
    .filter((l) => l.route === '/v1/complaints/:id/decision' && l.status === 200);
  expect(logged).toEqual([expect.objectContaining({ keyId: officialKey, role: 'official' })]);
});

it('refuses actions of an official key issued to nobody (keys made before persons were recorded)', async () => {
  const filed = await api.post('/v1/complaints', 'intake', portalComplaint('mlsp'));
  const { key } = await createApiKey(stack.db, 'official', 'mlsp', null, {
    surname: 'Ертаев',
    initials: 'А.Б.',
    position: 'Министр',
  });
  const { id: keyId } = (await findApiKey(stack.db, key))!;
  await stack.db
    .updateTable('api_keys')
    .set({ person_surname: null, person_initials: null, person_position: null })
    .where('id', '=', keyId)
    .execute();
  stack.keys.anonymousOfficial = key;
  const res = await api.post(`/v1/complaints/${filed.body.id}/assignment`, 'anonymousOfficial', {
    officialName: 'Жумабаев К.Б.',
  });
  expect(res.status).toBe(403);
  expect(res.body.error.code).toBe('key_without_person');
  expect((await api.get(`/v1/complaints/${filed.body.id}`, 'anonymousOfficial')).status).toBe(200); // reading is still fine
});

it('keeps the record of what a key did readable after the key is revoked', async () => {
  const filed = await api.post('/v1/complaints', 'intake', portalComplaint('mlsp'));
  const { key, id: keyId } = await createApiKey(stack.db, 'official', 'mlsp', 'leaves next week', {
    surname: 'Омарова',
    initials: 'С.Т.',
    position: 'Вице-министр',
  });
  stack.keys.leaving = key;
  expect(
    (await api.post(`/v1/complaints/${filed.body.id}/decision`, 'leaving', { outcome: 'satisfied', reasoning })).status,
  ).toBe(200);
  expect(await revokeApiKey(stack.db, keyId)).toBe(true);
  expect((await api.get(`/v1/complaints/${filed.body.id}`, 'leaving')).status).toBe(401);
  const timeline = (await api.get(`/v1/complaints/${filed.body.id}/timeline`, 'auditor')).body.events;
  expect(timeline.find((e: { kind: string }) => e.kind === 'decided').data).toMatchObject({
    decidedBy: 'Омарова С.Т.',
    signedBy: { keyId, person: { surname: 'Омарова', initials: 'С.Т.', position: 'Вице-министр' } },
  });
});
