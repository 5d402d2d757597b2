// What the case page says about the filing itself: the complaint's language (the notices and the
// answer go in it, Law on Languages art. 11) and who signed it (R6), in Kazakh and Russian.
import type { ComplaintInput } from '../../domain/complaint';
import type { PageLanguage } from './texts';

const words = {
  ru: {
    language: 'Язык жалобы',
    kk: 'казахский',
    ru: 'русский',
    notStated: 'не указан (уведомления и ответ на казахском и русском)',
    signedBy: 'Подписал',
    power_of_attorney: 'по доверенности',
    parent: 'родитель, законный представитель',
    guardian: 'опекун, законный представитель',
    head_of_legal_entity: 'руководитель юридического лица',
  },
  kk: {
    language: 'Шағымның тілі',
    kk: 'қазақ тілі',
    ru: 'орыс тілі',
    notStated: 'көрсетілмеген (хабарламалар мен жауап қазақ және орыс тілдерінде)',
    signedBy: 'Қол қойған',
    power_of_attorney: 'сенімхат бойынша',
    parent: 'ата-анасы, заңды өкілі',
    guardian: 'қорғаншысы, заңды өкілі',
    head_of_legal_entity: 'заңды тұлғаның басшысы',
  },
} as const;

export const filingWords = (lang: PageLanguage) => words[lang];

/** The complaint's language as the page names it. */
export function complaintLanguageLine(lang: PageLanguage, input: ComplaintInput): string {
  const w = words[lang];
  return input.language ? w[input.language] : w.notStated;
}

/** Who signed (R6): the complainant, or the representative with the authority and its basis. */
export function signerLine(lang: PageLanguage, input: ComplaintInput, complainant: string): string {
  const r = input.representative;
  if (!r) return complainant;
  const w = words[lang];
  const name = [r.surname, r.firstName, r.patronymic].filter(Boolean).join(' ');
  const authority = r.authority ?? 'power_of_attorney';
  const basis = r.powerOfAttorney ? `№ ${r.powerOfAttorney.number}` : r.legalBasis;
  return [[name, r.position].filter(Boolean).join(', '), `${w[authority]}${basis ? ` (${basis})` : ''}`].join(' — ');
}
