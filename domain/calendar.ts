/**
 * Working-day calendar of the Republic of Kazakhstan (five-day week).
 *
 * Pure code: no I/O, no clock, no environment, no Node modules — it is also imported by
 * Temporal workflow code. Dates are ISO `YYYY-MM-DD` strings; all arithmetic is done on UTC
 * midnights so the host time zone never matters.
 */

export type CalendarDayKind = 'holiday' | 'moved_day_off' | 'transferred_day_off' | 'working_day';
// holiday: a public/religious holiday day off; moved_day_off: the weekday off that replaces a
// holiday falling on Sat/Sun; transferred_day_off: a day off by a transfer decree/order;
// working_day: a Saturday/Sunday made working by such a transfer.

export type CalendarDay = {
  date: string; // YYYY-MM-DD
  kind: CalendarDayKind;
  name: string;
  /** Derived rather than published (a lunar holiday before its announcement): may be corrected. */
  estimate?: boolean;
};

export interface CalendarData {
  /** years for which official data is loaded */
  years: number[];
  days: CalendarDay[];
}

export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
  /** true when the year is covered by loaded data, false when the rule-based fallback was used */
  hasDataFor(year: number): boolean;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtc(date: string): number {
  const m = ISO_DATE.exec(date);
  const t = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
  // Date.UTC silently rolls over (2026-02-30 → 2026-03-02); reject that too.
  if (!m || fromUtc(t) !== date) throw new RangeError(`invalid date: ${date}`);
  return t;
}

function fromUtc(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

function addDays(date: string, n: number): string {
  return fromUtc(toUtc(date) + n * DAY_MS);
}

function isWeekend(date: string): boolean {
  const dow = new Date(toUtc(date)).getUTCDay();
  return dow === 0 || dow === 6;
}

// Law "On holidays in the Republic of Kazakhstan" (art. 1–2, as amended in 2022: Republic Day
// 25 Oct restored, First President Day removed, Independence Day one day). Not meant for
// years before 2022.
const STATE_HOLIDAYS: Array<[string, string]> = [
  ['01-01', 'New Year'],
  ['01-02', 'New Year'],
  ['03-08', "International Women's Day"],
  ['03-21', 'Nauryz meiramy'],
  ['03-22', 'Nauryz meiramy'],
  ['03-23', 'Nauryz meiramy'],
  ['05-01', 'Kazakhstan People’s Unity Day'],
  ['05-07', 'Defender of the Fatherland Day'],
  ['05-09', 'Victory Day'],
  ['07-06', 'Capital City Day'],
  ['10-25', 'Republic Day'],
  ['12-16', 'Independence Day'],
];

/**
 * Constitution Day. The 1995 Constitution: 30 August, a day off up to 2025. The new
 * Constitution adopted at the referendum of 15 March 2026 makes its adoption day the holiday,
 * celebrated from 2027. Decision for 2026: NO Constitution Day at all — the Ministry of Labour
 * announced (March 2026) that 30 Aug 2026 (a Sunday, so also its moved day 31 Aug) is no longer
 * a day off, and 15 Mar 2026 (the referendum itself, a Sunday) was not one either.
 */
function constitutionDay(year: number): string | undefined {
  if (year <= 2025) return `${year}-08-30`;
  if (year >= 2027) return `${year}-03-15`;
  return undefined;
}

/**
 * The law-derived exceptional days of a year: state holidays, 7 January (Orthodox Christmas),
 * and for every state holiday on a Saturday/Sunday the next working day off (Law "On holidays"
 * art. 5; Labour Code art. 85). Religious days off (7 Jan, Kurban Ait) never move. Kurban Ait
 * follows the lunar calendar and is published each year, so it is only known from data.
 * Government/Ministry transfers are data too and are not included here.
 */
export function rulesForYear(year: number): CalendarDay[] {
  const holidays: CalendarDay[] = STATE_HOLIDAYS.map(([md, name]) => ({
    date: `${year}-${md}`,
    kind: 'holiday' as const,
    name,
  }));
  const constitution = constitutionDay(year);
  if (constitution) holidays.push({ date: constitution, kind: 'holiday', name: 'Constitution Day' });
  holidays.sort((a, b) => a.date.localeCompare(b.date));

  const christmas: CalendarDay = { date: `${year}-01-07`, kind: 'holiday', name: 'Orthodox Christmas' };
  const taken = new Set([...holidays, christmas].map((d) => d.date));
  const moved: CalendarDay[] = [];
  for (const h of holidays) {
    if (!isWeekend(h.date)) continue;
    // Next weekday that is not itself a holiday nor already taken by an earlier move
    // (e.g. Nauryz 2026: Sat 21 → Tue 24, Sun 22 → Wed 25, since Mon 23 is a holiday).
    let d = addDays(h.date, 1);
    while (isWeekend(d) || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    moved.push({ date: d, kind: 'moved_day_off', name: `Day off for ${h.name} (${h.date})` });
  }
  return [...holidays, christmas, ...moved].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The days off a year's official calendar cannot leave out: the state holidays of the Law "On
 * holidays" and Orthodox Christmas, on whatever weekday they fall (their moved days follow
 * decrees and are not checked).
 */
export function fixedHolidays(year: number): CalendarDay[] {
  return rulesForYear(year).filter((d) => d.kind === 'holiday');
}

/**
 * What makes a year's loaded calendar unlikely to be meant (R8, R10: every term is counted in
 * it): a fixed holiday left out or made working, or a month without a single working day. The
 * admin may still load such a year, saying so explicitly.
 */
export function unusualCalendarProblems(year: number, days: readonly CalendarDay[]): string[] {
  const problems: string[] = [];
  const kinds = new Map(days.map((d) => [d.date, d.kind]));
  const missing = fixedHolidays(year).filter((h) => kinds.get(h.date) !== 'holiday');
  if (missing.length > 0)
    problems.push(`leaves out the holidays fixed by law: ${missing.map((h) => `${h.date} (${h.name})`).join(', ')}`);
  const calendar = createWorkingCalendar({ years: [year], days: [...days] });
  for (let month = 1; month <= 12; month++) {
    const mm = String(month).padStart(2, '0');
    const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const dates = Array.from({ length }, (_, i) => `${year}-${mm}-${String(i + 1).padStart(2, '0')}`);
    if (!dates.some((d) => calendar.isWorkingDay(d))) problems.push(`has no working day in ${year}-${mm}`);
  }
  return problems;
}

/**
 * Years listed in `data.years` use only the loaded rows (plus Sat/Sun off unless a
 * `working_day` row says otherwise); rows of unlisted years are ignored. Any other year falls
 * back to `rulesForYear` and `hasDataFor` says so.
 */
export function createWorkingCalendar(data: CalendarData): WorkingCalendar {
  const loaded = new Set(data.years);
  const kinds = new Map<string, CalendarDayKind>();
  for (const d of data.days) {
    toUtc(d.date);
    if (loaded.has(+d.date.slice(0, 4))) kinds.set(d.date, d.kind);
  }
  const ruleYears = new Set<number>();
  const kindOf = (date: string): CalendarDayKind | undefined => {
    const year = +date.slice(0, 4);
    if (!loaded.has(year) && !ruleYears.has(year)) {
      ruleYears.add(year);
      for (const d of rulesForYear(year)) kinds.set(d.date, d.kind);
    }
    return kinds.get(date);
  };
  return {
    isWorkingDay(date: string): boolean {
      toUtc(date);
      const kind = kindOf(date);
      if (kind === 'working_day') return true;
      if (kind) return false;
      return !isWeekend(date);
    },
    hasDataFor: (year: number) => loaded.has(year),
  };
}

/**
 * Kazakhstan moved to a single time zone, UTC+5, on 1 March 2024: at 00:00 local (UTC+6) clocks
 * went back to 23:00 on 29 Feb, i.e. at 2024-02-29T18:00:00Z. Almaty was UTC+6 before that
 * (no DST since 2005; older instants, irrelevant here, are treated as UTC+6 too). We hard-code this instead of trusting Intl/the host tz database, which
 * may predate the change.
 */
const UTC5_FROM = Date.UTC(2024, 1, 29, 18);
const UTC5_FROM_DATE = '2024-03-01';

/** Calendar date in Asia/Almaty of an instant. */
export function almatyDate(instant: Date): string {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid instant');
  return fromUtc(t + (t >= UTC5_FROM ? 5 : 6) * HOUR_MS);
}

/** The instant the given Almaty date ends, i.e. the next day's 00:00 local time. */
export function endOfAlmatyDay(date: string): Date {
  const next = addDays(date, 1);
  const offset = next >= UTC5_FROM_DATE ? 5 : 6;
  return new Date(toUtc(next) - offset * HOUR_MS);
}

// Guard against corrupt data (e.g. a year with every day off) looping forever.
const MAX_SCAN_DAYS = 3660;

function nextWorkingDay(date: string, cal: WorkingCalendar): string {
  let d = addDays(date, 1);
  for (let i = 0; !cal.isWorkingDay(d); i++) {
    if (i > MAX_SCAN_DAYS) throw new Error(`no working day within ten years after ${date}`);
    d = addDays(d, 1);
  }
  return d;
}

/** The last working day before `date`. */
export function previousWorkingDay(date: string, cal: WorkingCalendar): string {
  let d = addDays(date, -1);
  for (let i = 0; !cal.isWorkingDay(d); i++) {
    if (i > MAX_SCAN_DAYS) throw new Error(`no working day within ten years before ${date}`);
    d = addDays(d, -1);
  }
  return d;
}

/** Registration date: the Almaty date of arrival, or the next working day if that is a day off (APPK art. 63). */
export function registrationDate(receivedAt: Date, cal: WorkingCalendar): string {
  const d = almatyDate(receivedAt);
  return cal.isWorkingDay(d) ? d : nextWorkingDay(d, cal);
}

/** The Nth working day after `from` (counting starts the day after `from`); `from` itself when n = 0. */
export function addWorkingDays(from: string, n: number, cal: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer: ${n}`);
  let d = from;
  toUtc(d);
  for (let i = 0; i < n; i++) d = nextWorkingDay(d, cal);
  return d;
}

/** Number of working days d with from < d <= to (0 when to <= from). */
export function workingDaysBetween(from: string, to: string, cal: WorkingCalendar): number {
  let count = 0;
  for (let t = toUtc(from) + DAY_MS, end = toUtc(to); t <= end; t += DAY_MS) {
    if (cal.isWorkingDay(fromUtc(t))) count++;
  }
  return count;
}

/** The last day of a term that ends at `deadline` (an Almaty midnight): the day a receipt or notice names. */
export function lastDayOfTerm(deadline: string | Date): string {
  return almatyDate(new Date(new Date(deadline).getTime() - 1));
}

/** Review deadline: the end (Almaty midnight) of the Nth working day after registration. */
export function reviewDeadline(
  registeredOn: string,
  workingDays: number,
  cal: WorkingCalendar,
): { lastDay: string; endsAt: Date } {
  const lastDay = addWorkingDays(registeredOn, workingDays, cal);
  return { lastDay, endsAt: endOfAlmatyDay(lastDay) };
}

/** Whether every year from `from` to `to` (ISO dates) is counted with loaded data, not the rule-based fallback. */
export function calendarCovers(from: string, to: string, cal: WorkingCalendar): boolean {
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    if (!cal.hasDataFor(year)) return false;
  }
  return true;
}

/** The same day `months` calendar months later, or the last day of a shorter month (30 Nov + 3 → 28 Feb). */
export function addMonths(date: string, months: number): string {
  const t = new Date(toUtc(date));
  const day = t.getUTCDate();
  const first = Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + months, 1);
  const f = new Date(first);
  const lastDay = new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth() + 1, 0)).getUTCDate();
  return fromUtc(first + (Math.min(day, lastDay) - 1) * DAY_MS);
}

/**
 * R9, R13: the appeal window, from the delivery of the answer. A term in months ends on the same
 * day (Almaty date) of the last month, or that month's last day; a last day that is not a working
 * day moves to the next working day; the term ends at 24:00 Almaty of its last day (Civil Code,
 * the rules on counting terms: docs/DECISIONS.md, "The appeal window"). A window in days
 * (demonstrations, tests) is that many days from the delivery, to the millisecond.
 */
export function appealWindowEnd(
  deliveredAt: Date,
  window: { months?: number; days: number },
  cal: WorkingCalendar,
): { lastDay: string; endsAt: Date } {
  if (!window.months) {
    const endsAt = new Date(deliveredAt.getTime() + window.days * DAY_MS);
    return { lastDay: lastDayOfTerm(endsAt), endsAt };
  }
  const sameDay = addMonths(almatyDate(deliveredAt), window.months);
  const lastDay = cal.isWorkingDay(sameDay) ? sameDay : nextWorkingDay(sameDay, cal);
  return { lastDay, endsAt: endOfAlmatyDay(lastDay) };
}
