// How a token's claims place a person or a system (api/oidc/claims.ts): the role, the body and the
// person who signs decisions, or the reason none is given.
import { DEFAULT_CLAIM_NAMES, personOf, placeByClaims, principalIdOf } from '../../api/oidc/claims';

const bodies = new Set(['con-almaty', 'akimat-almaty']);
const known = (id: string) => bodies.has(id);
const official = {
  sub: '3f1c2d9e-0000-4000-8000-000000000001',
  complaints_role: 'official',
  complaints_body: 'con-almaty',
  complaints_position: 'главный специалист',
  name: 'Ерлан Асылбекович Досаев',
  given_name: 'Ерлан Асылбекович',
  family_name: 'Досаев',
};

describe('placing a person by the ID token’s claims', () => {
  it('an official: their body, and the person who signs (surname and initials from the standard claims)', () => {
    expect(placeByClaims(official, DEFAULT_CLAIM_NAMES, 'person', known)).toEqual({
      principal: {
        id: principalIdOf(official.sub),
        role: 'official',
        bodyId: 'con-almaty',
        label: 'Ерлан Асылбекович Досаев',
        person: { surname: 'Досаев', initials: 'Е.А.', position: 'главный специалист' },
      },
    });
  });

  it('without family_name, the name claim is read surname first, as documents write it', () => {
    const { family_name: _f, given_name: _g, ...rest } = official;
    expect(personOf({ ...rest, name: 'Сейтказиева Айгуль Маратовна' }, DEFAULT_CLAIM_NAMES)).toEqual({
      surname: 'Сейтказиева',
      initials: 'А.М.',
      position: 'главный специалист',
    });
  });

  it('claim names come from configuration', () => {
    const names = { role: 'cce/role', body: 'org_unit', position: 'title', name: 'display_name' };
    const claims = {
      sub: 's',
      'cce/role': 'official',
      org_unit: 'akimat-almaty',
      title: 'руководитель отдела',
      display_name: 'Ким Ольга Викторовна',
    };
    const placed = placeByClaims(claims, names, 'person', known);
    expect('principal' in placed && placed.principal.bodyId).toBe('akimat-almaty');
    expect('principal' in placed && placed.principal.person?.surname).toBe('Ким');
  });

  it.each([
    ['no role', { complaints_role: undefined }, 'no_role'],
    ['a role of no person', { complaints_role: 'intake' }, 'no_role'],
    ['an unknown role', { complaints_role: 'superuser' }, 'no_role'],
    ['no body', { complaints_body: undefined }, 'no_body'],
    ['a body the register does not know', { complaints_body: 'nowhere' }, 'unknown_body'],
    ['no position to sign with', { complaints_position: undefined }, 'no_person'],
  ])('refuses %s', (_what, change, reason) => {
    expect(placeByClaims({ ...official, ...change }, DEFAULT_CLAIM_NAMES, 'person', known)).toEqual({
      refused: reason,
    });
  });

  it('auditors and administrators name no body', () => {
    const placed = placeByClaims(
      { sub: 'a', complaints_role: 'auditor', complaints_body: 'con-almaty', name: 'Ким Ольга' },
      DEFAULT_CLAIM_NAMES,
      'person',
      known,
    );
    expect(placed).toEqual({
      principal: { id: 'oidc:a', role: 'auditor', bodyId: null, label: 'Ким Ольга', person: null },
    });
  });

  it('systems may be intake or portal; a token without a subject places no one', () => {
    expect(
      placeByClaims({ sub: 'c', complaints_role: 'intake', azp: 'x' }, DEFAULT_CLAIM_NAMES, 'system', known),
    ).toEqual({ principal: { id: 'oidc:c', role: 'intake', bodyId: null, label: 'x', person: null } });
    expect(placeByClaims({ complaints_role: 'intake' }, DEFAULT_CLAIM_NAMES, 'system', known)).toEqual({
      refused: 'no_role',
    });
  });
});
