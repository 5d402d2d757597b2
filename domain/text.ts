/**
 * The one text schema of every request body: every text field is held to
 * ./text-rules (no NUL, lone surrogate, control, invisible or text-direction character), so such
 * a value is a 400 with its field path and never reaches the register or a printed document.
 */
import { z } from 'zod';
import { textProblem } from './text-rules';

function checked(schema: z.ZodString, multiline: boolean): z.ZodString {
  return schema.superRefine((s, ctx) => {
    const problem = textProblem(s, multiline);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { text: true } });
  });
}

/** A name, number, address or title: one line, trimmed, non-empty, at most `max` characters. */
export const lineText = (max: number) => checked(z.string().trim().min(1, 'must not be empty').max(max), false);

/** Free text (reasons, demands, reasoning, notes): line breaks and tabs allowed. */
export const multilineText = (max: number, min = 1) =>
  checked(
    z
      .string()
      .trim()
      .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
      .max(max),
    true,
  );

/** A string held to the same rules before its own pattern (initials, surname and initials). */
export const safeString = () => checked(z.string(), false);
