/**
 * Who signs a complaint for the complainant (R6): a representative under a power of attorney, or
 * one by law, who needs none: a parent or a guardian for a person, the head for a legal entity.
 * An organisation signs only through a person, so a legal entity's complaint names who signed.
 *
 * Pure module: no I/O, no clock.
 */
import { z } from 'zod';
import { lineText } from './text';

const text = lineText;

/**
 * On what authority the representative signs. Absent is a power of attorney: the only kind a
 * client could send before representatives by law were accepted.
 */
export const REPRESENTATIVE_AUTHORITIES = ['power_of_attorney', 'parent', 'guardian', 'head_of_legal_entity'] as const;
export type RepresentativeAuthority = (typeof REPRESENTATIVE_AUTHORITIES)[number];

/** Representatives by law (R6): their authority is the law itself, shown by the document named as its basis. */
const BY_LAW: readonly RepresentativeAuthority[] = ['parent', 'guardian', 'head_of_legal_entity'];

/** The authority a representative signs on; a power of attorney when none is named. */
export function authorityOf(r: { authority?: RepresentativeAuthority }): RepresentativeAuthority {
  return r.authority ?? 'power_of_attorney';
}

/** The schema of a representative, given the IIN schema of ./complaint (one home for the IIN rule). */
export function representativeSchemaWith(iinSchema: z.ZodType<string>) {
  return z
    .strictObject({
      surname: text(100),
      firstName: text(100),
      patronymic: text(100).optional(),
      iin: iinSchema,
      authority: z.enum(REPRESENTATIVE_AUTHORITIES).optional(),
      powerOfAttorney: z
        .strictObject({
          number: text(100),
          issuedAt: z.iso.date('date must be YYYY-MM-DD'),
          validUntil: z.iso.date('date must be YYYY-MM-DD').optional(),
        })
        .optional(),
      legalBasis: text(500)
        .optional()
        .describe(
          'a representative by law: the document the authority rests on (birth certificate, the guardianship decision, the charter or the order appointing the head)',
        ),
      position: text(300).optional().describe("the signer's position in the legal entity (its head's is required)"),
    })
    .superRefine((r, ctx) => {
      const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
      const authority = authorityOf(r);
      const byLaw = BY_LAW.includes(authority);
      if (!byLaw && r.powerOfAttorney === undefined)
        issue(['powerOfAttorney'], 'required: a representative signs under a power of attorney or by law (authority)');
      if (byLaw && r.powerOfAttorney !== undefined)
        issue(['powerOfAttorney'], `must be absent: a ${authority} signs by law, without a power of attorney`);
      if (byLaw && r.legalBasis === undefined)
        issue(['legalBasis'], `required for a ${authority}: the document the authority rests on`);
      if (!byLaw && r.legalBasis !== undefined)
        issue(['legalBasis'], 'must be absent: the power of attorney is the basis');
      if (authority === 'head_of_legal_entity' && r.position === undefined)
        issue(['position'], "required for the head of a legal entity: the head's position");
      const poa = r.powerOfAttorney;
      if (poa?.validUntil !== undefined && poa.validUntil < poa.issuedAt)
        issue(['powerOfAttorney', 'validUntil'], 'validUntil is before issuedAt');
    });
}

export type Representative = z.infer<ReturnType<typeof representativeSchemaWith>>;

/**
 * R6, whole complaint: a parent or guardian represents a person, the head an organisation; a legal
 * entity's complaint names the person who signed it. Paths are relative to the complaint.
 */
export function representativeIssues(c: {
  complainant: { kind: 'individual' | 'legal_entity' };
  representative?: Representative;
}): { path: string[]; message: string }[] {
  const r = c.representative;
  if (r === undefined) {
    return c.complainant.kind === 'legal_entity'
      ? [
          {
            path: ['representative'],
            message:
              'required for a legal entity: the person who signed, its head (authority head_of_legal_entity) or a representative under a power of attorney',
          },
        ]
      : [];
  }
  const authority = authorityOf(r);
  if ((authority === 'parent' || authority === 'guardian') && c.complainant.kind !== 'individual')
    return [
      { path: ['representative', 'authority'], message: `a ${authority} represents a person, not a legal entity` },
    ];
  if (authority === 'head_of_legal_entity' && c.complainant.kind !== 'legal_entity')
    return [{ path: ['representative', 'authority'], message: 'the head of a legal entity represents a legal entity' }];
  return [];
}
