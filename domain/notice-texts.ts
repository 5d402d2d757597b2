// What the complainant and the body's head are told, in Kazakh and Russian. Pure: no I/O.
import { lastDayInclusive, russianPlural, workingDaysText } from './document-words';

export type NoticePurpose =
  'extension_notice' | 'answer' | 'overdue_notice' | 'head_alert' | 'redirection_notice' | 'escalation_receipt';

export interface NoticeParams {
  incomingNumber: string;
  bodyNameKk: string;
  bodyNameRu: string;
  deadline?: string; // YYYY-MM-DD, the last day of the term
  workingDays?: number;
  reason?: string;
  explanation?: string;
  outcome?: string;
  reasoning?: string;
  decidedBy?: string;
  refusalGround?: string;
  /** R1: the competent body a complaint was forwarded to, and its number there. */
  toBodyNameKk?: string;
  toBodyNameRu?: string;
  newIncomingNumber?: string;
  /** Where a complainant who disagrees turns next: the quality-control body (R9), or court after it (R13). */
  nextStep?: 'quality_control' | 'court';
  /** R9: the quality-control body the complainant may appeal to, named with its address. */
  appealBodyNameKk?: string;
  appealBodyNameRu?: string;
  appealBodyAddress?: string;
  /** R9, R13: the last day to appeal an electronic answer (YYYY-MM-DD); a posted one names the months from its receipt. */
  appealDeadline?: string;
  appealMonthsFromReceipt?: number;
}

/** R9, R13: the complainant is told until when the answer can be appealed. */
function appealTerm(p: NoticeParams): { kk: string; ru: string } {
  if (p.appealDeadline) {
    return {
      kk: ` Шағымдану мерзімі — ${lastDayInclusive(p.appealDeadline, 'kk')}.`,
      ru: ` Обжаловать можно ${lastDayInclusive(p.appealDeadline, 'ru')}.`,
    };
  }
  const n = p.appealMonthsFromReceipt;
  if (!n) return { kk: '', ru: '' };
  const months = russianPlural(n, ['месяц', 'месяца', 'месяцев']);
  return {
    kk: ` Шағымдану мерзімі — осы жауапты алған күннен бастап ${n} ай.`,
    ru: ` Срок обжалования — ${n} ${months} со дня получения этого ответа.`,
  };
}

/** Ends a sentence once: "Досаев Е.А." stays as it is, "the registry" gets its full stop. */
function sentence(text: string | undefined): string {
  const t = (text ?? '').trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

const refusalGroundText: Record<string, { kk: string; ru: string }> = {
  anonymous: { kk: 'шағым беруші анықталмаған (жасырын шағым)', ru: 'заявитель не установлен (анонимная жалоба)' },
  no_essence_stated: { kk: 'шағымда мәні баяндалмаған', ru: 'в жалобе не изложена суть' },
  repeated_already_answered: {
    kk: 'сол мәселе бойынша жауап берілген қайталама шағым',
    ru: 'повторная жалоба по тому же вопросу, на который уже дан ответ',
  },
  outside_competence: {
    kk: 'шағымды қарау органның құзыретіне жатпайды',
    ru: 'рассмотрение жалобы не входит в компетенцию органа',
  },
};

/** R9: the quality-control body by its name and address, when the notice knows them. */
function appealBody(p: NoticeParams): { kk: string; ru: string } {
  if (!p.appealBodyNameRu || !p.appealBodyNameKk) return { kk: '', ru: '' };
  const where = p.appealBodyAddress ? ` (${p.appealBodyAddress})` : '';
  return { kk: ` — ${p.appealBodyNameKk}${where} —`, ru: ` — ${p.appealBodyNameRu}${where} —` };
}

const appealAdvice = {
  quality_control: {
    kk: (body: string) =>
      `Нәтижемен келіспеген жағдайда мемлекеттік қызмет көрсету сапасын бағалау және бақылау жөніндегі уәкілетті органға${body} немесе сотқа жүгінуге құқылысыз.`,
    ru: (body: string) =>
      `При несогласии с результатом вы вправе обратиться в уполномоченный орган по оценке и контролю за качеством оказания государственных услуг${body} или в суд.`,
  },
  court: {
    kk: () =>
      'Нәтижемен келіспеген жағдайда Қазақстан Республикасының заңнамасында белгіленген тәртіппен сотқа жүгінуге құқылысыз.',
    ru: () =>
      'При несогласии с результатом вы вправе обратиться в суд в порядке, установленном законодательством Республики Казахстан.',
  },
} as const;

const overdueAdvice = {
  quality_control: {
    kk: (body: string) =>
      `Сіз мемлекеттік қызмет көрсету сапасын бағалау және бақылау жөніндегі уәкілетті органға${body} шағымдана аласыз немесе сотқа жүгіне аласыз.`,
    ru: (body: string) =>
      `Вы можете обжаловать это в уполномоченный орган по оценке и контролю за качеством оказания государственных услуг${body} или обратиться в суд.`,
  },
  court: {
    kk: () => 'Сіз Қазақстан Республикасының заңнамасында белгіленген тәртіппен сотқа жүгіне аласыз.',
    ru: () => 'Вы можете обратиться в суд в порядке, установленном законодательством Республики Казахстан.',
  },
} as const;

const reasonText = {
  additional_study_or_inspection: {
    kk: 'қосымша зерделеу немесе тексеру, не жергілікті жерге барып тексеру қажет',
    ru: 'необходимо дополнительное изучение или проверка либо проверка с выездом на место',
  },
  additional_information: {
    kk: 'қосымша ақпарат алу қажет',
    ru: 'необходимо получение дополнительной информации',
  },
} as const;

/** The decision as a clause: "жалоба удовлетворена", but "в рассмотрении жалобы отказано". */
const outcomeText: Record<string, { kk: string; ru: string }> = {
  satisfied: { kk: 'шағым қанағаттандырылды', ru: 'жалоба удовлетворена' },
  partially_satisfied: { kk: 'шағым ішінара қанағаттандырылды', ru: 'жалоба удовлетворена частично' },
  rejected: { kk: 'шағым қанағаттандырусыз қалдырылды', ru: 'жалоба оставлена без удовлетворения' },
  refused_to_review: { kk: 'шағымды қараудан бас тартылды', ru: 'в рассмотрении жалобы отказано' },
};

export function noticeText(purpose: NoticePurpose, p: NoticeParams): { kk: string; ru: string } {
  const until = {
    kk: p.deadline ? lastDayInclusive(p.deadline, 'kk') : '',
    ru: p.deadline ? lastDayInclusive(p.deadline, 'ru') : '',
  };
  const days = {
    kk: workingDaysText(p.workingDays ?? 0, 'kk', 'dative'),
    ru: workingDaysText(p.workingDays ?? 0, 'ru'),
  };
  const body = appealBody(p);
  switch (purpose) {
    case 'extension_notice': {
      const reason = reasonText[p.reason as keyof typeof reasonText] ?? { kk: p.reason ?? '', ru: p.reason ?? '' };
      const more = p.explanation ? ` ${sentence(p.explanation)}` : '';
      return {
        kk: `№ ${p.incomingNumber} шағымды қарау мерзімі ${days.kk}, ${until.kk}, ұзартылды (${p.bodyNameKk}). Себебі: ${reason.kk}.${more}`,
        ru: `Срок рассмотрения жалобы № ${p.incomingNumber} продлён на ${days.ru}, ${until.ru} (${p.bodyNameRu}). Причина: ${reason.ru}.${more}`,
      };
    }
    case 'answer': {
      const outcome = outcomeText[p.outcome ?? ''] ?? { kk: p.outcome ?? '', ru: p.outcome ?? '' };
      const advice = appealAdvice[p.nextStep ?? 'quality_control'];
      const ground = p.refusalGround ? refusalGroundText[p.refusalGround] : undefined;
      const term = appealTerm(p);
      if (ground) {
        return {
          kk: `№ ${p.incomingNumber} шағым бойынша шешім (${p.bodyNameKk}): ${outcome.kk}. Негізі: ${ground.kk}. Негіздеме: ${sentence(p.reasoning)} Шешім қабылдаған: ${sentence(p.decidedBy)} ${advice.kk(body.kk)}${term.kk}`,
          ru: `Решение по жалобе № ${p.incomingNumber} (${p.bodyNameRu}): ${outcome.ru}. Основание: ${ground.ru}. Обоснование: ${sentence(p.reasoning)} Решение принял: ${sentence(p.decidedBy)} ${advice.ru(body.ru)}${term.ru}`,
        };
      }
      return {
        kk: `№ ${p.incomingNumber} шағым бойынша шешім (${p.bodyNameKk}): ${outcome.kk}. Негіздеме: ${sentence(p.reasoning)} Шешім қабылдаған: ${sentence(p.decidedBy)} ${advice.kk(body.kk)}${term.kk}`,
        ru: `Решение по жалобе № ${p.incomingNumber} (${p.bodyNameRu}): ${outcome.ru}. Обоснование: ${sentence(p.reasoning)} Решение принял: ${sentence(p.decidedBy)} ${advice.ru(body.ru)}${term.ru}`,
      };
    }
    case 'overdue_notice': {
      const advice = overdueAdvice[p.nextStep ?? 'quality_control'];
      return {
        kk: `№ ${p.incomingNumber} шағымды қарау мерзімі (${until.kk}) жауапсыз өтті (${p.bodyNameKk}). ${advice.kk(body.kk)}`,
        ru: `Срок рассмотрения жалобы № ${p.incomingNumber} (${until.ru}) истёк без ответа (${p.bodyNameRu}). ${advice.ru(body.ru)}`,
      };
    }
    case 'redirection_notice':
      return {
        kk: `№ ${p.incomingNumber} шағым (${p.bodyNameKk}) құзыреті бойынша мына органға жіберілді: ${p.toBodyNameKk}. Онда № ${p.newIncomingNumber} болып тіркелді; қарау мерзімі — ${until.kk}. Себебі: ${sentence(p.reason)}`,
        ru: `Жалоба № ${p.incomingNumber} (${p.bodyNameRu}) направлена по компетенции: ${p.toBodyNameRu}. Там она зарегистрирована под № ${p.newIncomingNumber}; срок рассмотрения — ${until.ru}. Причина: ${sentence(p.reason)}`,
      };
    // R3, R9: the appeal registered at the quality-control body (bodyName…): its number and term there.
    case 'escalation_receipt':
      return {
        kk: `№ ${p.incomingNumber} шағым бойынша шағымдануыңыз қарауға қабылданды: ${p.bodyNameKk}. № ${p.newIncomingNumber} болып тіркелді; қарау мерзімі — ${p.deadline} дейін.`,
        ru: `Обжалование по жалобе № ${p.incomingNumber} принято к рассмотрению: ${p.bodyNameRu}. Зарегистрировано под № ${p.newIncomingNumber}; срок рассмотрения — до ${p.deadline}.`,
      };
    case 'head_alert':
      return {
        kk: `№ ${p.incomingNumber} шағым бойынша қарау мерзімі (${until.kk}) шешімсіз өтті.`,
        ru: `По жалобе № ${p.incomingNumber} срок рассмотрения (${until.ru}) истёк без решения.`,
      };
  }
}
