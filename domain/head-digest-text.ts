// R1: what the head of a body is told once a day about the body's cases gone overdue. Pure: no I/O.
import { documentDate } from './document-words';

export interface DigestCase {
  incomingNumber: string;
  /** YYYY-MM-DD, the last day of the term that passed. */
  lastDay: string;
}

/**
 * An e-mail lists the cases (the first EMAIL_LIST_LIMIT of a storm: the workbench's overdue
 * filter has them all); an SMS carries the count and the first few numbers.
 */
export const EMAIL_LIST_LIMIT = 500;
export const SMS_LIST_LIMIT = 3;

export function headDigestText(p: {
  day: string;
  bodyNameKk: string;
  bodyNameRu: string;
  channel: string;
  cases: readonly DigestCase[];
}): { kk: string; ru: string } {
  const limit = p.channel === 'sms' ? SMS_LIST_LIMIT : EMAIL_LIST_LIMIT;
  const listed = p.cases.slice(0, limit);
  const more = p.cases.length - listed.length;
  const line = (lang: 'kk' | 'ru') =>
    listed
      .map((c) => `№ ${c.incomingNumber} (${lang === 'kk' ? 'мерзімі' : 'срок'} ${documentDate(c.lastDay)})`)
      .join('; ');
  const day = documentDate(p.day);
  return {
    kk: `${day}: қарау мерзімі шешімсіз өткен шағымдар (${p.bodyNameKk}) — ${p.cases.length}. ${line('kk')}${more > 0 ? `; тағы ${more} (толық тізім — жұмыс кезегінде, «мерзімі өткен» сүзгісі)` : ''}.`,
    ru: `${day}: жалобы, срок рассмотрения которых истёк без решения (${p.bodyNameRu}), — ${p.cases.length}. ${line('ru')}${more > 0 ? `; и ещё ${more} (полный список — в рабочей очереди, фильтр «просрочено»)` : ''}.`,
  };
}
