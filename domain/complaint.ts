/**
 * Complaint input, bodies and the request bodies of officials' and complainants' actions,
 * as zod schemas (SPEC "Complaint", "Bodies", "API"). Requirement ids (R1–R13) are those of
 * docs/PROCEDURE.md.
 *
 * Pure module: no I/O, no clock, no Node modules. Workflow code imports ./complaint-rules, not
 * this file: a workflow's imports are evaluated once per cached execution, and zod with these
 * schemas costs 1.2–1.7 MiB and 20 ms of CPU each time (docs/PERFORMANCE.md).
 */
import { z } from 'zod';
import {
  CHANNELS,
  MAX_EXTENSION_WORKING_DAYS,
  OFFICE_CHANNELS,
  formOf,
  signatureMethodProblem,
} from './complaint-rules';
import { hasValidBinEntityType, hasValidCheckDigit, isValidIin } from './identification-number';
import { representativeIssues, representativeSchemaWith } from './representative';
import { lineText, multilineText, safeString } from './text';

export {
  CHANNELS,
  MAX_EXTENSION_WORKING_DAYS,
  OFFICE_CHANNELS,
  formOf,
  type Channel,
  type Form,
} from './complaint-rules';

// ---------------------------------------------------------------- building blocks

// Every text field goes through domain/text.ts: no NUL, lone surrogate, control or invisible
// character reaches the register or a printed document.
const text = lineText;
const issue = (ctx: z.RefinementCtx, path: (string | number)[], message: string) =>
  ctx.addIssue({ code: 'custom', path, message });
const TWELVE_DIGITS = /^\d{12}$/;

/** IIN (R6): 12 digits, official mod-11 check digit; the date part is not checked. */
export const iinSchema = z
  .string()
  .regex(TWELVE_DIGITS, 'IIN must be exactly 12 digits')
  .refine((s) => !TWELVE_DIGITS.test(s) || isValidIin(s), 'IIN check digit is invalid');

/** BIN (R6): 12 digits, entity type digit 4/5/6, official mod-11 check digit. */
export const binSchema = z
  .string()
  .regex(TWELVE_DIGITS, 'BIN must be exactly 12 digits')
  .refine((s) => !TWELVE_DIGITS.test(s) || hasValidBinEntityType(s), 'BIN 5th digit (entity type) must be 4-6')
  .refine((s) => !TWELVE_DIGITS.test(s) || hasValidCheckDigit(s), 'BIN check digit is invalid');

/** Kazakhstan phone number in international form: +7 and 10 digits. */
export const phoneSchema = z.string().regex(/^\+7\d{10}$/, 'phone must look like +7XXXXXXXXXX');
export const emailSchema = z.email();
/** Calendar date YYYY-MM-DD (a real date: 2024-02-30 is rejected). */
export const isoDateSchema = z.iso.date('date must be YYYY-MM-DD');
/** Body ids are slugs: lowercase letters and digits separated by single hyphens. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const bodyIdSchema = z.string().max(64).regex(SLUG, 'bodyId must be a lowercase slug (a-z, 0-9, -)');
/** Initials such as "А.Б." or "A. B." (one or two). */
const INITIALS = /^\p{Lu}\.(?:\s?\p{Lu}\.)?$/u;
export const initialsSchema = safeString().trim().regex(INITIALS, 'initials must look like "A.B." or "A."');
/** Surname and initials, e.g. "Ахметова А.Б." (R3: the employee who accepted a complaint). */
const SURNAME_AND_INITIALS = /^\p{L}[\p{L}'’-]*(?:\s\p{L}[\p{L}'’-]*)*\s+\p{Lu}\.(?:\s?\p{Lu}\.)?$/u;
export const surnameAndInitialsSchema = safeString()
  .trim()
  .max(120)
  .regex(SURNAME_AND_INITIALS, 'must be a surname followed by initials, e.g. "Ахметова А.Б."');

// ---------------------------------------------------------------- channel (R2, R5)

// R5: a video conference is held through the e-government portal; a video appeal is recorded
// at a State Corporation branch.
export const channelSchema = z.enum(CHANNELS);

// ---------------------------------------------------------------- parties (R6, R7)

const contact = { postalAddress: text(500), phone: phoneSchema.optional(), email: emailSchema.optional() };

export const individualSchema = z.strictObject({
  kind: z.literal('individual'),
  surname: text(100),
  firstName: text(100),
  patronymic: text(100).optional(), // optional (R6)
  iin: iinSchema,
  ...contact,
});
export const legalEntitySchema = z.strictObject({
  kind: z.literal('legal_entity'),
  name: text(500),
  bin: binSchema,
  ...contact,
});
export const complainantSchema = z.discriminatedUnion('kind', [individualSchema, legalEntitySchema]);

/**
 * A representative (R6): under a power of attorney, or by law (a parent, a guardian, the head of a
 * legal entity) naming the legal basis (./representative). Whether the power of attorney is in
 * force on the arrival date needs the clock, so the caller (API/activity) checks it.
 */
export const representativeSchema = representativeSchemaWith(iinSchema);

/**
 * Signature (R6): unsigned complaints cannot be expressed; a digital one names its EDS. A video
 * conference or video appeal is signed by the recorded appearance of the complainant (`video`).
 */
export const signatureSchema = z
  .strictObject({
    signedBy: z.enum(['complainant', 'representative']),
    method: z.enum(['handwritten', 'digital', 'video']),
    reference: text(1000).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.method === 'digital' && s.reference === undefined) {
      issue(ctx, ['reference'], 'an EDS reference is required for a digital signature');
    }
    if (s.method !== 'digital' && s.reference !== undefined) {
      issue(ctx, ['reference'], `a ${s.method} signature has no EDS reference`);
    }
  });

/** R5: a video conference is held through the portal at a scheduled time; the portal names the session. */
export const videoConferenceSchema = z.strictObject({
  sessionReference: text(200),
  scheduledAt: z.iso.datetime({ offset: true, message: 'scheduledAt must be an ISO date-time with its offset' }),
});

/** R5: a video appeal is recorded at a State Corporation branch; the recording is referenced. */
export const videoAppealSchema = z.strictObject({ recordingReference: text(200) });

/** Whose actions are appealed (R7): the body, optionally the official. */
export const respondentSchema = z.strictObject({
  bodyId: bodyIdSchema,
  officialPosition: text(300).optional(),
  officialSurname: text(100).optional(),
  officialInitials: initialsSchema.optional(),
});

export const attachmentSchema = z.strictObject({
  name: text(255),
  sha256: z
    .string()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 hex characters'),
  size: z.int().min(0),
});

// ---------------------------------------------------------------- complaint

export const complaintInputSchema = z
  .strictObject({
    channel: channelSchema,
    complainant: complainantSchema,
    representative: representativeSchema.optional(),
    signature: signatureSchema,
    respondent: respondentSchema,
    reasons: multilineText(10_000), // R7
    demands: multilineText(5_000), // R7
    addressedTo: bodyIdSchema, // head of the provider by default (R1), QC body on escalation (R9)
    receivedBy: surnameAndInitialsSchema.optional(), // R3
    attachments: z.array(attachmentSchema).max(20).optional(),
    videoConference: videoConferenceSchema.optional(), // R5
    videoAppeal: videoAppealSchema.optional(), // R5
    // R3, R8: when a paper complaint reached the body (post, office), if the intake records it
    // later; the register's date and the term count from it. Checked against the clock by the API.
    receivedAt: z.iso
      .datetime({ offset: true, message: 'receivedAt must be an ISO date-time with its offset' })
      .optional()
      .describe('paper complaints only: when it arrived (not in the future, not before the previous working day)'),
    // The language of the complaint: the notices and the answer's cover go in it (Law on Languages art. 11).
    language: z
      .enum(['kk', 'ru'])
      .optional()
      .describe('the language of the complaint; absent: not stated, and notices go in Kazakh and Russian'),
  })
  .superRefine((c, ctx) => {
    // R2/R6: the form decides the signature method; a video channel may be signed by the recording.
    const wrongMethod = signatureMethodProblem(c.channel, c.signature, 'complaint');
    if (wrongMethod) issue(ctx, ['signature', 'method'], wrongMethod);
    // R5: the video session or recording is part of the record of a video complaint, and only of one.
    if (c.channel === 'video_conference' && c.videoConference === undefined) {
      issue(
        ctx,
        ['videoConference'],
        'required for channel video_conference: the portal session reference and its time',
      );
    }
    if (c.channel !== 'video_conference' && c.videoConference !== undefined) {
      issue(ctx, ['videoConference'], `must be absent for channel ${c.channel}`);
    }
    if (c.channel === 'video_appeal' && c.videoAppeal === undefined) {
      issue(ctx, ['videoAppeal'], 'required for channel video_appeal: the reference of the recording');
    }
    if (c.channel !== 'video_appeal' && c.videoAppeal !== undefined) {
      issue(ctx, ['videoAppeal'], `must be absent for channel ${c.channel}`);
    }
    // R6: the signer must exist; when a representative is present, they are the signer.
    if (c.signature.signedBy === 'representative' && c.representative === undefined) {
      issue(ctx, ['representative'], 'required when signature.signedBy is representative');
    }
    if (c.signature.signedBy === 'complainant' && c.representative !== undefined) {
      issue(ctx, ['signature', 'signedBy'], 'must be representative when a representative is given');
    }
    // R6: representatives by law sign for whom the law lets them; an organisation names its signer.
    const signerMissing = c.signature.signedBy === 'representative' && c.representative === undefined;
    if (!signerMissing) for (const i of representativeIssues(c)) issue(ctx, i.path, i.message);
    // An electronic complaint arrives when it is filed: only a paper one may state a prior arrival.
    if (c.receivedAt !== undefined && formOf(c.channel) !== 'paper') {
      issue(ctx, ['receivedAt'], `must be absent for channel ${c.channel}: an electronic complaint arrives when filed`);
    }
    // R3: the employee who accepted a complaint at an office, or recorded a video appeal at a
    // State Corporation branch (R5), is named on the receipt; other channels have no such employee.
    const acceptedByEmployee = OFFICE_CHANNELS.includes(c.channel) || c.channel === 'video_appeal';
    if (acceptedByEmployee && c.receivedBy === undefined) {
      issue(ctx, ['receivedBy'], `required for channel ${c.channel}: the employee who accepted it`);
    }
    if (!acceptedByEmployee && c.receivedBy !== undefined) {
      issue(ctx, ['receivedBy'], `must be absent for channel ${c.channel}`);
    }
  });

/**
 * R6: a representative signs under a power of attorney in force on the filing date (YYYY-MM-DD,
 * Asia/Almaty): issued on or before it, and not expired before it.
 */
export function powerOfAttorneyIssues(c: ComplaintInput, filedOn: string): { path: string[]; message: string }[] {
  const poa = c.representative?.powerOfAttorney;
  if (!poa) return [];
  const issues = [];
  if (poa.issuedAt > filedOn) {
    issues.push({
      path: ['representative', 'powerOfAttorney', 'issuedAt'],
      message: `the power of attorney is issued after the arrival date ${filedOn}`,
    });
  }
  if (poa.validUntil !== undefined && poa.validUntil < filedOn) {
    issues.push({
      path: ['representative', 'powerOfAttorney', 'validUntil'],
      message: `the power of attorney expired before the arrival date ${filedOn}`,
    });
  }
  return issues;
}

export type Individual = z.infer<typeof individualSchema>;
export type LegalEntity = z.infer<typeof legalEntitySchema>;
export type Complainant = z.infer<typeof complainantSchema>;
export type { Representative } from './representative';
export type Signature = z.infer<typeof signatureSchema>;
export type Respondent = z.infer<typeof respondentSchema>;
export type Attachment = z.infer<typeof attachmentSchema>;
export type ComplaintInput = z.infer<typeof complaintInputSchema>;

/** Whom the register and the personal cabinet know the complainant by: the IIN of a person, the BIN of an organisation. */
export function complainantIdOf(complaint: ComplaintInput): string {
  const c = complaint.complainant;
  return c.kind === 'individual' ? c.iin : c.bin;
}

// ---------------------------------------------------------------- bodies (R8, R10, R11)

export const bodyKindSchema = z.enum([
  'service_provider',
  'state_corporation',
  'central_state_body',
  'local_executive_body',
  'quality_control_body',
]);
export type BodyKind = z.infer<typeof bodyKindSchema>;

/** The review term in working days, fixed by the law for each kind: 15 at the quality-control body (R10), 5 elsewhere (R8). */
export function defaultReviewTermDays(kind: BodyKind): number {
  return kind === 'quality_control_body' ? 15 : 5;
}

/** R11: only the quality-control body, central state bodies and local executive bodies extend. */
export function mayExtend(kind: BodyKind): boolean {
  return kind === 'quality_control_body' || kind === 'central_state_body' || kind === 'local_executive_body';
}

/**
 * R9: every body that serves the public (a provider, the State Corporation, a central state body,
 * a local executive body) has the quality-control body above it, so its complainants can turn
 * there before court (R13); only the quality-control body itself has none.
 */
export function mustEscalate(kind: BodyKind): boolean {
  return kind !== 'quality_control_body';
}

export const bodySchema = z
  .strictObject({
    id: bodyIdSchema,
    code: z.string().regex(/^[A-Z0-9]{2,12}$/, 'code must be 2-12 uppercase letters or digits'),
    kind: bodyKindSchema,
    nameKk: text(500),
    nameRu: text(500),
    postalAddress: text(500),
    // R1: the head is alerted of an overdue case by e-mail and SMS.
    head: z.strictObject({
      position: text(300),
      surname: text(100),
      initials: initialsSchema,
      email: emailSchema,
      phone: phoneSchema,
    }),
    escalatesTo: bodyIdSchema.optional(),
    /** Accepted only as the term the law sets for the kind (R8, R10): a body cannot choose its own. */
    reviewTermDays: z.int().optional(),
    canExtend: z.boolean().optional(),
  })
  .superRefine((b, ctx) => {
    if (b.canExtend === true && !mayExtend(b.kind)) {
      issue(ctx, ['canExtend'], `a ${b.kind} may not extend the review term (R11)`);
    }
    const term = defaultReviewTermDays(b.kind);
    if (b.reviewTermDays !== undefined && b.reviewTermDays !== term) {
      issue(ctx, ['reviewTermDays'], `the law sets ${term} working days for a ${b.kind}`);
    }
    if (b.escalatesTo === undefined && mustEscalate(b.kind)) {
      issue(ctx, ['escalatesTo'], `a ${b.kind} must name the quality-control body its complainants turn to`);
    }
    // After the quality-control body the next step is court (R13): no chain beyond it, so no cycle.
    if (b.escalatesTo !== undefined && b.kind === 'quality_control_body') {
      issue(ctx, ['escalatesTo'], 'a quality-control body escalates to no other body; the next step is court');
    }
  });
export type Body = z.infer<typeof bodySchema>;

/** The review term in working days (R8, R10). */
export function reviewTermDaysOf(body: Pick<Body, 'kind'>): number {
  return defaultReviewTermDays(body.kind);
}

/** Whether the body may extend (R11): its setting (which can only narrow), else its kind. */
export function canBodyExtend(body: Pick<Body, 'kind' | 'canExtend'>): boolean {
  return mayExtend(body.kind) && body.canExtend !== false;
}

// ---------------------------------------------------------------- action request bodies (API)

/** The person an official's API key is issued to (SPEC "Users and roles"): `apikey create --name --position`. */
export const personSchema = z.strictObject({
  surname: text(100).regex(
    /^\p{L}[\p{L}'’-]*(?:\s\p{L}[\p{L}'’-]*)*$/u,
    'a surname is letters, hyphens and apostrophes',
  ),
  initials: initialsSchema,
  position: text(300),
});
export type PersonInput = z.infer<typeof personSchema>;

export const assignmentSchema = z.strictObject({ officialName: text(200) });

/** R11: reason 1) additional study/inspection, 2) additional information; 1..10 working days. */
export const extensionSchema = z.strictObject({
  reason: z.enum(['additional_study_or_inspection', 'additional_information']),
  workingDays: z.int().min(1).max(MAX_EXTENSION_WORKING_DAYS),
  explanation: multilineText(2000).optional(),
});

/** Grounds on which a body refuses to review a complaint (R4 "refusal to review"). */
export const REFUSAL_GROUNDS = [
  'anonymous',
  'no_essence_stated',
  'repeated_already_answered',
  'outside_competence',
] as const;

/** R8: a reasoned answer, so the reasoning is mandatory; a refusal to review names its ground. */
export const decisionSchema = z
  .strictObject({
    outcome: z.enum(['satisfied', 'partially_satisfied', 'rejected', 'refused_to_review']),
    reasoning: multilineText(20_000, 10),
    refusalGround: z.enum(REFUSAL_GROUNDS).optional(),
    // The signatory is the person the official's key was issued to; naming another is refused (422).
    decidedBy: text(200).optional(),
  })
  .superRefine((d, ctx) => {
    if (d.outcome === 'refused_to_review' && d.refusalGround === undefined) {
      issue(ctx, ['refusalGround'], `a refusal to review names its ground: ${REFUSAL_GROUNDS.join(', ')}`);
    }
    if (d.outcome !== 'refused_to_review' && d.refusalGround !== undefined) {
      issue(ctx, ['refusalGround'], 'only a refusal to review has a ground');
    }
  });

/**
 * R7, R9: the appeal to the quality-control body is a complaint: it states its reasons and demands
 * (the same text rules as a filing's) and is signed as a complaint of its channel is
 * (`signatureMethodProblem`, checked by the escalation's rule against the channel it comes by).
 */
export const escalationSchema = z.strictObject({
  reasons: multilineText(10_000).describe('why the answer (or its absence) is appealed'),
  demands: multilineText(5_000).describe('what the complainant asks the quality-control body to do'),
  signature: signatureSchema,
});
// R13
export const courtReferralSchema = z.strictObject({
  court: text(300).optional(),
  note: multilineText(2000).optional(),
});
export const withdrawalSchema = z.strictObject({ note: multilineText(2000).optional() });

/** R1: forwarded to the body competent to review it, with the reason (told to the complainant). */
export const redirectionSchema = z.strictObject({
  toBodyId: bodyIdSchema.describe('the competent body'),
  reason: multilineText(2000, 10).describe('why the addressed body is not competent and the other one is'),
});

/**
 * R8: a paper answer handed over at the office, or the complainant's refusal to collect it (which
 * counts as delivery: docs/DECISIONS.md). Who received it is noted by role and identity document
 * for the case file; the official is the key's person. `at` defaults to the time of recording.
 */
export const answerHandOverSchema = z
  .strictObject({
    outcome: z.enum(['handed_over', 'refused_to_collect']),
    at: z.iso.datetime({ offset: true, message: 'at must be an ISO date-time with its offset' }).optional(),
    recipient: z
      .strictObject({
        role: z.enum(['complainant', 'representative']),
        identityDocument: text(200).describe('the kind and number of the document shown, e.g. an identity card'),
      })
      .optional(),
    note: multilineText(2000).optional(),
  })
  .superRefine((h, ctx) => {
    if (h.outcome === 'handed_over' && h.recipient === undefined)
      issue(ctx, ['recipient'], 'a hand-over names who received the answer and the document they showed');
    if (h.outcome === 'refused_to_collect' && h.recipient !== undefined)
      issue(ctx, ['recipient'], 'a refusal to collect has no recipient');
  });

export type Assignment = z.infer<typeof assignmentSchema>;
export type Extension = z.infer<typeof extensionSchema>;
export type ExtensionReason = Extension['reason'];
export type Decision = z.infer<typeof decisionSchema>;
export type DecisionOutcome = Decision['outcome'];
export type Escalation = z.infer<typeof escalationSchema>;
export type CourtReferral = z.infer<typeof courtReferralSchema>;
export type Withdrawal = z.infer<typeof withdrawalSchema>;
export type AnswerHandOver = z.infer<typeof answerHandOverSchema>;
export type Redirection = z.infer<typeof redirectionSchema>;
