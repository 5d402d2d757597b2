// The case-action registry (domain/case-actions.ts): every declared action has its rule, its
// case method, its route and, for an official's form, its words in both languages. A new action
// missing one of the four files it needs fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { routes } from '../../api/contract';
import { TEXTS, PAGE_LANGUAGES } from '../../api/pages/texts';
import { VALUE_WORDS } from '../../api/pages/value-words';
import { CASE_ACTION_DECLARATIONS, PAGE_ACTIONS } from '../../domain/case-actions';
import { ACTION_RULES, CASE_ACTIONS } from '../../domain/case-rules';
import { REFUSAL_ANSWERS } from '../../domain/refusal-answers';

const caseSource = readFileSync(join(__dirname, '../../workflows/complaint-case.ts'), 'utf8');

describe.each(CASE_ACTIONS)('%s', (action) => {
  const declaration = CASE_ACTION_DECLARATIONS[action];

  it('is declared under its own name, with a rule and a case method of that name', () => {
    expect(declaration.name).toBe(action);
    expect(typeof ACTION_RULES[action]).toBe('function');
    expect(caseSource).toMatch(new RegExp(`\\n  (async )?${action}\\(`));
  });

  it('is a route whose operationId is its name, for the roles it declares', () => {
    const route = routes.find((r) => r.operationId === action);
    expect(route).toMatchObject({ method: 'post', path: `/v1/complaints/{id}/${declaration.path}` });
    expect(route?.roles).toEqual(declaration.roles);
    for (const kind of declaration.refusals) expect(REFUSAL_ANSWERS[kind]).toBeDefined();
  });

  it('has a form with words in Kazakh and Russian when it is an official’s', () => {
    expect(PAGE_ACTIONS.includes(action)).toBe(declaration.roles.includes('official'));
    for (const lang of PAGE_LANGUAGES) {
      const words = TEXTS[lang].forms[action];
      if (!declaration.form) {
        expect(words).toBeUndefined();
        continue;
      }
      expect(words?.title).toBeTruthy();
      for (const field of declaration.form) {
        expect([lang, field.name, words.labels[field.name]]).toEqual([lang, field.name, expect.any(String)]);
        if (field.kind !== 'select' || field.options === 'bodies') continue;
        for (const option of field.options)
          expect([lang, option, words.options?.[option] ?? VALUE_WORDS[lang][option]]).toEqual([
            lang,
            option,
            expect.any(String),
          ]);
      }
    }
  });
});

it('answers every refusal kind with a status, a code and its meaning', () => {
  for (const answer of Object.values(REFUSAL_ANSWERS)) {
    expect([409, 422]).toContain(answer.status);
    expect(answer.code).toMatch(/^[a-z_]+$/);
    expect(answer.meaning.length).toBeGreaterThan(10);
  }
});
