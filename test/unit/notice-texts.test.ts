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

  it('tells the appeal’s number and term at the quality-control body, in Kazakh and Russian (R3, R9)', () => {
    const text = noticeText('escalation_receipt', {
      incomingNumber: 'AKM-2026-000001',
      bodyNameKk: 'Сапаны бақылау комитеті',
      bodyNameRu: 'Комитет по контролю качества',
      newIncomingNumber: 'QCB-2026-000007',
      deadline: '2026-12-23',
    });
    for (const t of [text.kk, text.ru]) {
      expect(t).toContain('AKM-2026-000001');
      expect(t).toContain('QCB-2026-000007');
      expect(t).toContain('2026-12-23');
    }
    expect(text.kk).toContain('Сапаны бақылау комитеті');
    expect(text.ru).toContain('Комитет по контролю качества');
  });
});
