// Who a token names, in the engine's terms: the role, the body and the person come from claims
// whose names are configuration (docs/DECISIONS.md "Signing in with the organisation's identity
// provider"). A person or system the claims do not place is refused, never guessed.
import type { Role } from '../../db/api-keys';
import type { Person } from '../../domain/actor';
import type { Principal } from '../auth';

export interface ClaimNames {
  role: string;
  body: string;
  position: string;
  name: string;
}

export const DEFAULT_CLAIM_NAMES: ClaimNames = {
  role: 'complaints_role',
  body: 'complaints_body',
  position: 'complaints_position',
  name: 'name',
};

/** People sign in to the pages; systems present client-credentials tokens to /v1. */
export const PERSON_ROLES = ['official', 'auditor', 'admin'] as const satisfies readonly Role[];
export const SYSTEM_ROLES = ['intake', 'portal'] as const satisfies readonly Role[];

/** Why a valid token still grants nothing: each has its own words on the refusal page. */
export type ClaimRefusal = 'no_role' | 'no_body' | 'unknown_body' | 'no_person';

export type Placement = { principal: Principal } | { refused: ClaimRefusal };

/** The id under which a token's subject acts: audit trails and rate limits key on it like a key's id. */
export const principalIdOf = (subject: string) => `oidc:${subject}`;

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** "Ерлан Асылбекович" → "Е.А." */
const initialsOf = (names: string) =>
  names
    .split(/\s+/u)
    .filter(Boolean)
    .map((n) => `${n[0]!.toLocaleUpperCase('ru')}.`)
    .join('');

/**
 * The person as decisions sign (domain/actor.ts): the surname from `family_name` and the initials
 * from `given_name` when the provider sends them (OpenID Connect's standard claims); otherwise the
 * configured name claim read as it is written in Kazakhstan's documents, surname first.
 */
export function personOf(claims: Record<string, unknown>, names: ClaimNames): Person | undefined {
  const position = text(claims[names.position]);
  const full = text(claims[names.name]);
  const family = text(claims.family_name);
  const given = text(claims.given_name) ?? (family && full ? text(full.replace(family, '')) : undefined);
  let surname = family;
  let initials = given ? initialsOf(given) : '';
  if (!surname && full) {
    const [first, ...rest] = full.split(/\s+/u);
    surname = first;
    initials = initialsOf(rest.join(' '));
  }
  if (!surname || !initials || !position) return undefined;
  return { surname, initials, position };
}

/**
 * The principal a token's claims make, for people (`kind: 'person'`) or systems. An official needs
 * a body that exists (`bodyExists`) and a person to sign with; other roles name no body.
 */
export function placeByClaims(
  claims: Record<string, unknown>,
  names: ClaimNames,
  kind: 'person' | 'system',
  bodyExists: (bodyId: string) => boolean,
): Placement {
  const subject = text(claims.sub);
  const role = text(claims[names.role]);
  const roles: readonly string[] = kind === 'person' ? PERSON_ROLES : [...SYSTEM_ROLES, ...PERSON_ROLES];
  if (!subject || !role || !roles.includes(role)) return { refused: 'no_role' };
  const label = text(claims[names.name]) ?? text(claims.azp) ?? null;
  const base = { id: principalIdOf(subject), role: role as Role, label };
  if (role !== 'official') return { principal: { ...base, bodyId: null, person: null } };
  const bodyId = text(claims[names.body]);
  if (!bodyId) return { refused: 'no_body' };
  if (!bodyExists(bodyId)) return { refused: 'unknown_body' };
  const person = personOf(claims, names);
  if (!person) return { refused: 'no_person' };
  return { principal: { ...base, bodyId, person } };
}
