import { EMAIL_LIST_LIMIT, SMS_LIST_LIMIT, headDigestText } from '../../domain/head-digest-text';

const cases = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    incomingNumber: `CON-2026-${String(i + 1).padStart(6, '0')}`,
    lastDay: '2026-12-09',
  }));
const body = { day: '2026-12-10', bodyNameKk: 'ЦОН Алматы', bodyNameRu: 'ЦОН г. Алматы' };

describe('the head of a body is told of its overdue cases in one message (R1)', () => {
  it('lists every case of a day in both languages, with the day and the count', () => {
    const text = headDigestText({ ...body, channel: 'email', cases: cases(2) });
    expect(text.ru).toBe(
      '10.12.2026: жалобы, срок рассмотрения которых истёк без решения (ЦОН г. Алматы), — 2. № CON-2026-000001 (срок 09.12.2026); № CON-2026-000002 (срок 09.12.2026).',
    );
    expect(text.kk).toContain('№ CON-2026-000002 (мерзімі 09.12.2026)');
    expect(text.kk).toMatch(/^10\.12\.2026: .*ЦОН Алматы\) — 2\./);
  });

  it('keeps a storm readable: the e-mail lists the first cases and counts the rest, an SMS a few', () => {
    const storm = cases(EMAIL_LIST_LIMIT + 7);
    const email = headDigestText({ ...body, channel: 'email', cases: storm });
    expect(email.ru).toContain(`— ${EMAIL_LIST_LIMIT + 7}.`);
    expect(email.ru).toContain(`№ ${storm[EMAIL_LIST_LIMIT - 1].incomingNumber}`);
    expect(email.ru).not.toContain(`№ ${storm[EMAIL_LIST_LIMIT].incomingNumber}`);
    expect(email.ru).toContain('и ещё 7 (полный список — в рабочей очереди');
    expect(email.kk).toContain('тағы 7');
    const sms = headDigestText({ ...body, channel: 'sms', cases: storm });
    expect(sms.ru.match(/№ /g)).toHaveLength(SMS_LIST_LIMIT);
    expect(sms.ru).toContain(`и ещё ${EMAIL_LIST_LIMIT + 7 - SMS_LIST_LIMIT}`);
  });
});
