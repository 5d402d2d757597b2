// R5: video complaints carry their session or recording onto the R3 receipt; no EDS is needed.
import { apiAs } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { portalComplaint } from '../support/complaints';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(async () => {
  await stack?.stop();
});

it('prints the video conference session and its Almaty time on the receipt', async () => {
  const api = apiAs(stack);
  const filed = await api.post(
    '/v1/complaints',
    'intake',
    portalComplaint('con-almaty', {
      channel: 'video_conference',
      signature: { signedBy: 'complainant', method: 'video' },
      videoConference: { sessionReference: 'VC-77812', scheduledAt: '2026-11-27T05:30:00Z' },
    }),
  );
  expect(filed.status).toBe(201);
  const receipt = await api.get(`/v1/complaints/${filed.body.id}/receipt?lang=ru`, 'intake');
  expect(receipt.text).toContain('Сеанс видеоконференцсвязи');
  expect(receipt.text).toContain('VC-77812, 27.11.2026 10:30');
});

it('prints the recording and the branch employee of a video appeal, and refuses one without them', async () => {
  const api = apiAs(stack);
  const appeal = portalComplaint('gov4c', {
    channel: 'video_appeal',
    signature: { signedBy: 'complainant', method: 'video' },
  });
  const refused = await api.post('/v1/complaints', 'intake', appeal);
  expect(refused.status).toBe(422);
  expect(refused.body.error.details.map((d: { path: string }) => d.path)).toEqual([
    'body.videoAppeal',
    'body.receivedBy',
  ]);
  const filed = await api.post('/v1/complaints', 'intake', {
    ...appeal,
    receivedBy: 'Ким О.',
    videoAppeal: { recordingReference: 'VA-2026-0042' },
  });
  expect(filed.status).toBe(201);
  const receipt = await api.get(`/v1/complaints/${filed.body.id}/receipt?lang=kk`, 'intake');
  expect(receipt.text).toContain('VA-2026-0042');
  expect(receipt.text).toContain('Ким О.');
});
