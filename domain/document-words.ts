// How documents and pages write numbers of days and dates in Kazakh and Russian: one home for
// the plural forms of Russian numerals and for the DD.MM.YYYY date, so a notice, a receipt and
// a page never disagree (R3 "term", R8, R10, R11, R12 count in working days).

export type DocumentLanguage = 'kk' | 'ru';

/** The three Russian forms of a noun after a numeral: 1 день, 2 дня, 5 дней. */
export type RussianForms = readonly [one: string, few: string, many: string];

/**
 * The form a Russian numeral takes: "one" after 1, 21, 101 (not 11); "few" after 2–4, 22–24
 * (not 12–14); "many" otherwise (0, 5–20, 25…).
 */
export function russianPlural(n: number, [one, few, many]: RussianForms): string {
  const whole = Math.abs(Math.trunc(n));
  const lastTwo = whole % 100;
  const last = whole % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return many;
  if (last === 1) return one;
  if (last >= 2 && last <= 4) return few;
  return many;
}

const WORKING_DAYS_RU: RussianForms = ['рабочий день', 'рабочих дня', 'рабочих дней'];

/**
 * "5 рабочих дней" / "5 жұмыс күні". Kazakh nouns take no plural after a numeral; `kkCase`
 * gives the Kazakh dative "жұмыс күніне" ("extended by…") where a sentence needs it.
 */
export function workingDaysText(n: number, lang: DocumentLanguage, kkCase: 'nominative' | 'dative' = 'nominative') {
  if (lang === 'kk') return `${n} жұмыс ${kkCase === 'dative' ? 'күніне' : 'күні'}`;
  return `${n} ${russianPlural(n, WORKING_DAYS_RU)}`;
}

/** DD.MM.YYYY, as dates are written on Kazakh and Russian documents, from `YYYY-MM-DD…`. */
export function documentDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}

/** The last day of a term, inclusive: "по 11.12.2026 включительно" / "11.12.2026 қоса алғанда". */
export function lastDayInclusive(isoDate: string, lang: DocumentLanguage): string {
  const day = documentDate(isoDate);
  return lang === 'kk' ? `${day} қоса алғанда` : `по ${day} включительно`;
}
