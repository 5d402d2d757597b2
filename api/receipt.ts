// The receipt of R3: the stamp with incoming number and date, who accepted the complaint, the
// term and the place of the answer, in Kazakh or Russian, printable.
import type { ComplaintRecord } from '../db/complaints';
import type { Body, ReviewStageRow } from '../db/schema';
import { answerPlaceText, answerRoute, filingPlaceText } from '../domain/answer-place';
import { lastDayOfTerm } from '../domain/calendar';
import type { Channel, ComplaintInput, Form } from '../domain/complaint';
import { lastDayInclusive, workingDaysText } from '../domain/document-words';
import { documentDate, html, page } from './html';

export type ReceiptLanguage = 'kk' | 'ru';

const labels = {
  kk: {
    title: 'Шағымды қабылдау туралы талон',
    stamp: 'Кіріс №',
    from: 'күні',
    complainant: 'Шағым беруші',
    respondent: 'Әрекеті (әрекетсіздігі) шағымданылатын субъект',
    channel: 'Берілу тәсілі',
    reviewer: 'Қарайтын орган',
    videoSession: 'Бейнеконференция сеансы',
    videoRecording: 'Бейнеүндеу жазбасы',
    acceptedBy: 'Шағымды қабылдаған',
    noAcceptor: 'ақпараттық жүйеде тіркелді',
    term: 'Жауап беру мерзімі',
    termText: (days: number, last: string) => `${workingDaysText(days, 'kk')}, ${lastDayInclusive(last, 'kk')}`,
    extended: (days: number) => ` (${workingDaysText(days, 'kk', 'dative')} ұзартылды)`,
    appealed: (how: string) => `қарау нәтижесіне шағым (шағымдану) ${how} берілді`,
    redirected: (from: string) => `құзыреті бойынша жіберілді: ${from}`,
    intake: 'шағымдарды қабылдау жүйесі арқылы',
    provisional: (year: string) =>
      `. Мерзім ${year} жылғы ресми өндірістік күнтізбесіз есептелді және ол жүктелгенде қайта есептеледі`,
    place: 'Жауап алу орны',
  },
  ru: {
    title: 'Талон о принятии жалобы',
    stamp: 'Вх. №',
    from: 'от',
    complainant: 'Заявитель',
    respondent: 'Субъект, действия (бездействие) которого обжалуются',
    channel: 'Способ подачи',
    reviewer: 'Рассматривающий орган',
    videoSession: 'Сеанс видеоконференцсвязи',
    videoRecording: 'Запись видеообращения',
    acceptedBy: 'Жалобу принял(а)',
    noAcceptor: 'зарегистрирована в информационной системе',
    term: 'Срок ответа',
    termText: (days: number, last: string) => `${workingDaysText(days, 'ru')}, ${lastDayInclusive(last, 'ru')}`,
    extended: (days: number) => ` (продлён на ${workingDaysText(days, 'ru')})`,
    appealed: (how: string) => `жалоба на результат рассмотрения (обжалование) подана ${how}`,
    redirected: (from: string) => `направлена по компетенции: ${from}`,
    intake: 'через систему приёма жалоб',
    provisional: (year: string) =>
      `. Срок исчислен без официального производственного календаря на ${year} год и будет пересчитан после его загрузки`,
    place: 'Место получения ответа',
  },
};

/** A date and time as Almaty reads it (UTC+5): "27.11.2026 15:30". */
function documentDateTime(iso: string): string {
  const local = new Date(Date.parse(iso) + 5 * 3_600_000).toISOString();
  return `${documentDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

const initial = (name: string | undefined) => (name ? `${name.trim()[0].toUpperCase()}.` : '');

/** The complainant as a receipt names them: surname and initials, or the organisation. */
function complainantName(input: ComplaintInput): string {
  const c = input.complainant;
  return c.kind === 'individual' ? `${c.surname} ${initial(c.firstName)}${initial(c.patronymic)}` : c.name;
}

/** How a later stage's complaint reached its body: an appeal (R9) by whom, or forwarded from a body (R1). */
export interface StageArrival {
  redirectedFrom?: Pick<Body, 'id'> & Partial<Pick<Body, 'name_kk' | 'name_ru'>>;
  /** The role that filed the appeal (the portal, an intake system). */
  appealedBy?: string;
  /** The channel the appeal came by, when the register names one. */
  appealChannel?: string;
}

export interface ReceiptData {
  complaint: ComplaintRecord;
  stage: ReviewStageRow;
  reviewingBody: Body;
  respondentBody: Body | undefined;
  arrival?: StageArrival;
}

/** The "how filed" line: the complaint's channel, or for a later stage how it came to this body. */
function howFiled(lang: ReceiptLanguage, channel: Channel, arrival: StageArrival | undefined): string {
  const t = labels[lang];
  const filed = filingPlaceText[channel]?.[lang] ?? '';
  if (!arrival) return filed;
  const from = arrival.redirectedFrom;
  if (from) return `${filed}; ${t.redirected((lang === 'kk' ? from.name_kk : from.name_ru) ?? from.id)}`;
  const by = arrival.appealChannel as Channel | undefined;
  const how =
    (by && filingPlaceText[by]?.[lang]) ||
    (arrival.appealedBy === 'portal'
      ? filingPlaceText.portal[lang]
      : arrival.appealedBy === 'intake'
        ? t.intake
        : filed);
  return t.appealed(how);
}

export function renderReceipt(
  lang: ReceiptLanguage,
  { complaint, stage, reviewingBody, respondentBody, arrival }: ReceiptData,
): string {
  const t = labels[lang];
  const input = complaint.input as ComplaintInput;
  const name = (b: Body) => (lang === 'kk' ? b.name_kk : b.name_ru);
  const lastDay = lastDayOfTerm(stage.deadline);
  const place = answerPlaceText(
    answerRoute(complaint.channel as Channel, complaint.form as Form),
    { name: name(reviewingBody), postalAddress: reviewingBody.postal_address },
    lang,
  );
  const r = input.respondent;
  const official = [r.officialPosition, r.officialSurname, r.officialInitials].filter(Boolean).join(' ');
  const respondent = [respondentBody ? name(respondentBody) : r.bodyId, official].filter(Boolean).join(', ');
  const row = (label: string, value: string) =>
    html`<tr>
      <th>${label}</th>
      <td>${value}</td>
    </tr>`;

  return page(
    lang,
    `${t.title} ${stage.incoming_number}`,
    STYLE,
    html` <h1>${t.title}</h1>
      <div class="stamp">
        <div class="body">${name(reviewingBody)}</div>
        <div class="number">${t.stamp} ${stage.incoming_number}</div>
        <div class="date">${t.from} ${documentDate(stage.registered_on)}</div>
      </div>
      <table>
        ${row(t.complainant, complainantName(input))} ${row(t.respondent, respondent)}
        ${row(t.channel, howFiled(lang, complaint.channel as Channel, arrival))} ${row(t.reviewer, name(reviewingBody))}
        ${input.videoConference && stage.stage === 1 ? row(t.videoSession, `${input.videoConference.sessionReference}, ${documentDateTime(input.videoConference.scheduledAt)}`) : ''}
        ${input.videoAppeal && stage.stage === 1 ? row(t.videoRecording, input.videoAppeal.recordingReference) : ''}
        ${row(t.acceptedBy, stage.received_by ?? t.noAcceptor)}
        ${row(
          t.term,
          t.termText(stage.review_term_days, lastDay) +
            (stage.extended_days > 0 ? t.extended(stage.extended_days) : '') +
            (stage.calendar_has_data ? '' : t.provisional(lastDay.slice(0, 4))),
        )}
        ${row(t.place, place)}
      </table>`,
  );
}

const STYLE = `
body { font-family: "Times New Roman", serif; max-width: 42em; margin: 2em auto; color: #000; }
h1 { font-size: 1.3em; text-align: center; }
.stamp { border: 3px double #1a3d8f; color: #1a3d8f; padding: .6em 1em; width: 18em; margin: 1em 0 1.5em auto; text-align: center; }
.stamp .number { font-size: 1.2em; font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #444; padding: .4em .6em; text-align: left; vertical-align: top; }
th { width: 38%; font-weight: normal; background: #f3f3f3; }
@media print { body { margin: 0; } }
`;
