// How a complaint came in and where its answer goes (R2, R3, R5, R8), in the words of the
// registration (English, stored with the stage) and of the printed receipt (Kazakh, Russian).
import type { Channel, Form } from './complaint-rules';

export type Language = 'en' | 'kk' | 'ru';

/** Where the reasoned answer is obtained. */
export type AnswerRoute = 'personal_cabinet' | 'post' | 'office';

/**
 * R3, R4, R8: an electronic complaint is answered in the portal's personal cabinet, one sent by
 * post by post, one handed in at an office at that office (or by post).
 */
export function answerRoute(channel: Channel, form: Form): AnswerRoute {
  if (form === 'electronic') return 'personal_cabinet';
  return channel === 'post' ? 'post' : 'office';
}

/** The body that answers, named in the language of the text. */
export interface AnsweringBody {
  name: string;
  postalAddress: string;
}

const answerPlaces: Record<AnswerRoute, Record<Language, (b: AnsweringBody) => string>> = {
  personal_cabinet: {
    en: () => 'personal cabinet on the e-government portal (egov.kz)',
    kk: () => '«электрондық үкімет» порталындағы (egov.kz) жеке кабинет',
    ru: () => 'личный кабинет на портале «электронного правительства» (egov.kz)',
  },
  post: {
    en: (b) => `sent by post to the complainant's postal address from ${b.name}, ${b.postalAddress}`,
    kk: (b) => `${b.name} (${b.postalAddress}) жауапты шағым берушінің пошталық мекенжайына жібереді`,
    ru: (b) => `${b.name} (${b.postalAddress}) направляет ответ по почтовому адресу заявителя`,
  },
  office: {
    en: (b) => `${b.name}, ${b.postalAddress} (handed over at the office or sent by post)`,
    kk: (b) => `${b.name}, ${b.postalAddress}: кеңседе қолма-қол беріледі немесе пошта арқылы жіберіледі`,
    ru: (b) => `${b.name}, ${b.postalAddress}: выдаётся в канцелярии или направляется по почте`,
  },
};

/** R3: "the place for obtaining the answer", as the receipt prints it. */
export function answerPlaceText(route: AnswerRoute, body: AnsweringBody, language: Language): string {
  return answerPlaces[route][language](body);
}

/** R2, R5: how the complaint was filed. */
export const filingPlaceText: Record<Channel, Record<Language, string>> = {
  post: { en: 'by post', kk: 'пошта арқылы', ru: 'по почте' },
  provider_office: {
    en: 'at the office of the service provider',
    kk: 'көрсетілетін қызметті берушінің кеңсесі арқылы',
    ru: 'через канцелярию услугодателя',
  },
  state_corporation_office: {
    en: 'at an office of the State Corporation "Government for Citizens"',
    kk: '«Азаматтарға арналған үкімет» мемлекеттік корпорациясы арқылы',
    ru: 'через Государственную корпорацию «Правительство для граждан»',
  },
  portal: {
    en: 'through the e-government portal (egov.kz)',
    kk: '«электрондық үкімет» порталы арқылы',
    ru: 'через портал «электронного правительства»',
  },
  electronic_document: {
    en: 'as an electronic document',
    kk: 'электрондық құжат нысанында',
    ru: 'в форме электронного документа',
  },
  // R5: a video conference is held through the portal, a video appeal at a State Corporation branch.
  video_conference: {
    en: 'by video conference through the e-government portal (egov.kz)',
    kk: '«электрондық үкімет» порталы арқылы бейнеконференцбайланыс',
    ru: 'по видеоконференцсвязи через портал «электронного правительства»',
  },
  video_appeal: {
    en: 'as a video appeal recorded at a branch of the State Corporation "Government for Citizens"',
    kk: '«Азаматтарға арналған үкімет» мемлекеттік корпорациясының филиалында бейнеүндеу',
    ru: 'видеообращение в филиале Государственной корпорации «Правительство для граждан»',
  },
};
