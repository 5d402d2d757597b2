import { documentDate, lastDayInclusive, russianPlural, workingDaysText } from '../../domain/document-words';

describe('the words of numbers and dates on documents', () => {
  it.each([
    [1, '1 рабочий день'],
    [2, '2 рабочих дня'],
    [4, '4 рабочих дня'],
    [5, '5 рабочих дней'],
    [10, '10 рабочих дней'],
    [11, '11 рабочих дней'],
    [12, '12 рабочих дней'],
    [14, '14 рабочих дней'],
    [15, '15 рабочих дней'],
    [21, '21 рабочий день'],
    [22, '22 рабочих дня'],
    [25, '25 рабочих дней'],
    [101, '101 рабочий день'],
    [111, '111 рабочих дней'],
    [0, '0 рабочих дней'],
  ])('Russian agrees the noun with %i', (n, text) => {
    expect(workingDaysText(n, 'ru')).toBe(text);
  });

  it('Kazakh puts no plural after a numeral', () => {
    expect(workingDaysText(1, 'kk')).toBe('1 жұмыс күні');
    expect(workingDaysText(5, 'kk')).toBe('5 жұмыс күні');
    expect(workingDaysText(3, 'kk', 'dative')).toBe('3 жұмыс күніне');
  });

  it('gives any noun its Russian form', () => {
    const forms = ['жалоба', 'жалобы', 'жалоб'] as const;
    expect([1, 3, 7, 13, 31, 33, 1002, 1012].map((n) => russianPlural(n, forms))).toEqual([
      'жалоба',
      'жалобы',
      'жалоб',
      'жалоб',
      'жалоба',
      'жалобы',
      'жалобы',
      'жалоб',
    ]);
  });

  it('writes dates as DD.MM.YYYY and the last day of a term inclusive', () => {
    expect(documentDate('2026-12-01')).toBe('01.12.2026');
    expect(documentDate('2027-02-28T19:00:00.000Z')).toBe('28.02.2027');
    expect(lastDayInclusive('2026-12-11', 'ru')).toBe('по 11.12.2026 включительно');
    expect(lastDayInclusive('2026-12-11', 'kk')).toBe('11.12.2026 қоса алғанда');
  });
});
