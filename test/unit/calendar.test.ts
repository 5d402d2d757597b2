import {
  addMonths,
  addWorkingDays,
  almatyDate,
  appealWindowEnd,
  CalendarDay,
  createWorkingCalendar,
  endOfAlmatyDay,
  fixedHolidays,
  lastDayOfTerm,
  registrationDate,
  reviewDeadline,
  rulesForYear,
  unusualCalendarProblems,
  workingDaysBetween,
} from '../../domain/calendar';
import { officialCalendar } from '../../db/seeds/calendar-days';
import { appealWindowEndAtDeliveryTime } from '../../domain/complaint-rules';

const cal = createWorkingCalendar(officialCalendar);
const dates = (days: CalendarDay[], kind?: CalendarDay['kind']) =>
  days.filter((d) => !kind || d.kind === kind).map((d) => d.date);

describe('working days', () => {
  it('an ordinary week: Mon–Fri work, Sat/Sun off', () => {
    // 2026-11-23 is a Monday with no holiday that week
    expect(['23', '24', '25', '26', '27', '28', '29'].map((d) => cal.isWorkingDay(`2026-11-${d}`))).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(workingDaysBetween('2026-11-22', '2026-11-29', cal)).toBe(5);
  });

  it('public holidays on weekdays are days off', () => {
    for (const d of [
      '2026-01-01',
      '2026-01-02',
      '2026-03-23',
      '2026-05-01',
      '2026-05-07',
      '2026-07-06',
      '2026-12-16',
    ]) {
      expect([d, cal.isWorkingDay(d)]).toEqual([d, false]);
    }
    expect(cal.isWorkingDay('2025-08-29')).toBe(true);
  });

  it('a holiday on a weekend moves the day off to the next working day', () => {
    expect(cal.isWorkingDay('2026-05-11')).toBe(false); // Victory Day, Sat 9 May 2026
    expect(cal.isWorkingDay('2026-03-09')).toBe(false); // Women's Day, Sun 8 Mar 2026
    // Nauryz 2026: Sat 21, Sun 22, Mon 23 → Tue 24 and Wed 25 off, Thu 26 works
    expect(['23', '24', '25', '26'].map((d) => cal.isWorkingDay(`2026-03-${d}`))).toEqual([false, false, false, true]);
    expect(dates(rulesForYear(2026), 'moved_day_off')).toEqual([
      '2026-03-09',
      '2026-03-24',
      '2026-03-25',
      '2026-05-11',
      '2026-10-26',
    ]);
  });

  it('7 January and Kurban Ait are never moved', () => {
    expect(cal.isWorkingDay('2024-01-07')).toBe(false); // Sunday anyway
    expect(cal.isWorkingDay('2024-01-08')).toBe(true);
    expect(cal.isWorkingDay('2024-06-16')).toBe(false); // Kurban Ait on a Sunday
    expect(cal.isWorkingDay('2024-06-17')).toBe(true);
    expect(dates(rulesForYear(2024), 'moved_day_off')).toEqual(['2024-03-25', '2024-07-08']);
    expect(dates(rulesForYear(2026))).not.toContain('2026-05-27'); // Kurban Ait only comes from data
    expect(cal.isWorkingDay('2026-05-27')).toBe(false);
  });

  it('decree transfers: the working weekend day counts, the transferred day off does not', () => {
    expect(cal.isWorkingDay('2024-05-04')).toBe(true); // Saturday made working
    expect(cal.isWorkingDay('2024-05-08')).toBe(false);
    expect(cal.isWorkingDay('2025-01-05')).toBe(true); // Sunday made working
    expect(cal.isWorkingDay('2025-01-03')).toBe(false);
    // Thu 2 May 2024 + 3 working days: Fri 3, Sat 4 (working), Mon 6
    expect(addWorkingDays('2024-05-02', 3, cal)).toBe('2024-05-06');
    // Mon 6 May + 2: Tue 7 holiday, Wed 8 transferred, Thu 9 holiday → Fri 10, Mon 13
    expect(addWorkingDays('2024-05-06', 2, cal)).toBe('2024-05-13');
  });

  it('Constitution Day: 30 Aug up to 2025, none in 2026, 15 Mar from 2027', () => {
    expect(cal.isWorkingDay('2025-09-01')).toBe(false);
    expect(cal.isWorkingDay('2026-08-31')).toBe(true);
    expect(cal.isWorkingDay('2027-03-15')).toBe(false);
    expect(dates(rulesForYear(2026)).filter((d) => d.endsWith('-08-30') || d.endsWith('-03-15'))).toEqual([]);
    expect(dates(rulesForYear(2027))).toContain('2027-03-15');
  });

  it('the seed agrees with the law for every seeded year (only transfers and Kurban Ait are extra)', () => {
    for (const year of officialCalendar.years) {
      const seeded = officialCalendar.days.filter((d) => d.date.startsWith(`${year}-`));
      const extra = seeded.filter((d) => !rulesForYear(year).some((r) => r.date === d.date && r.kind === d.kind));
      expect(
        extra.every((d) => d.kind === 'working_day' || d.kind === 'transferred_day_off' || /Kurban/.test(d.name)),
      ).toBe(true);
      for (const r of rulesForYear(year)) {
        expect(seeded.some((d) => d.date === r.date && d.kind === r.kind)).toBe(true);
      }
    }
  });
});

describe('registration and deadlines', () => {
  it('a complaint arriving on a day off is registered on the next working day', () => {
    expect(registrationDate(new Date('2026-03-21T05:00:00Z'), cal)).toBe('2026-03-26'); // Nauryz Saturday
    expect(registrationDate(new Date('2026-11-27T18:30:00Z'), cal)).toBe('2026-11-27'); // Fri 23:30 Almaty
    expect(registrationDate(new Date('2026-11-27T19:30:00Z'), cal)).toBe('2026-11-30'); // Sat 00:30 Almaty
  });

  it('5 working days: counting starts the day after registration, ends at Almaty midnight', () => {
    expect(reviewDeadline('2026-11-25', 5, cal)).toEqual({
      lastDay: '2026-12-02',
      endsAt: new Date('2026-12-02T19:00:00Z'),
    });
    // Fri 15 May 2026: Mon 18 … Fri 22
    expect(reviewDeadline('2026-05-15', 5, cal).lastDay).toBe('2026-05-22');
    // Fri 22 May: 25, 26, (27 Kurban Ait), 28, 29, 1 Jun
    expect(reviewDeadline('2026-05-22', 5, cal).lastDay).toBe('2026-06-01');
  });

  it('15 working days skip holidays (16 Dec)', () => {
    expect(reviewDeadline('2026-12-04', 15, cal).lastDay).toBe('2026-12-28');
    expect(workingDaysBetween('2026-12-04', '2026-12-28', cal)).toBe(15);
  });

  it('spans the year end (Dec 2026 → Jan 2027)', () => {
    // 22–25, 28–31 Dec (8); 1–4 Jan off (4 Jan = moved for Sat 2 Jan); 5, 6 (10); 7 Christmas; 8 (11); 11–14 (15)
    expect(addWorkingDays('2026-12-21', 15, cal)).toBe('2027-01-14');
    expect(workingDaysBetween('2026-12-21', '2027-01-14', cal)).toBe(15);
    // 31 Dec (1); 5, 6 Jan (3); 8 Jan (4); Mon 11 Jan (5)
    expect(reviewDeadline('2026-12-30', 5, cal)).toEqual({
      lastDay: '2027-01-11',
      endsAt: new Date('2027-01-11T19:00:00Z'),
    });
  });

  it('edge cases of the counters', () => {
    expect(addWorkingDays('2026-11-25', 0, cal)).toBe('2026-11-25');
    expect(workingDaysBetween('2026-11-25', '2026-11-25', cal)).toBe(0);
    expect(workingDaysBetween('2026-11-30', '2026-11-25', cal)).toBe(0);
    expect(() => addWorkingDays('2026-11-25', -1, cal)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-02-30', 1, cal)).toThrow(RangeError);
  });
});

describe('fallback years', () => {
  const fallback = createWorkingCalendar({ years: [], days: [] });

  it('uses the rules and says so when a year has no data', () => {
    expect(cal.hasDataFor(2026)).toBe(true);
    expect(cal.hasDataFor(2030)).toBe(false);
    expect(cal.isWorkingDay('2030-07-08')).toBe(false); // Capital City Day, Sat 6 Jul 2030, moved
    expect(cal.isWorkingDay('2030-03-15')).toBe(false); // Constitution Day (Friday)
    expect(cal.isWorkingDay('2030-03-25')).toBe(false); // Nauryz, Sat 23 Mar 2030, moved
    expect(cal.isWorkingDay('2030-07-09')).toBe(true);
  });

  it('without data a transfer is unknown, with data the rules are not used', () => {
    expect(fallback.hasDataFor(2025)).toBe(false);
    expect(fallback.isWorkingDay('2025-01-03')).toBe(true);
    expect(fallback.isWorkingDay('2025-01-05')).toBe(false);
    // a loaded year with no rows at all: only weekends are off
    const empty = createWorkingCalendar({ years: [2030], days: [] });
    expect(empty.isWorkingDay('2030-01-01')).toBe(true);
  });
});

describe('Almaty time (UTC+5 since 2024-03-01)', () => {
  it('almatyDate around midnight', () => {
    expect(almatyDate(new Date('2026-11-24T18:59:59.999Z'))).toBe('2026-11-24');
    expect(almatyDate(new Date('2026-11-24T19:00:00Z'))).toBe('2026-11-25');
    expect(almatyDate(new Date('2026-12-31T19:00:00Z'))).toBe('2027-01-01');
  });

  it('used UTC+6 before the change', () => {
    expect(almatyDate(new Date('2024-01-10T17:59:59Z'))).toBe('2024-01-10');
    expect(almatyDate(new Date('2024-01-10T18:00:00Z'))).toBe('2024-01-11');
    // 29 Feb 2024 lasted 25 hours: 00:00 (+6) … 24:00 (+5)
    expect(almatyDate(new Date('2024-02-29T18:30:00Z'))).toBe('2024-02-29');
    expect(almatyDate(new Date('2024-02-29T19:00:00Z'))).toBe('2024-03-01');
  });

  it('endOfAlmatyDay is 19:00Z (18:00Z before March 2024)', () => {
    expect(endOfAlmatyDay('2026-11-25').toISOString()).toBe('2026-11-25T19:00:00.000Z');
    expect(endOfAlmatyDay('2026-12-31').toISOString()).toBe('2026-12-31T19:00:00.000Z');
    expect(endOfAlmatyDay('2024-02-29').toISOString()).toBe('2024-02-29T19:00:00.000Z');
    expect(endOfAlmatyDay('2024-01-10').toISOString()).toBe('2024-01-10T18:00:00.000Z');
    expect(almatyDate(endOfAlmatyDay('2026-11-25'))).toBe('2026-11-26');
  });

  it('the last day of a term is the day its deadline (the next Almaty midnight) closes', () => {
    const { lastDay, endsAt } = reviewDeadline('2026-11-25', 5, cal);
    expect(lastDayOfTerm(endsAt)).toBe(lastDay);
    expect(lastDayOfTerm(endsAt.toISOString())).toBe('2026-12-02');
    expect(lastDayOfTerm('2026-11-25T19:00:00.001Z')).toBe('2026-11-26');
  });
});

describe('appeal window (R9, R13)', () => {
  const end = (deliveredAt: string, window: { months?: number; days: number }) => {
    const { lastDay, endsAt } = appealWindowEnd(new Date(deliveredAt), window, cal);
    return [lastDay, endsAt.toISOString()];
  };

  it('counts months on Almaty dates and ends at 24:00 Almaty of the last day', () => {
    // 15 Jan 20:00Z is 16 Jan 01:00 in Almaty: the term runs from 16 Jan, not 15 Jan.
    expect(end('2026-01-15T20:00:00Z', { months: 3, days: 0 })).toEqual(['2026-04-16', '2026-04-16T19:00:00.000Z']);
    // Delivered in the morning: an appeal at 16:00 Almaty on the last day is still in time.
    const [, endsAt] = end('2026-01-15T04:00:00Z', { months: 3, days: 0 });
    expect(Date.parse('2026-04-15T11:00:00Z')).toBeLessThan(Date.parse(endsAt));
  });

  it('clamps to the end of a shorter month and moves a last day off to the next working day', () => {
    // 30 Nov + 3 months = 28 Feb 2027, a Sunday: the window ends with Monday 1 March.
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(end('2026-11-30T10:00:00Z', { months: 3, days: 0 })).toEqual(['2027-03-01', '2027-03-01T19:00:00.000Z']);
    // 21 Mar 2027 (Sunday, Nauryz), 22–23 Nauryz, 24 its moved day off: the last day is 25 March.
    expect(end('2026-12-21T05:00:00Z', { months: 3, days: 0 })).toEqual(['2027-03-25', '2027-03-25T19:00:00.000Z']);
  });

  it('a window in days (demonstrations, tests) is that many days to the millisecond', () => {
    expect(end('2026-01-15T10:00:00Z', { days: 30 })).toEqual(['2026-02-14', '2026-02-14T10:00:00.000Z']);
  });

  it('before the patch, the window kept the clock time of delivery (histories replay with it)', () => {
    expect(appealWindowEndAtDeliveryTime(new Date('2026-11-30T10:00:00Z'), { months: 3, days: 0 }).toISOString()).toBe(
      '2027-02-28T10:00:00.000Z',
    );
  });
});

describe('a loaded year that is unlikely to be meant', () => {
  it('finds nothing unusual in the official years nor in the rules of any year', () => {
    for (const year of officialCalendar.years) {
      const days = officialCalendar.days.filter((d) => d.date.startsWith(`${year}-`));
      expect({ year, problems: unusualCalendarProblems(year, days) }).toEqual({ year, problems: [] });
    }
    for (const year of [2028, 2031, 2040])
      expect({ year, problems: unusualCalendarProblems(year, rulesForYear(year)) }).toEqual({ year, problems: [] });
  });

  it('names the fixed holidays left out or made something else', () => {
    const days = rulesForYear(2028).filter((d) => d.date !== '2028-05-09');
    expect(unusualCalendarProblems(2028, days)).toEqual([
      'leaves out the holidays fixed by law: 2028-05-09 (Victory Day)',
    ]);
    expect(fixedHolidays(2028).map((d) => d.date)).toEqual(
      expect.arrayContaining(['2028-01-01', '2028-01-07', '2028-03-08', '2028-03-15', '2028-10-25', '2028-12-16']),
    );
  });

  it('names a month without a working day', () => {
    const july = Array.from({ length: 31 }, (_, i) => `2028-07-${String(i + 1).padStart(2, '0')}`)
      .filter((date) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay()))
      .filter((date) => date !== '2028-07-06')
      .map((date) => ({ date, kind: 'transferred_day_off' as const, name: 'a transfer' }));
    expect(unusualCalendarProblems(2028, [...rulesForYear(2028), ...july])).toEqual(['has no working day in 2028-07']);
  });
});
