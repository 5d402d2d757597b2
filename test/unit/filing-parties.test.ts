// What a filing carries (R3, R6, R8; Law on Languages art. 11): the day a paper complaint
// arrived, representatives by law, the language of the complaint.
import { officialCalendar } from '../../db/seeds/calendar-days';
import { arrivalProblem } from '../../domain/arrival-day';
import { createWorkingCalendar, previousWorkingDay, registrationDate } from '../../domain/calendar';
import { complaintInputSchema, powerOfAttorneyIssues, type ComplaintInput } from '../../domain/complaint';

const cal = createWorkingCalendar(officialCalendar);
const IIN = '870412300159';
const REP_IIN = '870412300005';
const BIN = '940140000385';

const person = { kind: 'individual', surname: 'Ахметов', firstName: 'Ерлан', iin: IIN, postalAddress: 'Алматы, 1' };
const entity = { kind: 'legal_entity', name: 'ТОО «Дала»', bin: BIN, postalAddress: 'Алматы, пр. Абая, 1' };
const signer = { surname: 'Ким', firstName: 'Ольга', iin: REP_IIN };
const byPost = (over: object = {}) => ({
  channel: 'post',
  complainant: person,
  signature: { signedBy: 'complainant', method: 'handwritten' },
  respondent: { bodyId: 'con-almaty' },
  reasons: 'The certificate was not issued within the term.',
  demands: 'Issue the certificate.',
  addressedTo: 'con-almaty',
  ...over,
});
const byRepresentative = (complainant: object, representative: object) =>
  byPost({ complainant, representative, signature: { signedBy: 'representative', method: 'handwritten' } });

function issuePaths(input: unknown): string[] {
  const result = complaintInputSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => i.path.join('.'));
}

describe('the arrival day of a paper complaint (R3, R8)', () => {
  const at = '2026-12-04T15:00:00+05:00'; // a Friday

  it('is stated only for a paper complaint: an electronic one arrives when filed', () => {
    expect(complaintInputSchema.parse(byPost({ receivedAt: at })).receivedAt).toBe(at);
    const office = byPost({ channel: 'state_corporation_office', receivedBy: 'Сапарова Д.К.', receivedAt: at });
    expect(complaintInputSchema.safeParse(office).success).toBe(true);
    const portal = byPost({
      channel: 'portal',
      signature: { signedBy: 'complainant', method: 'digital', reference: 'EDS-1' },
      receivedAt: at,
    });
    expect(issuePaths(portal)).toEqual(['receivedAt']);
    expect(issuePaths(byPost({ receivedAt: '2026-12-04' }))).toEqual(['receivedAt']);
  });

  it('is not in the future and not before the previous working day', () => {
    const mondayMorning = new Date('2026-12-07T10:00:00+05:00');
    expect(previousWorkingDay('2026-12-07', cal)).toBe('2026-12-04');
    expect(arrivalProblem(new Date(at), mondayMorning, cal)).toBeUndefined();
    expect(arrivalProblem(new Date('2026-12-05T11:00:00+05:00'), mondayMorning, cal)).toBeUndefined(); // Saturday
    expect(arrivalProblem(new Date('2026-12-03T17:59:00+05:00'), mondayMorning, cal)).toMatch(/2026-12-04/);
    expect(arrivalProblem(new Date('2026-12-07T10:00:01+05:00'), mondayMorning, cal)).toMatch(/future/);
    // A Saturday arrival is registered on Monday; Friday's on Friday (R8: the term counts from it).
    expect(registrationDate(new Date('2026-12-05T11:00:00+05:00'), cal)).toBe('2026-12-07');
    expect(registrationDate(new Date(at), cal)).toBe('2026-12-04');
  });

  it('the power of attorney is checked against the arrival day', () => {
    const poa = byRepresentative(person, { ...signer, powerOfAttorney: { number: '1', issuedAt: '2026-12-07' } });
    const c = complaintInputSchema.parse({ ...poa, receivedAt: at }) as ComplaintInput;
    expect(powerOfAttorneyIssues(c, '2026-12-04').map((i) => i.path.join('.'))).toEqual([
      'representative.powerOfAttorney.issuedAt',
    ]);
  });
});

describe('representatives by law (R6)', () => {
  const basis = 'Свидетельство о рождении № 123456 от 01.02.2015';

  it('a parent or guardian signs for a person without a power of attorney, naming the legal basis', () => {
    const parent = byRepresentative(person, { ...signer, authority: 'parent', legalBasis: basis });
    expect(complaintInputSchema.parse(parent).representative).toMatchObject({ authority: 'parent', legalBasis: basis });
    const guardian = { ...signer, authority: 'guardian', legalBasis: 'Постановление акимата № 7 от 03.03.2026' };
    expect(complaintInputSchema.safeParse(byRepresentative(person, guardian)).success).toBe(true);
    expect(issuePaths(byRepresentative(person, { ...signer, authority: 'parent' }))).toEqual([
      'representative.legalBasis',
    ]);
    const both = {
      ...signer,
      authority: 'parent',
      legalBasis: basis,
      powerOfAttorney: { number: '1', issuedAt: '2026-01-10' },
    };
    expect(issuePaths(byRepresentative(person, both))).toEqual(['representative.powerOfAttorney']);
    expect(issuePaths(byRepresentative(entity, { ...signer, authority: 'parent', legalBasis: basis }))).toEqual([
      'representative.authority',
    ]);
  });

  it("a legal entity's head signs by law with the position and basis; a person has no head", () => {
    const head = { ...signer, authority: 'head_of_legal_entity', position: 'Директор', legalBasis: 'Устав ТОО «Дала»' };
    const parsed = complaintInputSchema.parse(byRepresentative(entity, head));
    expect(parsed.representative).toMatchObject({ authority: 'head_of_legal_entity', position: 'Директор' });
    const { position: _position, ...noPosition } = head;
    expect(issuePaths(byRepresentative(entity, noPosition))).toEqual(['representative.position']);
    expect(issuePaths(byRepresentative(person, head))).toEqual(['representative.authority']);
  });

  it("a legal entity's complaint records who signed it", () => {
    expect(issuePaths(byPost({ complainant: entity }))).toEqual(['representative']);
    const underPoa = { ...signer, position: 'Юрист', powerOfAttorney: { number: '17', issuedAt: '2026-01-15' } };
    expect(complaintInputSchema.safeParse(byRepresentative(entity, underPoa)).success).toBe(true);
  });

  it('a representative without an authority signs under a power of attorney, as before', () => {
    expect(issuePaths(byRepresentative(person, signer))).toEqual(['representative.powerOfAttorney']);
    expect(
      issuePaths(
        byRepresentative(person, {
          ...signer,
          legalBasis: basis,
          powerOfAttorney: { number: '1', issuedAt: '2026-01-10' },
        }),
      ),
    ).toEqual(['representative.legalBasis']);
  });
});

describe('the language of the complaint', () => {
  it('is kk or ru, and may be left out', () => {
    expect(complaintInputSchema.parse(byPost({ language: 'kk' })).language).toBe('kk');
    expect(complaintInputSchema.parse(byPost()).language).toBeUndefined();
    expect(issuePaths(byPost({ language: 'en' }))).toEqual(['language']);
  });
});
