// Form fields as the pages take them: a form names its fields (`recipient.role`), and a name is
// never allowed to reach an object's prototype. Every form body is rebuilt without a prototype
// and any name with a `__proto__`, `constructor` or `prototype` segment is refused before a
// handler sees it: written through, such a name changes every object of the process (a
// prom-client label on Object.prototype stopped the API, the worker and the codec at once).
import type { RequestHandler } from 'express';
import { ApiError } from '../errors';

const PROTOTYPE_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/** A name that could reach a prototype when taken as a path (`a.__proto__`, `constructor.prototype.x`). */
export const reachesPrototype = (name: string): boolean => name.split('.').some((s) => PROTOTYPE_SEGMENTS.has(s));

/** An object without a prototype: `obj[name]` only ever reads or writes the object's own fields. */
const bare = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/**
 * After the urlencoded parser: the body as an object without a prototype, or 400
 * `forbidden_field_name` (a page in the reader's language) when a field's name could reach one.
 */
export const formFields: RequestHandler = (req, _res, next) => {
  const parsed: unknown = req.body;
  if (!parsed || typeof parsed !== 'object') return next();
  const fields = bare<unknown>();
  for (const [name, value] of Object.entries(parsed)) {
    if (reachesPrototype(name))
      throw new ApiError(400, 'forbidden_field_name', 'the form has a field name that is not accepted', [
        { path: 'body', message: 'field names may not use __proto__, constructor or prototype' },
      ]);
    fields[name] = value;
  }
  req.body = fields;
  next();
};

/**
 * Form fields as the JSON body the API takes: no token, no empty fields, numbers as numbers, and
 * `recipient.role` as `{ recipient: { role } }`. Built without prototypes and refusing the same
 * names as `formFields`, so it is safe whoever calls it.
 */
export function jsonBodyOf(form: Record<string, unknown>): Record<string, unknown> {
  const body = bare<unknown>();
  for (const [name, value] of Object.entries(form)) {
    if (name === '_csrf' || value === '') continue;
    if (reachesPrototype(name))
      throw new ApiError(400, 'forbidden_field_name', 'the form has a field name that is not accepted');
    const [outer, inner] = name.split('.', 2);
    if (inner !== undefined) {
      const existing = Object.hasOwn(body, outer) ? body[outer] : undefined;
      const nested = existing && typeof existing === 'object' ? (existing as Record<string, unknown>) : bare();
      nested[inner] = value;
      body[outer] = nested;
    } else body[name] = name === 'workingDays' && /^\d{1,3}$/.test(String(value)) ? Number(value) : value;
  }
  return body;
}

/** The form's own fields as sent (not the token), to fill the form again when the action is refused. */
export function typedFields(form: Record<string, unknown>): Record<string, string> {
  const typed = bare<string>();
  for (const [name, value] of Object.entries(form))
    if (name !== '_csrf' && typeof value === 'string' && !reachesPrototype(name)) typed[name] = value;
  return typed;
}
