// What the complainant and the body's head are told, in Kazakh and Russian. Pure: no I/O.

export type NoticePurpose = 'extension_notice' | 'answer' | 'overdue_notice' | 'head_alert' | 'redirection_notice';

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
  /** R9, R13: the last day to appeal an electronic answer (YYYY-MM-DD); a posted one names the months from its receipt. */
  appealDeadline?: string;
  appealMonthsFromReceipt?: number;
}

/** R9, R13: the complainant is told until when the answer can be appealed. */
function appealTerm(p: NoticeParams): { kk: string; ru: string } {
  if (p.appealDeadline) {
    return {
      kk: ` Шағымдану мерзімі — ${p.appealDeadline} қоса алғанда.`,
      ru: ` Обжаловать можно по ${p.appealDeadline} включительно.`,
    };
  }
  const n = p.appealMonthsFromReceipt;
  if (!n) return { kk: '', ru: '' };
  const months =
    n % 10 === 1 && n % 100 !== 11
      ? 'месяц'
      : [2, 3, 4].includes(n % 10) && ![12, 13, 14].includes(n % 100)
        ? 'месяца'
        : 'месяцев';
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

const appealAdvice = {
  quality_control: {
    kk: 'Нәтижемен келіспеген жағдайда мемлекеттік қызмет көрсету сапасын бағалау және бақылау жөніндегі уәкілетті органға немесе сотқа жүгінуге құқылысыз.',
    ru: 'При несогласии с результатом вы вправе обратиться в уполномоченный орган по оценке и контролю за качеством оказания государственных услуг или в суд.',
  },
  court: {
    kk: 'Нәтижемен келіспеген жағдайда Қазақстан Республикасының заңнамасында белгіленген тәртіппен сотқа жүгінуге құқылысыз.',
    ru: 'При несогласии с результатом вы вправе обратиться в суд в порядке, установленном законодательством Республики Казахстан.',
  },
} as const;

const overdueAdvice = {
  quality_control: {
    kk: 'Сіз мемлекеттік қызмет көрсету сапасын бағалау және бақылау жөніндегі уәкілетті органға шағымдана аласыз немесе сотқа жүгіне аласыз.',
    ru: 'Вы можете обжаловать это в уполномоченный орган по оценке и контролю за качеством оказания государственных услуг или обратиться в суд.',
  },
  court: {
    kk: 'Сіз Қазақстан Республикасының заңнамасында белгіленген тәртіппен сотқа жүгіне аласыз.',
    ru: 'Вы можете обратиться в суд в порядке, установленном законодательством Республики Казахстан.',
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

const outcomeText: Record<string, { kk: string; ru: string }> = {
  satisfied: { kk: 'қанағаттандырылды', ru: 'удовлетворена' },
  partially_satisfied: { kk: 'ішінара қанағаттандырылды', ru: 'удовлетворена частично' },
  rejected: { kk: 'қанағаттандырусыз қалдырылды', ru: 'оставлена без удовлетворения' },
  refused_to_review: { kk: 'қараудан бас тартылды', ru: 'в рассмотрении отказано' },
};

export function noticeText(purpose: NoticePurpose, p: NoticeParams): { kk: string; ru: string } {
  switch (purpose) {
    case 'extension_notice': {
      const reason = reasonText[p.reason as keyof typeof reasonText] ?? { kk: p.reason ?? '', ru: p.reason ?? '' };
      const more = p.explanation ? ` ${sentence(p.explanation)}` : '';
      return {
        kk: `№ ${p.incomingNumber} шағымды қарау мерзімі ${p.workingDays} жұмыс күніне ${p.deadline} дейін ұзартылды (${p.bodyNameKk}). Себебі: ${reason.kk}.${more}`,
        ru: `Срок рассмотрения жалобы № ${p.incomingNumber} продлён на ${p.workingDays} рабочих дней, до ${p.deadline} (${p.bodyNameRu}). Причина: ${reason.ru}.${more}`,
      };
    }
    case 'answer': {
      const outcome = outcomeText[p.outcome ?? ''] ?? { kk: p.outcome ?? '', ru: p.outcome ?? '' };
      const advice = appealAdvice[p.nextStep ?? 'quality_control'];
      const ground = p.refusalGround ? refusalGroundText[p.refusalGround] : undefined;
      const term = appealTerm(p);
      if (ground) {
        return {
          kk: `№ ${p.incomingNumber} шағым бойынша шешім (${p.bodyNameKk}): шағым ${outcome.kk}. Негізі: ${ground.kk}. Негіздеме: ${sentence(p.reasoning)} Шешім қабылдаған: ${sentence(p.decidedBy)} ${advice.kk}${term.kk}`,
          ru: `Решение по жалобе № ${p.incomingNumber} (${p.bodyNameRu}): жалоба ${outcome.ru}. Основание: ${ground.ru}. Обоснование: ${sentence(p.reasoning)} Решение принял: ${sentence(p.decidedBy)} ${advice.ru}${term.ru}`,
        };
      }
      return {
        kk: `№ ${p.incomingNumber} шағым бойынша шешім (${p.bodyNameKk}): шағым ${outcome.kk}. Негіздеме: ${sentence(p.reasoning)} Шешім қабылдаған: ${sentence(p.decidedBy)} ${advice.kk}${term.kk}`,
        ru: `Решение по жалобе № ${p.incomingNumber} (${p.bodyNameRu}): жалоба ${outcome.ru}. Обоснование: ${sentence(p.reasoning)} Решение принял: ${sentence(p.decidedBy)} ${advice.ru}${term.ru}`,
      };
    }
    case 'overdue_notice': {
      const advice = overdueAdvice[p.nextStep ?? 'quality_control'];
      return {
        kk: `№ ${p.incomingNumber} шағымды қарау мерзімі (${p.deadline}) өтті (${p.bodyNameKk}). ${advice.kk}`,
        ru: `Срок рассмотрения жалобы № ${p.incomingNumber} (${p.deadline}) истёк (${p.bodyNameRu}). ${advice.ru}`,
      };
    }
    case 'redirection_notice':
      return {
        kk: `№ ${p.incomingNumber} шағым (${p.bodyNameKk}) құзыреті бойынша мына органға жіберілді: ${p.toBodyNameKk}. Онда № ${p.newIncomingNumber} болып тіркелді; қарау мерзімі — ${p.deadline} дейін. Себебі: ${sentence(p.reason)}`,
        ru: `Жалоба № ${p.incomingNumber} (${p.bodyNameRu}) направлена по компетенции: ${p.toBodyNameRu}. Там она зарегистрирована под № ${p.newIncomingNumber}; срок рассмотрения — до ${p.deadline}. Причина: ${sentence(p.reason)}`,
      };
    case 'head_alert':
      return {
        kk: `№ ${p.incomingNumber} шағым бойынша қарау мерзімі (${p.deadline}) шешімсіз өтті.`,
        ru: `По жалобе № ${p.incomingNumber} срок рассмотрения (${p.deadline}) истёк без решения.`,
      };
  }
}
