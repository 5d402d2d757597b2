// What one owner's reader must not see of another's: the key ids of officials (a complainant, an
// intake system or another body sees the person, never the key), earlier cases it cannot open
// (`repeatOf`), and the heads' e-mail and phone (intake systems and the portal need neither).
import { createApiKey, findApiKey } from '../../db/api-keys';
import { findBody } from '../../db/bodies';
import { apiAs, eventually, type Caller } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { anAppeal, IIN, portalComplaint } from '../support/complaints';

let stack: ApiStack;
let api: ReturnType<typeof apiAs>;
beforeAll(async () => {
  stack = await startApiStack();
  api = apiAs(stack);
  stack.keys.intake2 = (await createApiKey(stack.db, 'intake', null)).key;
});
afterAll(async () => {
  await stack?.stop();
});

const keyIdOf = async (name: string) => (await findApiKey(stack.db, stack.keys[name]))!.id;
const headSurnameOf = async (bodyId: string) => (await findBody(stack.db, bodyId))!.head_surname;
const reasoning = 'The certificate was issued late; the fee is refunded.';

/** The timeline once the auditor sees these kinds of events on it. */
const timelineWith = (id: string, kinds: string[]) =>
  eventually(
    async () => {
      const events = (await api.get(`/v1/complaints/${id}/timeline`, 'auditor')).body.events as { kind: string }[];
      return kinds.every((k) => events.some((e) => e.kind === k)) ? events : undefined;
    },
    `the events ${kinds.join(', ')}`,
  );

async function expectNoKeyId(id: string, readers: Caller[], keyId: string, surname: string) {
  for (const reader of readers) {
    for (const part of ['', '/timeline', '/case-file']) {
      const res = await api.get(`/v1/complaints/${id}${part}`, reader);
      const where = `${JSON.stringify(reader)} ${part || '/'}`;
      expect({ where, status: res.status }).toEqual({ where, status: 200 });
      const text = JSON.stringify(res.body);
      expect({ where, leaks: text.includes(keyId) }).toEqual({ where, leaks: false });
      if (part === '/timeline') expect({ where, names: text.includes(surname) }).toEqual({ where, names: true });
    }
  }
}

it("shows a complainant, the intake and the next body who acted by name, never the official's key id", async () => {
  const filed = await api.post('/v1/complaints', 'intake', portalComplaint('con-almaty'));
  expect(filed.status).toBe(201);
  const id = filed.body.id as string;
  const official = 'official:con-almaty';
  const officialKey = await keyIdOf(official);
  const surname = await headSurnameOf('con-almaty');
  expect((await api.post(`/v1/complaints/${id}/assignment`, official, { officialName: 'Жумабаев К.Б.' })).status).toBe(
    200,
  );
  const decided = await api.post(`/v1/complaints/${id}/decision`, official, { outcome: 'rejected', reasoning });
  expect(decided.status).toBe(200);
  expect(decided.body.signedBy).toMatchObject({ keyId: officialKey }); // the key's own action
  await timelineWith(id, ['assigned', 'decided']);

  const escalated = await api.post(`/v1/complaints/${id}/escalation`, { portal: IIN }, anAppeal());
  expect(escalated.status).toBe(200);
  expect(JSON.stringify(escalated.body)).not.toContain(officialKey);
  await timelineWith(id, ['assigned', 'decided', 'registered']);

  await expectNoKeyId(id, ['intake', { portal: IIN }, 'official:qcb-almaty'], officialKey, surname);
  // The auditor reads every key id.
  expect(JSON.stringify((await api.get(`/v1/complaints/${id}/timeline`, 'auditor')).body)).toContain(officialKey);
});

it('names in repeatOf only the earlier cases the reader may open, and hides the first body’s key after a redirection', async () => {
  const official = 'official:con-almaty';
  // The earlier case: another intake's filing, forwarded to the akimat, on the same matter.
  const matter = portalComplaint('con-almaty', { demands: 'Refund the fee for the late certificate.' });
  const earlier = await api.post('/v1/complaints', 'intake2', matter);
  expect(earlier.status).toBe(201);
  const redirected = await api.post(`/v1/complaints/${earlier.body.id}/redirection`, official, {
    toBodyId: 'akimat-almaty',
    reason: 'Land plot certificates are issued by the akimat.',
  });
  expect(redirected.status).toBe(200);
  const repeat = await api.post('/v1/complaints', 'intake', matter);
  expect(repeat.status).toBe(201);

  const repeatOf = async (reader: Caller) => {
    const one = await api.get(`/v1/complaints/${repeat.body.id}`, reader);
    const list = await api.get('/v1/complaints?limit=100', reader);
    const inList = list.body.items.find((c: { id: string }) => c.id === repeat.body.id);
    return {
      one: one.body.repeatOf.map((c: { id: string }) => c.id),
      list: inList.repeatOf.map((c: { id: string }) => c.id),
    };
  };
  const all = { one: [earlier.body.id], list: [earlier.body.id] };
  const none = { one: [], list: [] };
  expect(await repeatOf('auditor')).toEqual(all);
  expect(await repeatOf({ portal: IIN })).toEqual(all); // the complainant's own cases
  expect(await repeatOf('intake')).toEqual(none); // filed by another intake
  expect(await repeatOf(official)).toEqual(none); // reviewed by another body now

  await timelineWith(earlier.body.id, ['redirected']);
  await expectNoKeyId(
    earlier.body.id,
    ['official:akimat-almaty', 'intake2', { portal: IIN }],
    await keyIdOf(official),
    await headSurnameOf('con-almaty'),
  );
});

it("gives the heads' e-mail and phone to officials, auditors and the admin, not to intake systems or the portal", async () => {
  const contactsOf = async (reader: Caller) => {
    const list = (await api.get('/v1/bodies', reader)).body.items as { id: string; head: object }[];
    const one = (await api.get('/v1/bodies/con-almaty', reader)).body as { head: object };
    return [...list.map((b) => b.head), one.head].map((head) => 'email' in head || 'phone' in head);
  };
  for (const reader of ['intake', 'portal'])
    expect({ reader, contacts: (await contactsOf(reader)).some(Boolean) }).toEqual({ reader, contacts: false });
  for (const reader of ['official:con-almaty', 'auditor', 'admin'])
    expect({ reader, contacts: (await contactsOf(reader)).every(Boolean) }).toEqual({ reader, contacts: true });
  const head = (await api.get('/v1/bodies/con-almaty', 'admin')).body.head;
  expect(head).toMatchObject({ email: expect.stringContaining('@'), phone: expect.stringMatching(/^\+7/) });
});
