// Repeated complaints: the same complainant against the same respondent with the same demands
// is shown to the official with the earlier case(s), on the case and in the list; never refused.
import { apiAs } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { IIN, portalComplaint } from '../support/complaints';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(async () => {
  await stack?.stop();
});

it('links a repeat to the earlier open or answered case, not to a withdrawn one or another matter', async () => {
  const api = apiAs(stack);
  const file = async (overrides = {}) => {
    const res = await api.post('/v1/complaints', 'intake', portalComplaint('akimat-almaty', overrides));
    expect(res.status).toBe(201);
    return res.body as { id: string; incomingNumber: string };
  };
  const first = await file();
  const withdrawn = await file();
  expect((await api.post(`/v1/complaints/${withdrawn.id}/withdrawal`, { portal: IIN }, {})).status).toBe(200);
  const otherMatter = await file({ demands: 'Pay the compensation.' });
  // The same demands, written with other spacing and case, are the same matter.
  const repeat = await file({ demands: '  issue   the CERTIFICATE. ' });

  const view = await api.get(`/v1/complaints/${repeat.id}`, 'official:akimat-almaty');
  expect(view.status).toBe(200);
  expect(view.body.repeatOf.map((c: { id: string }) => c.id)).toEqual([first.id]);
  expect(view.body.repeatOf[0]).toMatchObject({ incomingNumber: first.incomingNumber, status: 'under_review' });
  expect((await api.get(`/v1/complaints/${first.id}`, 'official:akimat-almaty')).body.repeatOf).toEqual([]);
  expect((await api.get(`/v1/complaints/${otherMatter.id}`, 'official:akimat-almaty')).body.repeatOf).toEqual([]);

  const list = await api.get('/v1/complaints?bodyId=akimat-almaty&status=under_review', 'official:akimat-almaty');
  const inList = list.body.items.find((c: { id: string }) => c.id === repeat.id);
  expect(inList.repeatOf.map((c: { id: string }) => c.id)).toEqual([first.id]);
});
