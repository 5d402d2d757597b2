import type { z } from 'zod';
import { findTextProblem } from '../domain/text-rules';
import { ApiError, fromZodError } from './errors';

/**
 * zod at the edge: a request part that does not match is a 400 (or 422 for bad content in a body).
 * Before the schema, every string of a body (values and keys, whatever the field) is held to the
 * shared text rule (domain/text-rules.ts): NUL, a lone surrogate, a control or an invisible
 * character is a 400 naming the field; the schemas add the one-line rule per field.
 */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const bad = findTextProblem(body ?? {});
  if (bad) {
    throw new ApiError(400, 'invalid_text', 'the request body holds text that is not accepted', [
      { path: ['body', bad.path].filter(Boolean).join('.'), message: bad.problem },
    ]);
  }
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw fromZodError(parsed.error, 'body');
  return parsed.data;
}

export function parseQuery<T>(schema: z.ZodType<T>, query: unknown): T {
  const parsed = schema.safeParse(query ?? {});
  if (!parsed.success) throw fromZodError(parsed.error, 'query');
  return parsed.data;
}
