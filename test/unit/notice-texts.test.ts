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

describe('notice words (kk, ru)', () => {
  it('a refusal to review reads "в рассмотрении жалобы отказано" / "шағымды қараудан бас тартылды"', () => {
    const text = noticeText('answer', {
      ...base,
      ...decision,
      outcome: 'refused_to_review',
      refusalGround: 'no_essence_stated',
      nextStep: 'quality_control',
    });
    expect(text.ru).toContain('): в рассмотрении жалобы отказано. Основание:');
    expect(text.kk).toContain('): шағымды қараудан бас тартылды. Негізі:');
    expect(text.ru).not.toContain('жалоба в рассмотрении');
    const rejected = noticeText('answer', { ...base, ...decision, nextStep: 'quality_control' });
    expect(rejected.ru).toContain('жалоба оставлена без удовлетворения');
    expect(rejected.kk).toContain('шағым қанағаттандырусыз қалдырылды');
  });

  it.each([
    [1, '1 рабочий день', '1 жұмыс күніне'],
    [2, '2 рабочих дня', '2 жұмыс күніне'],
    [5, '5 рабочих дней', '5 жұмыс күніне'],
  ])('an extension by %i working days agrees its numeral and names the last day inclusive', (days, ru, kk) => {
    const text = noticeText('extension_notice', {
      ...base,
      deadline: '2026-12-11',
      workingDays: days,
      reason: 'additional_information',
    });
    expect(text.ru).toContain(`продлён на ${ru}, по 11.12.2026 включительно`);
    expect(text.kk).toContain(`мерзімі ${kk}, 11.12.2026 қоса алғанда, ұзартылды`);
  });

  it('writes every date as DD.MM.YYYY, never as an ISO date', () => {
    for (const purpose of ['overdue_notice', 'head_alert', 'redirection_notice', 'extension_notice'] as const) {
      const text = noticeText(purpose, {
        ...base,
        deadline: '2026-12-01',
        workingDays: 3,
        reason: 'additional_information',
        toBodyNameKk: 'Министрлік',
        toBodyNameRu: 'Министерство',
        newIncomingNumber: 'MLSP-2026-000001',
      });
      for (const t of [text.kk, text.ru]) {
        expect(t).toContain('01.12.2026');
        expect(t).not.toContain('2026-12-01');
      }
      expect(text.ru).toContain('по 01.12.2026 включительно');
      expect(text.kk).toContain('01.12.2026 қоса алғанда');
    }
  });

  it('names the quality-control body and its address in the advice on appeal (R9)', () => {
    const above = {
      appealBodyNameKk: 'Сапа департаменті',
      appealBodyNameRu: 'Департамент качества',
      appealBodyAddress: 'г. Алматы, пр. Абая, 33',
    };
    for (const purpose of ['answer', 'overdue_notice'] as const) {
      const text = noticeText(purpose, {
        ...base,
        ...decision,
        ...above,
        deadline: '2026-12-01',
        nextStep: 'quality_control',
      });
      expect(text.ru).toContain('Департамент качества (г. Алматы, пр. Абая, 33)');
      expect(text.kk).toContain('Сапа департаменті (г. Алматы, пр. Абая, 33)');
    }
  });

  it('the answer names the last day to appeal (electronic) or the months from its receipt (letter) (R9, R13)', () => {
    const electronic = noticeText('answer', { ...base, ...decision, appealDeadline: '2027-03-01' });
    expect(electronic.ru).toContain('Обжаловать можно по 01.03.2027 включительно.');
    expect(electronic.kk).toContain('Шағымдану мерзімі — 01.03.2027 қоса алғанда.');
    const letter = noticeText('answer', { ...base, ...decision, appealMonthsFromReceipt: 3 });
    expect(letter.ru).toContain('Срок обжалования — 3 месяца со дня получения этого ответа.');
    expect(letter.kk).toContain('осы жауапты алған күннен бастап 3 ай');
  });
});
