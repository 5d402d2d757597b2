// Who acted on a case is recorded with the acting API key's id and, for an official, the person
// (domain/actor.ts). Key ids are for audit: a complainant, an intake system or another body sees
// the person (name and position) and the role, never another key's id, which would tell it how
// the body's access is issued and let it follow one key across cases and bodies.
import type { Principal } from './auth';

const isActor = (node: object): node is { keyId: string; role: string } =>
  typeof (node as { keyId?: unknown }).keyId === 'string' && typeof (node as { role?: unknown }).role === 'string';

/**
 * The answer as `reader` may see it: every actor ({keyId, role, person}) anywhere in it keeps its
 * key id only for an auditor or when it is the reader's own key.
 */
export function withKeyIdsFor<T>(reader: Principal, answer: T): T {
  if (reader.role === 'auditor') return answer;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object' || node instanceof Date) return node;
    const entries = Object.entries(node).map(([key, value]) => [key, walk(value)] as const);
    const shown = Object.fromEntries(entries);
    if (isActor(node) && node.keyId !== reader.id) delete shown.keyId;
    return shown;
  };
  return walk(answer) as T;
}
