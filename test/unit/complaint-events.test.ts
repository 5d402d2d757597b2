import { EVENT_TYPES, eventOf, webhookBody, type TimelineRow } from '../../domain/complaint-events';

const row = (kind: string, data: Record<string, unknown>, extra: Partial<TimelineRow> = {}): TimelineRow => ({
  id: '42',
  complaintId: '0b5f3c1e-8a57-4c7e-9a8e-3f7d2b1c9e10',
  stage: 1,
  kind,
  at: new Date('2026-03-02T09:00:00.000Z'),
  data,
  bodyId: 'akimat-almaty',
  incomingNumber: 'AKM-2026-000017',
  ...extra,
});

// What the timeline holds that a back-office system must never receive (personal data, texts).
const PERSONAL = {
  iin: '900101300123',
  officialName: 'Ахметов А.Б.',
  reasoning: 'Жалоба заявителя Ахметова по адресу ул. Абая 1 рассмотрена',
  explanation: 'needs an inspection of the flat at Abai street 1',
  reasons: 'the answer ignored my demands',
  demands: ['fix the road'],
  signature: { kind: 'handwritten' },
  by: { surname: 'Ахметов', initials: 'А.Б.', position: 'head' },
  decidedBy: { surname: 'Ахметов' },
  signedBy: { surname: 'Ахметов' },
  reason: 'Иванов написал не туда',
  note: 'Заявитель Иванов И.И. отозвал',
  courtCase: '2-123/2026',
};

describe('events from the timeline', () => {
  it('publishes the eleven kinds, and nothing else', () => {
    expect(EVENT_TYPES).toHaveLength(11);
    for (const kind of ['delivered', 'in_execution', 'notice:registration', 'letter_posted', 'recounted'])
      expect(eventOf(row(kind, {}))).toBeUndefined();
  });

  it('carries ids, numbers, statuses, dates and links, and no personal data whatever the timeline holds', () => {
    const kinds = EVENT_TYPES.map((t) => t.replace('complaint.', ''));
    for (const kind of kinds) {
      const event = eventOf(row(kind, { ...PERSONAL, deadline: '2026-03-20T18:59:59.999Z', outcome: 'satisfied' }))!;
      const text = webhookBody(event);
      for (const value of [
        '900101300123',
        'Ахметов',
        'Абая',
        'Abai',
        'ignored',
        'road',
        'Иванов',
        'handwritten',
        '2-123',
      ])
        expect(text).not.toContain(value);
      expect(event.data).toMatchObject({
        complaintId: '0b5f3c1e-8a57-4c7e-9a8e-3f7d2b1c9e10',
        stage: 1,
        bodyId: 'akimat-almaty',
        incomingNumber: 'AKM-2026-000017',
        links: { complaint: '/v1/complaints/0b5f3c1e-8a57-4c7e-9a8e-3f7d2b1c9e10' },
      });
      expect(event.type).toBe(`complaint.${kind}`);
    }
  });

  it('passes the fields each type names, and only when they look like what they are', () => {
    const registered = eventOf(
      row('registered', { bodyId: 'x', registeredOn: '2026-03-02', deadline: '2026-03-31T18:59:59.999Z' }),
    )!;
    expect(registered.data).toEqual({
      complaintId: '0b5f3c1e-8a57-4c7e-9a8e-3f7d2b1c9e10',
      stage: 1,
      bodyId: 'akimat-almaty',
      incomingNumber: 'AKM-2026-000017',
      status: 'under_review',
      registeredOn: '2026-03-02',
      deadline: '2026-03-31T18:59:59.999Z',
      links: {
        complaint: '/v1/complaints/0b5f3c1e-8a57-4c7e-9a8e-3f7d2b1c9e10',
        timeline: '/v1/complaints/0b5f3c1e-8a57-4c7e-9a8e-3f7d2b1c9e10/timeline',
      },
    });
    // A "date" that is a sentence, an outcome that is text: dropped, not passed on.
    const decided = eventOf(row('decided', { outcome: 'Satisfied, see Ivanov' }))!;
    expect(decided.data.outcome).toBeUndefined();
    const extended = eventOf(row('extended', { workingDays: '10 days for Ivanov', deadline: 'soon, Mr Ivanov' }))!;
    expect(extended.data.workingDays).toBeUndefined();
    expect(extended.data.deadline).toBeUndefined();
    const redirected = eventOf(
      row('redirected', { toBodyId: 'qcb-almaty', toStage: 2, incomingNumber: 'QCB-2026-000001' }),
    )!;
    expect(redirected.data).toMatchObject({ toBodyId: 'qcb-almaty', toStage: 2, toIncomingNumber: 'QCB-2026-000001' });
  });

  it('is the Standard Webhooks body: type, timestamp and data', () => {
    const event = eventOf(row('closed', {}))!;
    expect(JSON.parse(webhookBody(event))).toEqual({
      type: 'complaint.closed',
      timestamp: '2026-03-02T09:00:00.000Z',
      data: expect.objectContaining({ status: 'closed' }),
    });
  });
});
