import { decisionSchema, individualSchema } from '../../domain/complaint';
import { scrubMessage } from '../../domain/log-scrub';
import { findTextProblem, printable, textProblem } from '../../domain/text-rules';

// The one text rule, its zod use and the log scrubber.
describe('the text rule', () => {
  it.each([
    ['\u0000', 'U+0000, a control character'],
    ['\u001b', 'U+001B, a control character'],
    ['\u007f', 'U+007F, a control character'],
    ['\u0085', 'U+0085, a control character'],
    ['\ud800', 'U+D800, a lone surrogate (not valid Unicode text)'],
    ['\udc00', 'U+DC00, a lone surrogate (not valid Unicode text)'],
    ['\u202e', 'U+202E, an invisible or text-direction character'],
    ['\u2067', 'U+2067, an invisible or text-direction character'],
    ['\u200b', 'U+200B, an invisible or text-direction character'],
    ['\ufeff', 'U+FEFF, an invisible or text-direction character'],
    ['\u3164', 'U+3164, an invisible or text-direction character'],
  ])('refuses hostile character %# and names it without quoting the text', (char, why) => {
    expect(textProblem(`Ахметов${char}а`, true)).toBe(`contains ${why}`);
  });

  it('takes Kazakh, Russian and a well-formed surrogate pair; line breaks only in free text', () => {
    expect(textProblem('Әлихан Бөкейхан, ұлы — «Қазақ» 😀', false)).toBeUndefined();
    expect(textProblem('first\nsecond\tthird\r\n', true)).toBeUndefined();
    expect(textProblem('first\nsecond', false)).toBe('contains U+000A: one line of text expected');
  });

  it('finds the first refused string anywhere in a value, keys included, with its path', () => {
    expect(findTextProblem({ a: { b: ['ok', 'x\u0000'] } })).toEqual({
      path: 'a.b.1',
      problem: 'contains U+0000, a control character',
    });
    expect(findTextProblem({ 'k\u202e': 1 })?.problem).toMatch(/U\+202E/);
    expect(findTextProblem({ a: 1, b: [true, null, 'fine'] })).toBeUndefined();
  });

  it('reports the first problem in field order, a name before its value, with the given path in front', () => {
    const value = { a: ['fine', { 'b\u200b': 'x\u0000' }], c: 'y\u0001' };
    expect(findTextProblem(value, ['body'])).toEqual({
      path: 'body.a.1',
      problem: 'contains U+200B, an invisible or text-direction character',
    });
    expect(findTextProblem({ a: { b: 'fine' }, c: { d: 'y\u0001' } })?.path).toBe('c.d');
  });

  it('walks nesting of any depth without exhausting the call stack', () => {
    let deep: unknown = ['x\u0000'];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findTextProblem(deep)?.path).toBe(`${'0.'.repeat(100_000)}0`);
    expect(findTextProblem(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)))).toBeUndefined();
  });

  it('strips what it refuses for printing, keeping line breaks', () => {
    expect(printable('Ахм\u202eвотем\u202c\u200b\nline\u0000')).toBe('Ахмвотем\nline');
  });

  it('is applied by the schemas: one line in names, several in reasoning', () => {
    const person = {
      kind: 'individual',
      surname: 'Ахметов',
      firstName: 'Ерлан',
      iin: '870412300159',
      postalAddress: 'Алматы',
    };
    expect(individualSchema.safeParse(person).success).toBe(true);
    const named = individualSchema.safeParse({ ...person, surname: 'Ахметов\u202e' });
    expect(named.success).toBe(false);
    expect(named.error!.issues[0]).toMatchObject({ path: ['surname'], params: { text: true } });
    expect(individualSchema.safeParse({ ...person, firstName: 'Ер\nлан' }).success).toBe(false);
    expect(decisionSchema.safeParse({ outcome: 'rejected', reasoning: 'First point.\nSecond point.' }).success).toBe(
      true,
    );
    expect(decisionSchema.safeParse({ outcome: 'rejected', reasoning: 'First point.\u0000 Second.' }).success).toBe(
      false,
    );
  });
});

describe('scrubMessage', () => {
  it('drops quoted values, JSON fragments and digit runs from error messages', () => {
    const raw =
      'invalid input syntax for type uuid: "870412300159" at JSON data, line 1: {"surname":"Ахметов","iin":"870412300159"} 870412300159';
    const scrubbed = scrubMessage(raw);
    expect(scrubbed).not.toMatch(/870412300159|Ахметов/);
    expect(scrubbed).toContain('invalid input syntax for type uuid');
  });
});
