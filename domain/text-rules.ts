// Which text the register stores and documents print, without zod: the workflow's
// validators use it too. Refused: what PostgreSQL cannot store (NUL, lone surrogates), control
// characters, and the invisible and bidirectional format characters (U+202A–U+202E,
// U+2066–U+2069, U+200B–U+200F, U+FEFF, …) that would let a name print as another.

/** C0 and C1 controls other than tab, line feed and carriage return; DEL. */
// eslint-disable-next-line no-control-regex -- matching control characters is this rule's purpose
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const LINE_BREAK_OR_TAB = /[\t\n\r]/u;
/** Lone surrogates: well-formed UTF-16 never has them, PostgreSQL cannot store them. */
const LONE_SURROGATE = /\p{Cs}/u;
/** Format characters (bidi overrides and isolates, zero-width, BOM, soft hyphen, tags), line and
 *  paragraph separators, and the blank Hangul fillers used as invisible letters. */
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0]/u;

const codePoint = (s: string, re: RegExp) => {
  const found = re.exec(s)?.[0] ?? '';
  return `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
};

/** Why this text is refused, or undefined when it is fine. The value itself is never quoted. */
export function textProblem(s: string, multiline: boolean): string | undefined {
  if (LONE_SURROGATE.test(s))
    return `contains ${codePoint(s, LONE_SURROGATE)}, a lone surrogate (not valid Unicode text)`;
  if (CONTROL.test(s)) return `contains ${codePoint(s, CONTROL)}, a control character`;
  if (!multiline && LINE_BREAK_OR_TAB.test(s))
    return `contains ${codePoint(s, LINE_BREAK_OR_TAB)}: one line of text expected`;
  if (INVISIBLE.test(s)) return `contains ${codePoint(s, INVISIBLE)}, an invisible or text-direction character`;
  return undefined;
}

/** A value still to look at: the field it sits in (none for a field's name) and its object. */
interface Pending {
  value: unknown;
  key?: string;
  parent?: Pending;
}

const pathOf = (p: Pending | undefined): string[] => {
  const keys: string[] = [];
  for (let at = p; at; at = at.parent) if (at.key !== undefined) keys.push(at.key);
  return keys.reverse();
};

/**
 * The first string anywhere in a value (an update's argument, a complaint) that is refused, with its
 * path: each field's name before its value, fields in order. Walked with a list of its own rather
 * than by recursion, so no nesting, however deep, can exhaust the call stack.
 */
export function findTextProblem(value: unknown, path: string[] = []): { path: string; problem: string } | undefined {
  const root: Pending = { value };
  const stack: Pending[] = [root];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value: v } = next;
    if (typeof v === 'string') {
      const problem = textProblem(v, true);
      if (problem) return { path: [...path, ...pathOf(next)].join('.'), problem };
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i];
        // The name is checked at its object's path, as a value would be; then the value, at its own.
        stack.push({ value: item, key, parent: next }, { value: key, parent: next });
      }
    }
  }
  return undefined;
}

const UNPRINTABLE = new RegExp(`${CONTROL.source}|${LONE_SURROGATE.source}|${INVISIBLE.source}`, 'gu');

/** Removes what textProblem refuses, for documents printed from records written before the rule. */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, '');
}
