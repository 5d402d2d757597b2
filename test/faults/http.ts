// The suite's HTTP client: a filing is retried with the SAME Idempotency-Key until it answers 201
// (or its deadline passes), as a careful intake system would; every answer is kept for the checks.
// Nothing here prints a request or response body: complaints carry personal data.
import { createHash } from 'node:crypto';
import type { ComplaintInput } from '../../domain/complaint';
import { officeComplaint, portalComplaint } from '../support/complaints';
import { sleep } from './processes';
import type { BodyId, Caller, FaultStack } from './stack';

export interface Answer {
  /** HTTP status, or 0 when the request got no answer (connection refused/reset, attempt timed out). */
  status: number;
  code?: string;
  startedAt: number;
  endedAt: number;
}

export interface ApiCall<T> {
  ok: boolean;
  body?: T;
  answers: Answer[];
}

export interface Receipt {
  id: string;
  incomingNumber: string;
  bodyId: string;
  stage: number;
}

export interface Filing extends ApiCall<Receipt> {
  idempotencyKey: string;
  bodyId: BodyId;
  /** The complaint id the API derives from the intake key and the Idempotency-Key. */
  expectedId: string;
}

export interface RetryOptions {
  /** No new attempt starts after this instant (ms since epoch). */
  until: number;
  /** One attempt's own limit: a request held longer is abandoned and retried. */
  attemptTimeoutMs?: number;
  /** Statuses that end the call as done besides the success status (e.g. 409 on a repeated decision). */
  alsoDone?: (answer: Answer, previous: Answer[]) => boolean;
}

async function once(url: string, init: RequestInit, timeoutMs: number): Promise<{ answer: Answer; json?: any }> {
  const startedAt = Date.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { answer: { status: res.status, code: json?.error?.code, startedAt, endedAt: Date.now() }, json };
  } catch (err) {
    const name = (err as Error)?.name;
    const code = name === 'TimeoutError' || name === 'AbortError' ? 'attempt_timeout' : 'no_answer';
    return { answer: { status: 0, code, startedAt, endedAt: Date.now() } };
  }
}

/** Retries on no answer, 5xx and 429 (with backoff); any other answer ends the call. */
export async function callUntilDone<T>(
  url: string,
  init: RequestInit,
  success: number,
  options: RetryOptions,
): Promise<ApiCall<T>> {
  const answers: Answer[] = [];
  let delay = 250;
  for (;;) {
    const { answer, json } = await once(url, init, options.attemptTimeoutMs ?? 120_000);
    const previous = answers.slice();
    answers.push(answer);
    if (answer.status === success) return { ok: true, body: json as T, answers };
    if (options.alsoDone?.(answer, previous)) return { ok: true, body: json as T, answers };
    const retryable = answer.status === 0 || answer.status === 429 || answer.status >= 500;
    if (!retryable || Date.now() + delay > options.until) return { ok: false, answers };
    await sleep(delay + Math.floor(Math.random() * 100));
    delay = Math.min(delay * 2, 4_000);
  }
}

/** The complaint id the API derives for (intake key id, Idempotency-Key): api/routes/complaints.ts complaintIdFor. */
export function derivedComplaintId(keyId: string, idempotencyKey: string): string {
  const h = createHash('sha256').update(`${keyId}\n${idempotencyKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A valid complaint to `bodyId`: on paper at the akimat's office, through the portal elsewhere. */
export function complaintFor(bodyId: BodyId): ComplaintInput {
  return bodyId === 'akimat-almaty' ? officeComplaint(bodyId) : portalComplaint(bodyId);
}

const auth = (caller: Caller) => ({ Authorization: `Bearer ${caller.key}` });

/** POST /v1/complaints, retried with the same Idempotency-Key until 201 or `until`. */
export async function fileComplaintOverHttp(
  stack: FaultStack,
  idempotencyKey: string,
  bodyId: BodyId,
  options: RetryOptions,
): Promise<Filing> {
  const call = await callUntilDone<Receipt>(
    `${stack.baseUrl}/v1/complaints`,
    {
      method: 'POST',
      headers: { ...auth(stack.intake), 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(complaintFor(bodyId)),
    },
    201,
    options,
  );
  const expectedId = call.body?.id ?? derivedComplaintId(stack.intake.id, idempotencyKey);
  return { ...call, idempotencyKey, bodyId, expectedId };
}

/** POST …/decision by the reviewing body's official; a 409 after an unanswered attempt means it was already decided. */
export function decideOverHttp(
  stack: FaultStack,
  complaintId: string,
  bodyId: BodyId,
  options: RetryOptions,
): Promise<ApiCall<unknown>> {
  return callUntilDone(
    `${stack.baseUrl}/v1/complaints/${complaintId}/decision`,
    {
      method: 'POST',
      headers: { ...auth(stack.officials[bodyId]), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        outcome: 'partially_satisfied',
        reasoning: 'Reviewed under the fault suite: the demand is partly met.',
      }), // signed by the key's person
    },
    200,
    {
      ...options,
      alsoDone: (answer, previous) =>
        answer.status === 409 && answer.code === 'transition_not_allowed' && previous.length > 0,
    },
  );
}

/** GET /v1/complaints/:id once (no retry): the answer and the case's status, if any. */
export async function readComplaint(
  stack: FaultStack,
  complaintId: string,
  caller: Caller = stack.auditor,
): Promise<{ answer: Answer; status?: string }> {
  const { answer, json } = await once(
    `${stack.baseUrl}/v1/complaints/${complaintId}`,
    { headers: auth(caller) },
    15_000,
  );
  return { answer, status: json?.status };
}

/** Runs `jobs` with at most `concurrency` at a time, results in order. */
export async function pool<T, R>(
  items: T[],
  concurrency: number,
  job: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await job(items[i], i);
      }
    }),
  );
  return results;
}

/** "503 database_unavailable ×12, 0 no_answer ×1" */
export function summariseAnswers(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const k = `${a.status}${a.code ? ` ${a.code}` : ''}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return (
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ') || 'none'
  );
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
