import type { z } from 'zod';
import { fromZodError } from './errors';

/** zod at the edge: a request part that does not match is a 400 (or 422 for bad content in a body). */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw fromZodError(parsed.error, 'body');
  return parsed.data;
}

export function parseQuery<T>(schema: z.ZodType<T>, query: unknown): T {
  const parsed = schema.safeParse(query ?? {});
  if (!parsed.success) throw fromZodError(parsed.error, 'query');
  return parsed.data;
}

export function parseParams<T>(schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params ?? {});
  if (!parsed.success) throw fromZodError(parsed.error, 'params');
  return parsed.data;
}
