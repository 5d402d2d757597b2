import {
  assignmentSchema,
  bodySchema,
  canBodyExtend,
  complaintInputSchema,
  courtReferralSchema,
  decisionSchema,
  defaultReviewTermDays,
  escalationSchema,
  extensionSchema,
  formOf,
  mayExtend,
  OFFICE_CHANNELS,
  reviewTermDaysOf,
  powerOfAttorneyIssues,
  withdrawalSchema,
  type Channel,
} from '../../domain/complaint';
import { signatureMethodProblem } from '../../domain/complaint-rules';

// IIN 870412300159 and BIN 940140000385 are verified by hand in identification-number.test.ts.
const IIN = '870412300159';
const REP_IIN = '870412300005';
const BIN = '940140000385';

const individualPortal = () => ({
  channel: 'portal',
  complainant: {
    kind: 'individual',
    surname: 'Ахметов',
    firstName: 'Ерлан',
    patronymic: 'Серикович',
    iin: IIN,
    postalAddress: 'Астана, ул. Кенесары, 40, кв. 12',
    phone: '+77011234567',
    email: 'erlan@example.kz',
  },
  signature: { signedBy: 'complainant', method: 'digital', reference: 'EDS-2024-000123' },
  respondent: {
    bodyId: 'akimat-astana-almaty-district',
    officialPosition: 'главный специалист',
    officialSurname: 'Иванова',
    officialInitials: 'А.Б.',
  },
  reasons: 'The certificate was not issued within the term.',
  demands: 'Issue the certificate.',
  addressedTo: 'akimat-astana-almaty-district',
});

const legalEntityPost = () => ({
  channel: 'post',
  complainant: { kind: 'legal_entity', name: 'ТОО «Дала»', bin: BIN, postalAddress: 'Алматы, пр. Абая, 1' },
  representative: {
    surname: 'Ким',
    firstName: 'Ольга',
    iin: REP_IIN,
    powerOfAttorney: { number: '17/2024', issuedAt: '2024-01-15', validUntil: '2025-01-15' },
  },
  signature: { signedBy: 'representative', method: 'handwritten' },
  respondent: { bodyId: 'provider-1' },
  reasons: 'Licence application refused without reasons.',
  demands: 'Review the application again.',
  addressedTo: 'provider-1',
  attachments: [{ name: 'refusal.pdf', sha256: 'A'.repeat(64), size: 1024 }],
});

/** The paths ("a.b") of all issues, for exact assertions. */
function issuePaths(input: unknown, schema: { safeParse(v: unknown): any } = complaintInputSchema): string[] {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error.issues.map((i: { path: PropertyKey[] }) => i.path.join('.'));
}

describe('complaintInputSchema', () => {
  it('accepts a valid individual portal complaint', () => {
    const parsed = complaintInputSchema.parse(individualPortal());
    expect(parsed.complainant.kind).toBe('individual');
    expect(formOf(parsed.channel)).toBe('electronic');
  });

  it('accepts a valid legal-entity post complaint signed by a representative', () => {
    const parsed = complaintInputSchema.parse(legalEntityPost());
    expect(formOf(parsed.channel)).toBe('paper');
    expect(parsed.attachments?.[0].sha256).toBe('a'.repeat(64)); // normalised to lowercase
  });

  it('trims reasons and rejects blank ones', () => {
    expect(complaintInputSchema.parse({ ...individualPortal(), reasons: '  late  ' }).reasons).toBe('late');
    expect(issuePaths({ ...individualPortal(), reasons: '   ' })).toEqual(['reasons']);
    expect(issuePaths({ ...individualPortal(), demands: 'x'.repeat(5001) })).toEqual(['demands']);
  });

  it('rejects a bad IIN / BIN check digit with a clear message', () => {
    const c = individualPortal();
    c.complainant.iin = '870412300158';
    const r = complaintInputSchema.safeParse(c);
    expect(r.error?.issues).toEqual([
      expect.objectContaining({ path: ['complainant', 'iin'], message: 'IIN check digit is invalid' }),
    ]);

    const e = legalEntityPost();
    e.complainant.bin = '940140000386';
    const r2 = complaintInputSchema.safeParse(e);
    expect(r2.error?.issues).toEqual([
      expect.objectContaining({ path: ['complainant', 'bin'], message: 'BIN check digit is invalid' }),
    ]);
  });

  it('rejects an IIN that is not 12 digits with one issue only', () => {
    const c = individualPortal();
    c.complainant.iin = '12345';
    expect(complaintInputSchema.safeParse(c).error?.issues.map((i) => i.message)).toEqual([
      'IIN must be exactly 12 digits',
    ]);
  });

  it('rejects a bad phone and e-mail', () => {
    const c = individualPortal();
    c.complainant.phone = '87011234567';
    c.complainant.email = 'not-an-email';
    expect(issuePaths(c)).toEqual(['complainant.phone', 'complainant.email']);
  });

  it('rejects unknown keys at every level', () => {
    const top = complaintInputSchema.safeParse({ ...individualPortal(), priority: 'high' });
    expect(top.error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['priority'], path: [] }),
    ]);
    const nested = individualPortal() as any;
    nested.complainant.nickname = 'E';
    expect(complaintInputSchema.safeParse(nested).error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['nickname'], path: ['complainant'] }),
    ]);
  });

  describe('cross-field rules', () => {
    it('paper form needs a handwritten signature (R6)', () => {
      const c = legalEntityPost();
      c.signature = { signedBy: 'representative', method: 'digital', reference: 'EDS-1' } as any;
      expect(issuePaths(c)).toEqual(['signature.method']);
    });

    it('electronic form needs a digital signature (R6)', () => {
      const c = individualPortal();
      c.signature = { signedBy: 'complainant', method: 'handwritten' } as any;
      expect(issuePaths(c)).toEqual(['signature.method']);
    });

    it('a digital signature needs its EDS reference', () => {
      const c = individualPortal();
      delete (c.signature as any).reference;
      expect(issuePaths(c)).toEqual(['signature.reference']);
    });

    it('a representative signature needs a representative (R6)', () => {
      const c = legalEntityPost() as any;
      delete c.representative;
      expect(issuePaths(c)).toEqual(['representative']);
    });

    it('when a representative is given, the representative signs (R6)', () => {
      const c = legalEntityPost();
      c.signature.signedBy = 'complainant';
      expect(issuePaths(c)).toEqual(['signature.signedBy']);
    });

    it('a power of attorney cannot expire before it is issued', () => {
      const c = legalEntityPost();
      c.representative.powerOfAttorney.validUntil = '2023-12-31';
      expect(issuePaths(c)).toEqual(['representative.powerOfAttorney.validUntil']);
    });

    it.each(OFFICE_CHANNELS)('receivedBy is required for %s (R3)', (channel) => {
      const c = { ...legalEntityPost(), channel };
      expect(issuePaths(c)).toEqual(['receivedBy']);
      expect(complaintInputSchema.safeParse({ ...c, receivedBy: 'Ахметова А.Б.' }).success).toBe(true);
    });

    it.each(['post', 'portal', 'electronic_document', 'video_conference'] as Channel[])(
      'receivedBy must be absent for %s',
      (channel) => {
        const base = channel === 'post' ? legalEntityPost() : individualPortal();
        const video =
          channel === 'video_conference'
            ? { videoConference: { sessionReference: 'VC-1', scheduledAt: '2026-11-27T10:30:00+05:00' } }
            : {};
        expect(issuePaths({ ...base, ...video, channel, receivedBy: 'Ахметова А.Б.' })).toEqual(['receivedBy']);
      },
    );

    it('a video appeal names the branch employee who recorded it and the recording; no EDS needed (R3, R5)', () => {
      const c = {
        ...individualPortal(),
        channel: 'video_appeal',
        signature: { signedBy: 'complainant', method: 'video' },
      };
      expect(issuePaths(c)).toEqual(['videoAppeal', 'receivedBy']);
      expect(
        complaintInputSchema.safeParse({
          ...c,
          receivedBy: 'Ким О.',
          videoAppeal: { recordingReference: 'VA-2026-0042' },
        }).success,
      ).toBe(true);
    });

    it('a video conference records its portal session and time; no EDS needed (R5)', () => {
      const c = {
        ...individualPortal(),
        channel: 'video_conference',
        signature: { signedBy: 'complainant', method: 'video' },
      };
      expect(issuePaths(c)).toEqual(['videoConference']);
      const session = { sessionReference: 'VC-77812', scheduledAt: '2026-11-27T10:30:00+05:00' };
      expect(complaintInputSchema.safeParse({ ...c, videoConference: session }).success).toBe(true);
      expect(issuePaths({ ...c, videoConference: { ...session, scheduledAt: 'tomorrow' } })).toEqual([
        'videoConference.scheduledAt',
      ]);
      expect(
        issuePaths({
          ...c,
          videoConference: session,
          signature: { signedBy: 'complainant', method: 'video', reference: 'EDS-1' },
        }),
      ).toEqual(['signature.reference']);
    });

    it('video details belong to video channels only, and a video signature to them only', () => {
      expect(issuePaths({ ...individualPortal(), videoAppeal: { recordingReference: 'VA-1' } })).toEqual([
        'videoAppeal',
      ]);
      expect(issuePaths({ ...individualPortal(), signature: { signedBy: 'complainant', method: 'video' } })).toEqual([
        'signature.method',
      ]);
    });

    it('receivedBy must be a surname and initials', () => {
      const c = { ...legalEntityPost(), channel: 'provider_office', receivedBy: 'Ольга' };
      expect(issuePaths(c)).toEqual(['receivedBy']);
    });
  });

  it('limits attachments to 20 and validates their metadata', () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `f${i}`, sha256: 'b'.repeat(64), size: i }));
    expect(issuePaths({ ...legalEntityPost(), attachments: many })).toEqual(['attachments']);
    const bad = [{ name: 'x', sha256: 'z'.repeat(64), size: -1 }];
    expect(issuePaths({ ...legalEntityPost(), attachments: bad })).toEqual([
      'attachments.0.sha256',
      'attachments.0.size',
    ]);
  });
});

describe('channels and bodies', () => {
  it('derives the form from the channel (R2)', () => {
    expect(['post', 'provider_office', 'state_corporation_office'].map((c) => formOf(c as Channel))).toEqual([
      'paper',
      'paper',
      'paper',
    ]);
    expect(
      ['portal', 'electronic_document', 'video_conference', 'video_appeal'].map((c) => formOf(c as Channel)),
    ).toEqual(['electronic', 'electronic', 'electronic', 'electronic']);
  });

  it('gives the review terms and extension rights of R8, R10, R11', () => {
    expect(defaultReviewTermDays('quality_control_body')).toBe(15);
    expect(defaultReviewTermDays('service_provider')).toBe(5);
    expect(defaultReviewTermDays('state_corporation')).toBe(5);
    expect(
      ['quality_control_body', 'central_state_body', 'local_executive_body'].every((k) => mayExtend(k as any)),
    ).toBe(true);
    expect(mayExtend('service_provider') || mayExtend('state_corporation')).toBe(false);
  });

  const body = {
    id: 'qc-astana',
    code: 'QC01',
    kind: 'quality_control_body',
    nameKk: 'Сапа комитеті',
    nameRu: 'Комитет качества',
    postalAddress: 'Астана, пр. Мангилик Ел, 8',
    head: {
      position: 'Председатель',
      surname: 'Сапаров',
      initials: 'Н.К.',
      email: 'head@example.kz',
      phone: '+77010000000',
    },
  };

  it('accepts a body and applies defaults and per-body settings', () => {
    const parsed = bodySchema.parse(body);
    expect(reviewTermDaysOf(parsed)).toBe(15);
    expect(canBodyExtend(parsed)).toBe(true);
    expect(reviewTermDaysOf(bodySchema.parse({ ...body, reviewTermDays: 15 }))).toBe(15);
    expect(canBodyExtend(bodySchema.parse({ ...body, canExtend: false }))).toBe(false);
  });

  it('rejects a bad code, a term the law does not set and an extension right the law does not give', () => {
    expect(issuePaths({ ...body, code: 'qc-1' }, bodySchema)).toEqual(['code']);
    expect(issuePaths({ ...body, reviewTermDays: 61 }, bodySchema)).toEqual(['reviewTermDays']);
    // R8, R10: the term follows from the kind; a body may not be configured otherwise.
    expect(issuePaths({ ...body, reviewTermDays: 10 }, bodySchema)).toEqual(['reviewTermDays']);
    expect(
      issuePaths({ ...body, kind: 'local_executive_body', escalatesTo: 'qcb-almaty', reviewTermDays: 15 }, bodySchema),
    ).toEqual(['reviewTermDays']);
    expect(
      issuePaths({ ...body, kind: 'service_provider', canExtend: true, escalatesTo: 'qcb-almaty' }, bodySchema),
    ).toEqual(['canExtend']);
    expect(issuePaths({ ...body, id: 'QC Astana' }, bodySchema)).toEqual(['id']);
  });

  it('R1: a body names where its head is alerted, by e-mail and phone', () => {
    const { email: _email, phone: _phone, ...nameOnly } = body.head;
    expect(issuePaths({ ...body, head: nameOnly }, bodySchema)).toEqual(['head.email', 'head.phone']);
    expect(
      issuePaths({ ...body, head: { ...body.head, email: 'not an address', phone: '8 701 000' } }, bodySchema),
    ).toEqual(['head.email', 'head.phone']);
  });

  it('R9: every body serving the public names its quality-control body; a quality-control body names none', () => {
    expect(issuePaths({ ...body, kind: 'service_provider' }, bodySchema)).toEqual(['escalatesTo']);
    expect(issuePaths({ ...body, kind: 'state_corporation' }, bodySchema)).toEqual(['escalatesTo']);
    expect(issuePaths({ ...body, kind: 'central_state_body' }, bodySchema)).toEqual(['escalatesTo']);
    expect(issuePaths({ ...body, kind: 'local_executive_body' }, bodySchema)).toEqual(['escalatesTo']);
    expect(bodySchema.safeParse({ ...body, kind: 'service_provider', escalatesTo: 'qcb-almaty' }).success).toBe(true);
    expect(bodySchema.safeParse({ ...body, kind: 'local_executive_body', escalatesTo: 'qcb-almaty' }).success).toBe(
      true,
    );
    expect(bodySchema.safeParse({ ...body, kind: 'central_state_body', escalatesTo: 'qcb-almaty' }).success).toBe(true);
    expect(issuePaths({ ...body, escalatesTo: 'qcb-astana' }, bodySchema)).toEqual(['escalatesTo']);
  });
});

describe('power of attorney on the filing date (R6)', () => {
  const withPoa = (powerOfAttorney: object) => ({ representative: { powerOfAttorney } }) as never;
  it('accepts one in force, refuses one expired or not yet issued', () => {
    expect(
      powerOfAttorneyIssues(withPoa({ number: '1', issuedAt: '2026-01-10', validUntil: '2026-11-27' }), '2026-11-27'),
    ).toEqual([]);
    expect(
      powerOfAttorneyIssues(
        withPoa({ number: '1', issuedAt: '2026-01-10', validUntil: '2026-11-26' }),
        '2026-11-27',
      ).map((i) => i.path.join('.')),
    ).toEqual(['representative.powerOfAttorney.validUntil']);
    expect(
      powerOfAttorneyIssues(withPoa({ number: '1', issuedAt: '2026-11-28' }), '2026-11-27').map((i) =>
        i.path.join('.'),
      ),
    ).toEqual(['representative.powerOfAttorney.issuedAt']);
    expect(powerOfAttorneyIssues({} as never, '2026-11-27')).toEqual([]);
  });
});

describe('action request bodies', () => {
  it('extension: 1..10 working days and a known reason (R11)', () => {
    expect(extensionSchema.parse({ reason: 'additional_information', workingDays: 10 }).workingDays).toBe(10);
    expect(issuePaths({ reason: 'additional_information', workingDays: 11 }, extensionSchema)).toEqual(['workingDays']);
    expect(issuePaths({ reason: 'additional_information', workingDays: 0 }, extensionSchema)).toEqual(['workingDays']);
    expect(issuePaths({ reason: 'additional_information', workingDays: 2.5 }, extensionSchema)).toEqual([
      'workingDays',
    ]);
    expect(issuePaths({ reason: 'holiday', workingDays: 3 }, extensionSchema)).toEqual(['reason']);
  });

  it('decision: reasoning is mandatory (R8)', () => {
    const ok = { outcome: 'rejected', reasoning: 'The documents were incomplete.', decidedBy: 'Сапаров Н.К.' };
    expect(decisionSchema.parse(ok).outcome).toBe('rejected');
    const { reasoning: _omit, ...noReasoning } = ok;
    expect(issuePaths(noReasoning, decisionSchema)).toEqual(['reasoning']);
    expect(issuePaths({ ...ok, reasoning: '   short   ' }, decisionSchema)).toEqual(['reasoning']);
    expect(issuePaths({ ...ok, outcome: 'approved' }, decisionSchema)).toEqual(['outcome']);
    // A refusal to review names its ground (R4), and only a refusal has one.
    expect(issuePaths({ ...ok, outcome: 'refused_to_review' }, decisionSchema)).toEqual(['refusalGround']);
    expect(
      decisionSchema.safeParse({ ...ok, outcome: 'refused_to_review', refusalGround: 'outside_competence' }).success,
    ).toBe(true);
    expect(issuePaths({ ...ok, refusalGround: 'anonymous' }, decisionSchema)).toEqual(['refusalGround']);
  });

  it('other actions accept their documented fields and reject unknown ones', () => {
    expect(assignmentSchema.parse({ officialName: 'Иванова А.Б.' })).toEqual({ officialName: 'Иванова А.Б.' });
    expect(issuePaths({}, assignmentSchema)).toEqual(['officialName']);
    expect(
      courtReferralSchema.parse({ court: 'Specialised inter-district administrative court of Astana' }).court,
    ).toBeDefined();
    expect(withdrawalSchema.parse({ note: 'resolved' })).toEqual({ note: 'resolved' });
    expect(withdrawalSchema.safeParse({ reason: 'x' }).success).toBe(false);
  });

  it('takes an appeal as a complaint: reasons and demands by the same text rules, signed (R7, R9)', () => {
    const appeal = {
      reasons: 'The answer ignores my arguments.',
      demands: 'Review the answer again.',
      signature: { signedBy: 'complainant', method: 'digital', reference: 'EDS-1' },
    };
    expect(escalationSchema.parse(appeal)).toEqual(appeal);
    expect(issuePaths({}, escalationSchema)).toEqual(['reasons', 'demands', 'signature']);
    expect(issuePaths({ reason: 'I disagree.' }, escalationSchema)).toEqual(
      expect.arrayContaining(['reasons', 'demands', 'signature']),
    );
    expect(issuePaths({ ...appeal, reasons: '   ' }, escalationSchema)).toEqual(['reasons']);
    expect(
      issuePaths({ ...appeal, signature: { signedBy: 'complainant', method: 'digital' } }, escalationSchema),
    ).toEqual(['signature.reference']);
    // Signed as a complaint of its channel is: by hand on paper, by the EDS electronically.
    expect(
      signatureMethodProblem('portal', { signedBy: 'complainant', method: 'digital', reference: 'E' }, 'appeal'),
    ).toBe(undefined);
    expect(
      signatureMethodProblem('post', { signedBy: 'complainant', method: 'digital', reference: 'E' }, 'appeal'),
    ).toBe('a paper appeal (channel post) must be signed by hand');
    expect(signatureMethodProblem('portal', { signedBy: 'complainant', method: 'handwritten' }, 'appeal')).toMatch(
      /electronic appeal .* digitally/,
    );
  });
});
