import { answerPlaceText, answerRoute, filingPlaceText } from '../../domain/answer-place';
import { CHANNELS, formOf } from '../../domain/complaint-rules';

const body = { name: 'Акимат города Алматы', postalAddress: 'пл. Республики, 4' };

describe('where the answer goes (R3, R4, R8)', () => {
  it('an electronic complaint is answered in the personal cabinet, a posted one by post, one handed in at the office', () => {
    const routes = Object.fromEntries(CHANNELS.map((c) => [c, answerRoute(c, formOf(c))]));
    expect(routes).toEqual({
      post: 'post',
      provider_office: 'office',
      state_corporation_office: 'office',
      portal: 'personal_cabinet',
      electronic_document: 'personal_cabinet',
      video_conference: 'personal_cabinet',
      video_appeal: 'personal_cabinet',
    });
  });

  it('names the body and its address where the answer is sent or handed over, in each language', () => {
    for (const lang of ['en', 'kk', 'ru'] as const) {
      expect(answerPlaceText('post', body, lang)).toContain(body.postalAddress);
      expect(answerPlaceText('office', body, lang)).toContain(body.name);
      expect(answerPlaceText('personal_cabinet', body, lang)).toContain('egov.kz');
    }
    expect(answerPlaceText('office', body, 'ru')).toBe(
      'Акимат города Алматы, пл. Республики, 4: выдаётся в канцелярии или направляется по почте',
    );
  });

  it('words every channel in English, Kazakh and Russian (R2, R5)', () => {
    for (const channel of CHANNELS) {
      const text = filingPlaceText[channel];
      expect(new Set([text.en, text.kk, text.ru]).size).toBe(3);
    }
    expect(filingPlaceText.video_appeal.en).toMatch(/branch of the State Corporation/);
  });
});
