// The pages of signing in with the organisation's identity provider: where to start, and the
// refusal of a person the provider knows but whose claims give no role or body here.
import type { ClaimRefusal } from '../oidc/claims';
import { html } from '../html';
import { layoutPage, type PageContext } from './layout';
import type { PageLanguage } from './texts';

const WORDS = {
  ru: {
    lead: 'Сотрудники входят через учётную запись своей организации. Ключ на этой странице не нужен.',
    button: 'Войти через учётную запись организации',
    signedOut: 'Вы вышли из системы.',
    refusedTitle: 'Доступ не предоставлен',
    refusals: {
      no_role:
        'Ваша учётная запись не даёт роли в этой системе (сотрудник, аудитор или администратор). Обратитесь к администратору вашей организации.',
      no_body: 'Учётная запись сотрудника не указывает орган, в котором вы работаете. Обратитесь к администратору.',
      unknown_body: 'Орган, указанный в вашей учётной записи, не известен этой системе. Обратитесь к администратору.',
      no_person:
        'В учётной записи сотрудника нет фамилии, имени или должности, которыми подписываются решения. Обратитесь к администратору.',
      provider: 'Вход не завершён: поставщик учётных записей отказал или ответ устарел. Попробуйте войти ещё раз.',
    },
    otherAccount: 'Выйти и войти под другой учётной записью',
    keysOff: 'Сотрудники входят через учётную запись организации; вход по ключу здесь только для портала.',
  },
  kk: {
    lead: 'Қызметкерлер өз ұйымының есептік жазбасы арқылы кіреді. Бұл бетте кілт қажет емес.',
    button: 'Ұйымның есептік жазбасы арқылы кіру',
    signedOut: 'Сіз жүйеден шықтыңыз.',
    refusedTitle: 'Қатынау берілмеді',
    refusals: {
      no_role:
        'Есептік жазбаңыз бұл жүйеде рөл бермейді (қызметкер, аудитор немесе әкімші). Ұйымыңыздың әкімшісіне хабарласыңыз.',
      no_body: 'Қызметкердің есептік жазбасында жұмыс істейтін орган көрсетілмеген. Әкімшіге хабарласыңыз.',
      unknown_body: 'Есептік жазбада көрсетілген орган бұл жүйеге белгісіз. Әкімшіге хабарласыңыз.',
      no_person:
        'Қызметкердің есептік жазбасында шешімге қол қоятын тегі, аты немесе лауазымы жоқ. Әкімшіге хабарласыңыз.',
      provider: 'Кіру аяқталмады: есептік жазбалар провайдері бас тартты немесе жауап ескірді. Қайта кіріп көріңіз.',
    },
    otherAccount: 'Шығып, басқа есептік жазбамен кіру',
    keysOff: 'Қызметкерлер ұйымның есептік жазбасы арқылы кіреді; кілтпен кіру мұнда тек портал үшін.',
  },
} as const satisfies Record<PageLanguage, unknown>;

export type ProviderRefusal = ClaimRefusal | 'provider';

export const providerWords = (lang: PageLanguage) => WORDS[lang];

/** The sign-in page when people sign in at the provider: one link there, and why they are here again. */
export function providerSignInPage(
  ctx: PageContext,
  next: string | undefined,
  notice?: 'expired' | 'signedOut',
): string {
  const w = WORDS[ctx.lang];
  const start = `/auth/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`;
  return layoutPage(
    ctx,
    ctx.t.signIn,
    html`${notice === 'expired' ? html`<p class="notice error" role="alert">${ctx.t.expired}</p>` : ''}
      ${notice === 'signedOut' ? html`<p class="notice ok" role="status">${w.signedOut}</p>` : ''}
      <p>${w.lead}</p>
      <p><a class="signin-provider" href="${start}">${w.button}</a></p>`,
  );
}

/** A person the provider signed in but whose claims place them nowhere here (403). */
export function providerRefusalPage(ctx: PageContext, reason: ProviderRefusal, otherAccountUrl?: string): string {
  const w = WORDS[ctx.lang];
  return layoutPage(
    ctx,
    w.refusedTitle,
    html`<p class="notice error" role="alert">${w.refusals[reason]}</p>
      ${otherAccountUrl ? html`<p><a href="${otherAccountUrl}">${w.otherAccount}</a></p>` : ''}`,
  );
}
