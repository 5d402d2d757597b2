import { noticeText } from '../../domain/notice-texts';

const base = { incomingNumber: 'QCB-2026-000001', bodyNameKk: 'Сапа департаменті', bodyNameRu: 'Департамент качества' };
const decision = { outcome: 'rejected', reasoning: 'The certificate was issued in time', decidedBy: 'Досаев Е.А.' };

describe('notice texts', () => {
  it('after a provider answers, points to the quality-control body (R9)', () => {
    const text = noticeText('answer', { ...base, ...decision, nextStep: 'quality_control' });
    expect(text.ru).toContain('уполномоченный орган по оценке и контролю');
    expect(text.kk).toContain('уәкілетті органға');
  });

  it('after the quality-control body answers, points to court only (R13)', () => {
    for (const purpose of ['answer', 'overdue_notice'] as const) {
      const text = noticeText(purpose, { ...base, ...decision, deadline: '2026-12-01', nextStep: 'court' });
      expect(text.ru).toContain('в суд');
      expect(text.ru).not.toContain('уполномоченный орган');
      expect(text.kk).not.toContain('уәкілетті орган');
    }
  });

  it('never doubles a full stop after initials, and ends the reasoning as a sentence', () => {
    const text = noticeText('answer', { ...base, ...decision, nextStep: 'quality_control' });
    for (const t of [text.kk, text.ru]) {
      expect(t).not.toContain('..');
      expect(t).toContain('in time. ');
      expect(t).toContain('Досаев Е.А. ');
    }
  });

  it('carries no requirement ids', () => {
    for (const purpose of ['answer', 'overdue_notice', 'extension_notice', 'head_alert'] as const) {
      const text = noticeText(purpose, {
        ...base,
        ...decision,
        deadline: '2026-12-01',
        workingDays: 3,
        reason: 'additional_information',
      });
      expect(`${text.kk} ${text.ru}`).not.toMatch(/\bR\d+\b/);
    }
  });

  it('the answer names the last day to appeal (electronic) or the months from its receipt (letter) (R9, R13)', () => {
    const electronic = noticeText('answer', { ...base, ...decision, appealDeadline: '2027-03-01' });
    expect(electronic.ru).toContain('Обжаловать можно по 2027-03-01 включительно.');
    expect(electronic.kk).toContain('Шағымдану мерзімі — 2027-03-01 қоса алғанда.');
    const letter = noticeText('answer', { ...base, ...decision, appealMonthsFromReceipt: 3 });
    expect(letter.ru).toContain('Срок обжалования — 3 месяца со дня получения этого ответа.');
    expect(letter.kk).toContain('осы жауапты алған күннен бастап 3 ай');
  });
});
