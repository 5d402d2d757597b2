// R8, R9, R13: the day the appeal window runs from is the day the complainant received the answer.
import type { ReviewStage } from './case';
import { POSTAL_ALLOWANCE_DAYS } from './complaint-rules';

export interface AnswerReceipt {
  /** The instant the window runs from. */
  from: string;
  /** `delivered`: handed over or electronic; `received`: the post room recorded the letters' receipt; `presumed`: posted only. */
  basis: 'delivered' | 'received' | 'presumed';
}

const latest = (instants: string[]) => instants.sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1)!;

/**
 * The receipt of an answer already delivered (`deliveredAt`, domain/case-rules.ts answerDeliveredAt):
 * a hand-over or an electronic answer is received when delivered; a posted answer when the post
 * room records that its last letter arrived, and until then it is presumed received
 * POSTAL_ALLOWANCE_DAYS calendar days after the last letter was posted.
 */
export function answerReceipt(
  form: 'paper' | 'electronic',
  s: ReviewStage,
  deliveredAt: string,
  postedLetters: ReadonlyMap<string, string>,
  deliveredLetters: ReadonlyMap<string, string>,
): AnswerReceipt {
  const letters = s.answerLetters ?? [];
  if (s.answerHandOver || form === 'electronic' || letters.length === 0)
    return { from: deliveredAt, basis: 'delivered' };
  if (letters.every((key) => deliveredLetters.has(key))) {
    return { from: latest(letters.map((key) => deliveredLetters.get(key)!)), basis: 'received' };
  }
  const posted = Date.parse(latest(letters.map((key) => postedLetters.get(key) ?? deliveredAt)));
  return { from: new Date(posted + POSTAL_ALLOWANCE_DAYS * 86_400_000).toISOString(), basis: 'presumed' };
}
