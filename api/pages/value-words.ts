// Words for what the register stores: statuses, marks, outcomes, channels, timeline kinds and
// the roles that act, in Kazakh and Russian. A page never prints a machine value as its key.
import type { PageLanguage } from './texts';

/** What a machine value without a word reads as. */
const OTHER_EVENT: Record<PageLanguage, string> = { ru: 'запись в деле', kk: 'істегі жазба' };

/** Words for register values: statuses, marks, outcomes, channels. */
export const VALUE_WORDS: Record<PageLanguage, Record<string, string>> = {
  ru: {
    under_review: 'на рассмотрении',
    decided: 'решение принято',
    closed: 'закрыта',
    withdrawn: 'отозвана заявителем',
    referred_to_court: 'заявитель обратился в суд',
    not_registered: 'не зарегистрирована',
    delivered: 'доставлена',
    registered: 'зарегистрирована',
    in_execution: 'на исполнении',
    answered: 'дан ответ',
    refused: 'отказано в рассмотрении',
    satisfied: 'удовлетворена',
    partially_satisfied: 'удовлетворена частично',
    rejected: 'оставлена без удовлетворения',
    refused_to_review: 'в рассмотрении отказано',
    post: 'по почте',
    provider_office: 'канцелярия услугодателя',
    state_corporation_office: 'Госкорпорация',
    portal: 'портал «электронного правительства»',
    electronic_document: 'электронный документ',
    video_conference: 'видеоконференция',
    video_appeal: 'видеообращение',
    anonymous: 'анонимная жалоба',
    no_essence_stated: 'не изложена суть',
    repeated_already_answered: 'повторная, ответ уже дан',
    outside_competence: 'вне компетенции',
    assigned: 'назначен исполнитель',
    extended: 'срок продлён',
    overdue: 'срок рассмотрения нарушен',
    escalated: 'обжалована в уполномоченный орган',
    'notice:extension_notice': 'уведомление о продлении отправлено',
    'notice:answer': 'ответ направлен',
    'notice:overdue_notice': 'уведомление о нарушении срока рассмотрения отправлено',
    'notice:head_alert': 'руководитель оповещён',
    'notice:redirection_notice': 'уведомление о направлении по компетенции отправлено',
    'notice:escalation_receipt': 'сообщено о регистрации обжалования',
    letter_delivered: 'письмо вручено заявителю',
    letter_posted: 'письмо отправлено по почте',
    redirected: 'направлена по компетенции',
    answer_delivered: 'ответ доставлен',
    deadline_recounted: 'срок пересчитан по календарю',
    recounted: 'срок пересчитан по календарю',
    extension_notice_late: 'уведомление о продлении направлено с опозданием',
    notice_failed: 'уведомление не доставлено',
    notice_rerouted: 'уведомление направлено другим способом',
    answer_handed_over: 'ответ выдан в канцелярии',
    answer_refused_to_collect: 'заявитель отказался получить ответ',
  },
  kk: {
    under_review: 'қаралуда',
    decided: 'шешім қабылданды',
    closed: 'жабылды',
    withdrawn: 'шағым кері алынды',
    referred_to_court: 'шағым беруші сотқа жүгінді',
    not_registered: 'тіркелмеді',
    delivered: 'жеткізілді',
    registered: 'тіркелді',
    in_execution: 'орындалуда',
    answered: 'жауап берілді',
    refused: 'қараудан бас тартылды',
    satisfied: 'қанағаттандырылды',
    partially_satisfied: 'ішінара қанағаттандырылды',
    rejected: 'қанағаттандырусыз қалдырылды',
    refused_to_review: 'қараудан бас тартылды',
    post: 'пошта',
    provider_office: 'қызмет берушінің кеңсесі',
    state_corporation_office: 'Мемлекеттік корпорация',
    portal: '«электрондық үкімет» порталы',
    electronic_document: 'электрондық құжат',
    video_conference: 'бейнеконференция',
    video_appeal: 'бейнеүндеу',
    anonymous: 'жасырын шағым',
    no_essence_stated: 'мәні баяндалмаған',
    repeated_already_answered: 'қайталанған, жауап берілген',
    outside_competence: 'құзыретінен тыс',
    assigned: 'орындаушы тағайындалды',
    extended: 'мерзім ұзартылды',
    overdue: 'қарау мерзімі бұзылды',
    escalated: 'уәкілетті органға шағымданды',
    'notice:extension_notice': 'ұзарту туралы хабарлама жіберілді',
    'notice:answer': 'жауап жіберілді',
    'notice:overdue_notice': 'қарау мерзімінің бұзылғаны туралы хабарлама жіберілді',
    'notice:head_alert': 'басшыға хабарланды',
    'notice:redirection_notice': 'құзыреті бойынша жіберу туралы хабарлама жіберілді',
    'notice:escalation_receipt': 'шағымданудың тіркелгені хабарланды',
    letter_delivered: 'хат шағым берушіге табыс етілді',
    letter_posted: 'хат поштамен жіберілді',
    redirected: 'құзыреті бойынша жіберілді',
    answer_delivered: 'жауап жеткізілді',
    deadline_recounted: 'мерзім күнтізбе бойынша қайта есептелді',
    recounted: 'мерзім күнтізбе бойынша қайта есептелді',
    extension_notice_late: 'ұзарту туралы хабарлама кешігіп жіберілді',
    notice_failed: 'хабарлама жеткізілмеді',
    notice_rerouted: 'хабарлама басқа тәсілмен жіберілді',
    answer_handed_over: 'жауап кеңседе берілді',
    answer_refused_to_collect: 'шағым беруші жауапты алудан бас тартты',
  },
};

/** Who acted when no person did: the systems behind the API keys, never their role slugs. */
export const ROLE_WORDS: Record<PageLanguage, Record<string, string>> = {
  ru: {
    portal: 'портал электронного правительства',
    intake: 'система приёма',
    official: 'должностное лицо',
    auditor: 'аудитор',
    admin: 'администратор',
  },
  kk: {
    portal: 'электрондық үкімет порталы',
    intake: 'қабылдау жүйесі',
    official: 'лауазымды адам',
    auditor: 'аудитор',
    admin: 'әкімші',
  },
};

/** A machine value (lower case, digits, `_`, `:`, `-`) that no word is known for yet. */
const MACHINE_VALUE = /^[a-z0-9_:.-]+$/;

/**
 * The word for a register value. A value without a word is never printed as its key: a machine
 * value reads as "a record in the case"; anything else (a person's text) as it is.
 */
export const wordFor = (lang: PageLanguage, value: string | null | undefined) => {
  if (value === null || value === undefined) return '';
  const word = VALUE_WORDS[lang][value];
  if (word !== undefined) return word;
  return MACHINE_VALUE.test(value) ? OTHER_EVENT[lang] : value;
};

/** The actor's role as a reader says it. */
export const roleWord = (lang: PageLanguage, role: string) => ROLE_WORDS[lang][role] ?? OTHER_EVENT[lang];
