import request from 'supertest';
import type { ApiStack } from './api-stack';

/**
 * Who makes a request: a role's key from the stack (`intake`, `auditor`, `admin`,
 * `official:<bodyId>`, or any key name added to `stack.keys`), the portal acting for one
 * complainant, no key at all, or a key that does not exist.
 */
export type Caller = string | { portal: string } | 'none' | 'bad';

export function headersFor(stack: ApiStack, who: Caller): Record<string, string> {
  if (who === 'none') return {};
  if (who === 'bad') return { Authorization: 'Bearer cce_intake_this-key-was-never-issued' };
  if (typeof who === 'object') return { Authorization: `Bearer ${stack.keys.portal}`, 'X-Complainant-Id': who.portal };
  const key = stack.keys[who];
  if (!key) throw new Error(`the stack has no key ${who}`);
  return { Authorization: `Bearer ${key}` };
}

/** supertest against the stack's app, as a caller. */
export function apiAs(stack: ApiStack) {
  return {
    get: (path: string, who: Caller) => request(stack.app).get(path).set(headersFor(stack, who)),
    post: (path: string, who: Caller, body?: object) =>
      request(stack.app)
        .post(path)
        .set(headersFor(stack, who))
        .send(body ?? {}),
    put: (path: string, who: Caller, body?: object) =>
      request(stack.app)
        .put(path)
        .set(headersFor(stack, who))
        .send(body ?? {}),
  };
}

/** Polls until `probe` returns a value other than undefined (workflow effects land asynchronously). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
