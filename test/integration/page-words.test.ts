// What people read: every page of a case's course, in Kazakh and in Russian, says it in words.
// Cases go through extension, decision, refusal, a letter posted, forwarding, withdrawal, appeal
// to the quality-control body, a repeat and a term counted without the year's calendar; then every
// page an official or the complainant opens is scanned for what is internal: event keys, role and
// body slugs, English, requirement ids, ISO dates. The repeat and the provisional term are shown
// on the case page and in the queue; a head's failed alert stays out of the complainant's cabinet.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { fileComplaint } from '../../api/complaint-client';
import { appendEvent } from '../../db/timeline';
import { apiAs, eventually } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { anAppeal, IIN, officeComplaint, portalComplaint } from '../support/complaints';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(async () => {
  await stack?.stop();
});

type Agent = ReturnType<typeof request.agent>;
const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

async function signedIn(key: string, complainantId?: string): Promise<Agent> {
  const agent = request.agent(stack.app);
  const form = await agent.get('/app/sign-in').expect(200);
  await agent
    .post('/app/sign-in')
    .type('form')
    .send({ _csrf: tokenIn(form.text), apiKey: key, ...(complainantId ? { complainantId } : {}) })
    .expect(303);
  return agent;
}

/** The text a reader sees: no tags, scripts, styles or attributes. */
function visibleText(page: string): string {
  return page
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z0-9#]+;/gi, ' ')
    .replace(/\s+/g, ' ');
}

const INTERNAL: Array<[string, RegExp]> = [
  ['an event key or code', /\b[a-z]+(?:_[a-z]+)+\b|\bnotice:/g],
  ['a role slug', /\b(?:portal|intake|official|auditor|admin)\b/g],
  ['a body slug', /\b(?:akimat-almaty|qcb-almaty|con-almaty|mlsp|gov4c)\b/g],
  ['a requirement id', /\bR\d{1,2}\b/g],
  ['an ISO date', /\b\d{4}-\d{2}-\d{2}\b/g],
  // Lower-case Latin words are English; egov.kz is the portal's address.
  ['English', /\b(?!egov\b)[a-z]{3,}\b/g],
];

/** Everything internal the page shows, by kind (empty when it reads as it should). */
function internalOn(page: string): Record<string, string[]> {
  const text = visibleText(page);
  const found: Record<string, string[]> = {};
  for (const [what, pattern] of INTERNAL) {
    const hits = [...new Set(text.match(pattern) ?? [])];
    if (hits.length > 0) found[what] = hits;
  }
  return found;
}

const ru = {
  reasons: 'Справка не выдана в срок, установленный стандартом услуги.',
  demands: 'Выдать справку.',
};

it('every page of a case’s course reads in Kazakh and Russian words, nothing internal (kk, ru)', async () => {
  const api = apiAs(stack);
  const file = async (body: object) => {
    const res = await api.post('/v1/complaints', 'intake', body);
    expect(res.status).toBe(201);
    return res.body as { id: string; incomingNumber: string };
  };
  const akimat = 'official:akimat-almaty';

  // Appealed: extended, answered "without satisfaction", appealed through the portal (R9).
  const appealed = await file(portalComplaint('akimat-almaty', ru));
  // The same complainant, body and demands again: a repeat (of a case the akimat still reviews,
  // so its official may open the earlier case).
  const benefit = { reasons: 'Пособие не назначено в срок.', demands: 'Назначить пособие.' };
  const repeated = await file(portalComplaint('akimat-almaty', benefit));
  const repeat = await file(portalComplaint('akimat-almaty', { ...benefit, demands: '  назначить   ПОСОБИЕ. ' }));
  // On paper: refused to review; the answer letter is posted.
  const paper = await file(officeComplaint('akimat-almaty', ru));
  // Forwarded to the competent body (R1).
  const forwarded = await file(portalComplaint('akimat-almaty', { ...ru, demands: 'Назначить пособие.' }));
  // Withdrawn by the complainant.
  const withdrawn = await file(portalComplaint('akimat-almaty', { ...ru, demands: 'Вернуть пошлину.' }));

  expect(
    (
      await api.post(`/v1/complaints/${appealed.id}/extension`, akimat, {
        reason: 'additional_information',
        workingDays: 2,
        explanation: 'Запрошены сведения из кадастра.',
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await api.post(`/v1/complaints/${appealed.id}/decision`, akimat, {
        outcome: 'rejected',
        reasoning: 'Справка выдана в срок; задержки не было.',
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await api.post(`/v1/complaints/${paper.id}/decision`, akimat, {
        outcome: 'refused_to_review',
        refusalGround: 'no_essence_stated',
        reasoning: 'В жалобе не указано, какое действие обжалуется.',
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await api.post(`/v1/complaints/${forwarded.id}/redirection`, akimat, {
        toBodyId: 'mlsp',
        reason: 'Пособия назначает министерство.',
      })
    ).status,
  ).toBe(200);
  expect((await api.post(`/v1/complaints/${withdrawn.id}/withdrawal`, { portal: IIN }, {})).status).toBe(200);

  const letter = await eventually(async () => {
    const outbox = await api.get('/v1/outbox?channel=post', 'admin');
    return outbox.body.items.find(
      (l: { complaintId: string; purpose: string }) => l.complaintId === paper.id && l.purpose === 'answer',
    );
  }, 'the paper answer letter');
  expect((await api.post(`/v1/outbox/${letter.id}/posted`, 'admin', { trackingNumber: 'RR123456785KZ' })).status).toBe(
    200,
  );
  await eventually(async () => {
    const c = await api.get(`/v1/complaints/${appealed.id}`, akimat);
    return c.body.status === 'decided' ? c : undefined;
  }, 'the appealed case decided');
  expect(
    (
      await api.post(
        `/v1/complaints/${appealed.id}/escalation`,
        { portal: IIN },
        {
          ...anAppeal(),
          reasons: 'Ответ не учитывает мои доводы.',
          demands: 'Пересмотреть ответ.',
        },
      )
    ).status,
  ).toBe(200);
  await eventually(async () => {
    const c = await api.get(`/v1/complaints/${appealed.id}`, 'official:qcb-almaty');
    return c.status === 200 && c.body.stage === 2 ? c : undefined;
  }, 'the appeal registered at the quality-control body');
  await eventually(async () => {
    const c = await api.get(`/v1/complaints/${forwarded.id}`, 'official:mlsp');
    return c.status === 200 && c.body.stage === 2 ? c : undefined;
  }, 'the forwarded case registered at the ministry');
  // The head of the akimat could not be alerted by e-mail: the body's matter, not the complainant's.
  await appendEvent(stack.db, {
    complaintId: appealed.id,
    stage: 1,
    key: 'failed:s1-overdue-head:email',
    kind: 'notice_failed',
    at: new Date(),
    data: { purpose: 'head_alert', channel: 'email', reason: 'mailbox unavailable' },
  });
  // A term counted in 2028, a year without the official calendar.
  const provisional = randomUUID();
  await fileComplaint(stack.client, {
    complaintId: provisional,
    complaint: portalComplaint('con-almaty', ru),
    receivedAt: new Date('2028-05-02T05:00:00Z'),
    appealWindowDays: 30,
    taskQueue: stack.taskQueue,
  });

  const readers: Array<[string, Agent, string[]]> = [
    [
      'akimat',
      await signedIn(stack.keys[akimat]),
      [
        '/app',
        '/app?status=',
        '/app/dashboard',
        `/app/cases/${repeat.id}`,
        `/app/cases/${paper.id}`,
        `/app/cases/${withdrawn.id}`,
        `/app/cases/${paper.id}/receipt`,
        `/app/cases/${repeat.id}/receipt`,
      ],
    ],
    [
      'qcb',
      await signedIn(stack.keys['official:qcb-almaty']),
      ['/app', `/app/cases/${appealed.id}`, `/app/cases/${appealed.id}/receipt`],
    ],
    [
      'mlsp',
      await signedIn(stack.keys['official:mlsp']),
      [`/app/cases/${forwarded.id}`, `/app/cases/${forwarded.id}/receipt`],
    ],
    ['con', await signedIn(stack.keys['official:con-almaty']), ['/app', `/app/cases/${provisional}`]],
    [
      'cabinet',
      await signedIn(stack.keys.portal, IIN),
      ['/cabinet', ...[appealed, repeat, forwarded, withdrawn].map((c) => `/cabinet/cases/${c.id}`)],
    ],
  ];
  const pages = new Map<string, string>();
  for (const [reader, agent, paths] of readers) {
    for (const lang of ['kk', 'ru']) {
      for (const path of paths) {
        const url = `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
        const res = await agent.get(url);
        expect({ url, status: res.status }).toEqual({ url, status: 200 });
        pages.set(`${reader} ${url}`, res.text);
      }
    }
  }
  const found = [...pages].map(([url, page]) => ({ url, internal: internalOn(page) }));
  expect(found.filter((f) => Object.keys(f.internal).length > 0)).toEqual([]);

  const page = (at: string) => visibleText(pages.get(at)!);
  // The repeat, on its page and in the queue, with the earlier case it repeats.
  expect(page(`akimat /app/cases/${repeat.id}?lang=ru`)).toContain(`Повторная жалоба`);
  expect(pages.get(`akimat /app/cases/${repeat.id}?lang=ru`)).toContain(`href="/app/cases/${repeated.id}"`);
  expect(page(`akimat /app/cases/${repeat.id}?lang=kk`)).toContain(`Қайталама шағым`);
  expect(pages.get('akimat /app?lang=ru')).toMatch(
    new RegExp(`${repeat.incomingNumber}</a>\\s*<span class="flag repeat">повторная</span>`),
  );
  expect(page('akimat /app?lang=kk')).toContain('қайталама');
  // The respondent by its name.
  expect(page(`akimat /app/cases/${repeat.id}?lang=ru`)).toMatch(/Обжалуется Акимат города Алматы/);
  // The term counted without the calendar, on the page and in the queue.
  expect(page(`con /app/cases/${provisional}?lang=ru`)).toContain(
    'без официального производственного календаря на 2028 год',
  );
  expect(page(`con /app/cases/${provisional}?lang=kk`)).toContain('2028 жылғы ресми өндірістік күнтізбесіз');
  expect(pages.get('con /app?lang=ru')).toContain('<span class="flag provisional">без календаря</span>');
  expect(page('con /app?lang=kk')).toContain('күнтізбесіз');
  expect(page('akimat /app?lang=ru')).not.toContain('без календаря');
  // The stage-2 receipt says how the appeal came; the forwarded one where it came from.
  expect(page(`qcb /app/cases/${appealed.id}/receipt?lang=ru`)).toContain(
    'жалоба на результат рассмотрения (обжалование) подана через портал «электронного правительства»',
  );
  expect(page(`qcb /app/cases/${appealed.id}/receipt?lang=kk`)).toContain(
    'шағымдану) «электрондық үкімет» порталы арқылы',
  );
  expect(page(`mlsp /app/cases/${forwarded.id}/receipt?lang=ru`)).toContain(
    'направлена по компетенции: Акимат города Алматы',
  );
  // The status words agree with the notices; who acted is named, not slugged.
  expect(page(`qcb /app/cases/${appealed.id}?lang=ru`)).toContain('оставлена без удовлетворения');
  expect(page(`qcb /app/cases/${appealed.id}?lang=ru`)).toContain('портал электронного правительства');
  expect(page(`akimat /app/cases/${paper.id}?lang=ru`)).toContain('письмо отправлено по почте');
  expect(page(`akimat /app/cases/${paper.id}?lang=ru`)).toContain('в рассмотрении отказано');
  expect(page(`cabinet /cabinet/cases/${withdrawn.id}?lang=kk`)).toContain('шағым кері алынды');
  expect(page(`cabinet /cabinet/cases/${withdrawn.id}?lang=ru`)).toContain('отозвана заявителем');
  expect(page(`cabinet /cabinet/cases/${forwarded.id}?lang=ru`)).toContain(
    'уведомление о направлении по компетенции отправлено',
  );
  // The answer's advice on appeal names the quality-control body and its address (R9).
  const answer = await stack.db
    .selectFrom('notifications')
    .select(['text_kk', 'text_ru'])
    .where('complaint_id', '=', appealed.id)
    .where('purpose', '=', 'answer')
    .executeTakeFirstOrThrow();
  expect(answer.text_ru).toContain(
    'оценке и контролю за качеством оказания государственных услуг — Департамент Комитета по контролю качества государственных услуг по городу Алматы (г. Алматы, пр. Абая, 33) — или в суд.',
  );
  expect(answer.text_kk).toContain('Алматы қаласы бойынша департаменті (г. Алматы, пр. Абая, 33) — немесе сотқа');
  expect(answer.text_ru).toContain('жалоба оставлена без удовлетворения');
  // The head's failed alert: on the official's page, not in the complainant's cabinet.
  expect(page(`qcb /app/cases/${appealed.id}?lang=ru`)).toContain('уведомление не доставлено');
  expect(page(`cabinet /cabinet/cases/${appealed.id}?lang=ru`)).not.toContain('уведомление не доставлено');
  // The place of the answer, in the reader's language.
  expect(page(`cabinet /cabinet/cases/${appealed.id}?lang=kk`)).toContain(
    '«электрондық үкімет» порталындағы (egov.kz) жеке кабинет',
  );
});

it('a refused form is told in the page’s language, naming the field to correct', async () => {
  const filed = await apiAs(stack).post('/v1/complaints', 'intake', officeComplaint('akimat-almaty', ru));
  const agent = await signedIn(stack.keys['official:akimat-almaty']);
  const open = await agent.get(`/app/cases/${filed.body.id}?lang=kk`).expect(200);
  const refused = await agent
    .post(`/app/cases/${filed.body.id}/actions/decide`)
    .type('form')
    .send({ _csrf: tokenIn(open.text), outcome: 'refused_to_review', reasoning: 'Жалобада мәні баяндалмаған.' });
  expect(refused.status).toBe(422);
  expect(visibleText(refused.text)).toContain(
    'Нысан қате толтырылған. Өрістерді тексеріңіз: Қараудан бас тарту негізі.',
  );
  expect(internalOn(refused.text)).toEqual({});
  const ruPage = await agent.get(`/app/cases/${filed.body.id}?lang=ru`).expect(200);
  const tooMany = await agent
    .post(`/app/cases/${filed.body.id}/actions/extend`)
    .type('form')
    .send({ _csrf: tokenIn(ruPage.text), reason: 'additional_information', workingDays: '10' })
    .expect(303);
  expect(tooMany.headers.location).toContain('done=extend');
  const again = await agent
    .post(`/app/cases/${filed.body.id}/actions/extend`)
    .type('form')
    .send({ _csrf: tokenIn(ruPage.text), reason: 'additional_information', workingDays: '1' });
  expect(again.status).toBe(409);
  expect(visibleText(again.text)).toContain('Срок нельзя продлить: его продлевают до окончания срока');
  expect(internalOn(again.text)).toEqual({});
});
