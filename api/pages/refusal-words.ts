// A refusal as a page says it: the API's stable error code in Kazakh or Russian, and the fields
// to correct by their labels. The API's own message (English, for programs) never reaches a page.
import type { ApiError } from '../errors';
import { TEXTS, type PageLanguage } from './texts';

type Words = { kk: string; ru: string };

const REFUSALS: Record<string, Words> = {
  validation_failed: {
    ru: 'Форма заполнена неверно. Проверьте поля',
    kk: 'Нысан қате толтырылған. Өрістерді тексеріңіз',
  },
  invalid_request: {
    ru: 'Форма заполнена неверно. Проверьте поля',
    kk: 'Нысан қате толтырылған. Өрістерді тексеріңіз',
  },
  unstorable_value: {
    ru: 'Текст содержит недопустимые символы (управляющие или невидимые). Проверьте поля',
    kk: 'Мәтінде рұқсат етілмеген (басқарушы немесе көрінбейтін) таңбалар бар. Өрістерді тексеріңіз',
  },
  transition_not_allowed: {
    ru: 'Сейчас закон не допускает это действие по жалобе (её состояние или срок не позволяют).',
    kk: 'Қазір заң шағым бойынша бұл әрекетке жол бермейді (оның күйі немесе мерзімі мүмкіндік бермейді).',
  },
  stage_changed: {
    ru: 'Жалоба уже перешла на другой этап или в другой орган. Откройте её заново.',
    kk: 'Шағым басқа кезеңге немесе басқа органға өтіп кетті. Оны қайта ашыңыз.',
  },
  case_closed: { ru: 'Дело закрыто: действия по нему невозможны.', kk: 'Іс жабылды: ол бойынша әрекет мүмкін емес.' },
  signatory_mismatch: {
    ru: 'Решение подписывает должностное лицо, на которое выдан ключ, а не другое лицо.',
    kk: 'Шешімге кілт берілген лауазымды адам қол қояды, басқа адам емес.',
  },
  redirection_too_late: {
    ru: 'Направить по компетенции можно только в течение 3 рабочих дней со дня поступления жалобы; теперь её рассматривает этот орган.',
    kk: 'Құзыреті бойынша шағым түскен күннен бастап 3 жұмыс күні ішінде ғана жіберіледі; енді оны осы орган қарайды.',
  },
  invalid_redirection_target: {
    ru: 'Жалобу нельзя направить в этот орган: он не зарегистрирован, это тот же орган или уполномоченный орган по контролю качества.',
    kk: 'Шағымды бұл органға жіберуге болмайды: ол тіркелмеген, сол орган немесе сапаны бақылау жөніндегі уәкілетті орган.',
  },
  csrf_token_invalid: {
    ru: 'Форма устарела или отправлена с другого сайта. Обновите страницу.',
    kk: 'Нысан ескірген немесе басқа сайттан жіберілген. Бетті жаңартыңыз.',
  },
  rate_limited: {
    ru: 'Слишком много запросов с этим ключом. Повторите через минуту.',
    kk: 'Бұл кілтпен сұраулар тым көп. Бір минуттан кейін қайталаңыз.',
  },
  forbidden: { ru: 'Это действие недоступно для вашей роли.', kk: 'Бұл әрекет сіздің рөліңіз үшін қолжетімсіз.' },
  unauthenticated: { ru: 'Войдите снова.', kk: 'Қайта кіріңіз.' },
  temporal_unavailable: {
    ru: 'Служба рассмотрения временно недоступна. Повторите чуть позже.',
    kk: 'Қарау қызметі уақытша қолжетімсіз. Сәл кейінірек қайталаңыз.',
  },
  temporal_timeout: {
    ru: 'Служба рассмотрения не ответила вовремя; действие могло быть выполнено. Откройте жалобу, прежде чем повторять.',
    kk: 'Қарау қызметі уақытында жауап бермеді; әрекет орындалған болуы мүмкін. Қайталамас бұрын шағымды ашыңыз.',
  },
  database_unavailable: {
    ru: 'Реестр жалоб временно недоступен. Повторите чуть позже.',
    kk: 'Шағымдар тізілімі уақытша қолжетімсіз. Сәл кейінірек қайталаңыз.',
  },
};

/** Where an operation's refusal says more than its code: the rule that refused it (R11). */
const OPERATION_REFUSALS: Record<string, Record<string, Words>> = {
  extend: {
    transition_not_allowed: {
      ru: 'Срок нельзя продлить: его продлевают до окончания срока и всего не более чем на 10 рабочих дней.',
      kk: 'Мерзімді ұзартуға болмайды: ол мерзім аяқталғанға дейін және барлығы 10 жұмыс күнінен аспайтын мерзімге ұзартылады.',
    },
  },
};

/** Refusals of a form's content: the page names the fields to correct. */
const ABOUT_FIELDS = new Set(['validation_failed', 'invalid_request', 'unstorable_value']);

const FALLBACK: Words = {
  ru: 'Действие не выполнено. Повторите позже или обратитесь к администратору.',
  kk: 'Әрекет орындалмады. Кейінірек қайталаңыз немесе әкімшіге хабарласыңыз.',
};

/**
 * The form fields a refusal's details point at (`body.recipient.role`), by their labels on the
 * page: the action's own form first, then any form's, then the signatory.
 */
function fieldLabel(lang: PageLanguage, path: string, operation: string | undefined): string | undefined {
  const t = TEXTS[lang];
  const forms = Object.values(t.forms);
  const own = operation ? t.forms[operation] : undefined;
  const find = (name: string) =>
    own?.labels[name] ??
    forms.find((f) => f.labels[name])?.labels[name] ??
    (name === 'decidedBy' ? t.decidedBy : undefined);
  const field = path.replace(/^body\./, '');
  return find(field) ?? find(field.split('.')[0]) ?? find(`${field}.role`);
}

/** Not found is said as not found; every other refusal by its code, with the fields to correct. */
export function refusalText(
  lang: PageLanguage,
  error: Pick<ApiError, 'status' | 'code' | 'details'>,
  operation?: string,
): string {
  if (error.status === 404) return TEXTS[lang].notFound;
  const words = ((operation && OPERATION_REFUSALS[operation]?.[error.code]) || REFUSALS[error.code] || FALLBACK)[lang];
  const fields = [...new Set(error.details.map((d) => fieldLabel(lang, d.path, operation)).filter(Boolean))];
  if (!ABOUT_FIELDS.has(error.code)) return words;
  return fields.length > 0 ? `${words}: ${fields.join('; ')}.` : `${words}.`;
}
