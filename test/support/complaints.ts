import type { ComplaintInput } from '../../domain/complaint';

// Hand-checked identification numbers (test/unit/identification-number.test.ts).
export const IIN = '870412300159';
export const REPRESENTATIVE_IIN = '870412300005';
export const BIN = '940140000385';

/** A complaint filed through the portal (electronic form), addressed to `bodyId`. */
export function portalComplaint(bodyId = 'con-almaty', overrides: Partial<ComplaintInput> = {}): ComplaintInput {
  return {
    channel: 'portal',
    complainant: {
      kind: 'individual',
      surname: 'Ахметов',
      firstName: 'Ерлан',
      patronymic: 'Серикович',
      iin: IIN,
      postalAddress: 'г. Алматы, ул. Кенесары, 40, кв. 12',
      phone: '+77011234567',
      email: 'erlan@example.kz',
    },
    signature: { signedBy: 'complainant', method: 'digital', reference: 'EDS-2026-000123' },
    respondent: { bodyId },
    reasons: 'The certificate was not issued within the term set by the standard of the service.',
    demands: 'Issue the certificate.',
    addressedTo: bodyId,
    ...overrides,
  };
}

/** A complaint handed in on paper at the provider's office (paper form, R3 receiver named), signed by the entity's head. */
export function officeComplaint(bodyId = 'akimat-almaty', overrides: Partial<ComplaintInput> = {}): ComplaintInput {
  return {
    channel: 'provider_office',
    complainant: { kind: 'legal_entity', name: 'ТОО «Дала»', bin: BIN, postalAddress: 'г. Алматы, пр. Абая, 1' },
    // R6: an organisation signs through a person; here its head, by law (no power of attorney).
    representative: {
      surname: 'Ким',
      firstName: 'Ольга',
      iin: REPRESENTATIVE_IIN,
      authority: 'head_of_legal_entity',
      position: 'Директор',
      legalBasis: 'Устав ТОО «Дала», решение участника № 1 от 10.01.2024',
    },
    signature: { signedBy: 'representative', method: 'handwritten' },
    respondent: {
      bodyId,
      officialPosition: 'главный специалист',
      officialSurname: 'Иванова',
      officialInitials: 'А.Б.',
    },
    reasons: 'The licence application was refused without any reasons given.',
    demands: 'Review the application again.',
    addressedTo: bodyId,
    receivedBy: 'Сапарова Д.К.',
    ...overrides,
  };
}

/**
 * An appeal to the quality-control body (R7, R9): its reasons and demands, signed as its channel
 * requires (digitally through the portal, by hand on paper brought to the intake's office).
 */
export function anAppeal(signed: 'digital' | 'handwritten' = 'digital') {
  return {
    reasons: 'The answer ignores my arguments: the certificate was never offered to me.',
    demands: 'Review the answer and have the certificate issued.',
    signature:
      signed === 'digital'
        ? { signedBy: 'complainant' as const, method: 'digital' as const, reference: 'EDS-2026-000456' }
        : { signedBy: 'complainant' as const, method: 'handwritten' as const },
  };
}
