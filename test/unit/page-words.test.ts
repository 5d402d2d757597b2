// The words pages print for register values and refusals: every timeline kind the code writes
// has a Kazakh and a Russian word, a value without one never shows as its key, and a refusal is
// told from its code in the reader's language, with the fields to correct.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { refusalText } from '../../api/pages/refusal-words';
import { roleWord, VALUE_WORDS, wordFor } from '../../api/pages/texts';
import { CASE_STATUSES } from '../../api/contract/queries';
import { ROLES } from '../../db/api-keys';

const repoRoot = resolve(__dirname, '..', '..');
const sources = (dir: string) =>
  readdirSync(join(repoRoot, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(repoRoot, dir, f), 'utf8'));

/** The timeline kinds written by the activities, the workflows and the post room, as quoted in their source (not the values compared). */
function timelineKinds(): string[] {
  const kinds = new Set<string>();
  for (const source of [
    ...sources('activities'),
    ...sources('workflows'),
    readFileSync(join(repoRoot, 'db/outbox.ts'), 'utf8'),
  ]) {
    for (const m of source.matchAll(/\bkind:\s*([^,\n]+)/g)) {
      for (const q of m[1].matchAll(/(?<!===\s*)'([a-z]+(?:_[a-z]+)*)'/g)) kinds.add(q[1]);
    }
  }
  return [...kinds];
}

const NOTICE_PURPOSES = ['extension_notice', 'answer', 'overdue_notice', 'head_alert', 'redirection_notice'];

describe('words for register values', () => {
  it('has a Kazakh and a Russian word for every timeline kind, status and notice', () => {
    const kinds = timelineKinds();
    expect(kinds).toEqual(expect.arrayContaining(['delivered', 'decided', 'letter_posted', 'notice_failed']));
    const values = [...kinds, ...CASE_STATUSES, ...NOTICE_PURPOSES.map((p) => `notice:${p}`)];
    for (const lang of ['kk', 'ru'] as const) {
      const missing = values.filter((v) => VALUE_WORDS[lang][v] === undefined);
      expect({ lang, missing }).toEqual({ lang, missing: [] });
    }
  });

  it('never shows a machine value as its key; a person’s text stays as it is', () => {
    expect(wordFor('ru', 'some_new_kind')).toBe('запись в деле');
    expect(wordFor('kk', 'notice:something_new')).toBe('істегі жазба');
    expect(wordFor('ru', 'Иванова А.Б.')).toBe('Иванова А.Б.');
    expect(wordFor('ru', 'rejected')).toBe('оставлена без удовлетворения');
    expect(wordFor('kk', 'withdrawn')).toBe('шағым кері алынды');
    expect(wordFor('ru', 'overdue')).toBe('срок рассмотрения нарушен');
  });

  it('names every role in words', () => {
    for (const role of ROLES) {
      for (const lang of ['kk', 'ru'] as const) expect(roleWord(lang, role)).not.toMatch(/[a-z]/);
    }
    expect(roleWord('ru', 'portal')).toBe('портал электронного правительства');
    expect(roleWord('kk', 'portal')).toBe('электрондық үкімет порталы');
    expect(roleWord('ru', 'intake')).toBe('система приёма');
  });
});

describe('refusals on pages', () => {
  const codes = [
    'validation_failed',
    'invalid_request',
    'unstorable_value',
    'transition_not_allowed',
    'stage_changed',
    'case_closed',
    'signatory_mismatch',
    'redirection_too_late',
    'invalid_redirection_target',
    'csrf_token_invalid',
    'rate_limited',
    'forbidden',
    'temporal_unavailable',
    'temporal_timeout',
    'database_unavailable',
    'internal_error',
    'a_code_added_later',
  ];

  it('tells every code in Kazakh and Russian, with no English and no requirement ids', () => {
    for (const code of codes) {
      for (const lang of ['kk', 'ru'] as const) {
        const text = refusalText(lang, { status: 409, code, details: [] });
        expect({ code, text }).toEqual({ code, text: expect.not.stringMatching(/[A-Za-z]|\bR\d/) });
      }
    }
  });

  it('names the fields to correct by their labels, and says not found as not found', () => {
    const details = [
      { path: 'body.refusalGround', message: 'a refusal to review names its ground' },
      { path: 'body.recipient.identityDocument', message: 'required' },
    ];
    expect(refusalText('ru', { status: 422, code: 'validation_failed', details })).toBe(
      'Форма заполнена неверно. Проверьте поля: Основание отказа в рассмотрении; Предъявленный документ (вид и номер).',
    );
    expect(refusalText('kk', { status: 404, code: 'complaint_not_found', details: [] })).toBe('Табылмады.');
    expect(refusalText('ru', { status: 409, code: 'transition_not_allowed', details: [] }, 'extend')).toContain(
      'не более чем на 10 рабочих дней',
    );
  });
});
