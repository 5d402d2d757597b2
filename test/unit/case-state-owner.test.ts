// The case owns its state: every change to a complaint case is a method of ComplaintCase
// (workflows/complaint-case.ts) named for what happened; the stages and the notices only wait and
// call them, and one section of the class says who sets `status`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const workflows = resolve(__dirname, '..', '..', 'workflows');
const OWNER = 'complaint-case.ts';
const BANNER = '// ---------------------------------------------------------------- what happens to the case';

/** Code without its comments, so a comment may say `s.overdue = true`. */
const withoutComments = (source: string) =>
  source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** A change to an object's property or element: `x.y = …`, `x[i] += …`, `x.y++`, `Object.assign(x, …)`, `stages.push(…)`. */
const CHANGE =
  /[\w$\])]\s*(?:\.[\w$]+|\[[^\]]*\])\s*(?:[-+*/%&|^]|\?\?|&&|\|\|)?=(?!=)|(?:\.[\w$]+|\])\s*(?:\+\+|--)|\bObject\.assign\(|\b(?:stages|extensions)\.(?:push|pop|shift|unshift|splice)\(/;
const STATUS_CHANGE = /\.status\s*=(?!=)/;

const code = (file: string) => withoutComments(readFileSync(join(workflows, file), 'utf8'));
const linesMatching = (source: string, pattern: RegExp) =>
  source
    .split('\n')
    .filter((line) => pattern.test(line))
    .map((line) => line.trim());

describe('the case owns its state', () => {
  const others = readdirSync(workflows).filter((f) => f.endsWith('.ts') && f !== OWNER);

  it('sees a change where there is one', () => {
    for (const change of [
      's.overdue = true;',
      'state.status = "closed"',
      'kase.recountRequested = false',
      's.extendedDays += 2',
      's.extendedDays -= 2',
      'record.noticeBreached ||= true',
      'state.stages[0] = stage',
      's.extensions.push(record)',
      'Object.assign(s, opened)',
      'kase.count++',
    ])
      expect([change, CHANGE.test(change)]).toEqual([change, true]);
    for (const reading of [
      'if (state.status === "decided") return;',
      's.deadline !== deadline',
      'remaining <= 0',
      'const { state } = kase;',
      'recount = kase.appealWindowRecountRequested && !receiptRecorded();',
      'this.sending.push(delivery);',
      'const x = a.b;',
    ])
      expect([reading, CHANGE.test(reading)]).toEqual([reading, false]);
    expect(others).toEqual(expect.arrayContaining(['case-stages.ts', 'notices.ts', 'complaint.ts']));
  });

  it('is changed nowhere in workflows/ but in ComplaintCase', () => {
    const changes = others.flatMap((file) => linesMatching(code(file), CHANGE).map((line) => `${file}: ${line}`));
    expect(changes).toEqual([]);
  });

  it('has its status set only in the section "what happens to the case"', () => {
    const source = readFileSync(join(workflows, OWNER), 'utf8');
    const at = source.indexOf(BANNER);
    expect(at).toBeGreaterThan(0);
    expect(linesMatching(withoutComments(source.slice(0, at)), STATUS_CHANGE)).toEqual([]);
    expect(linesMatching(withoutComments(source.slice(at)), STATUS_CHANGE).length).toBeGreaterThan(3);
  });
});
