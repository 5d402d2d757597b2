// The JSON the API answers with, as zod schemas: the OpenAPI document's response schemas, and what a
// generated client is typed with. Objects stay open (`looseObject`) where the workflow adds fields.
import { z } from 'zod';

const instant = z.iso.datetime({ offset: true });
const date = z.iso.date();
export const caseStatus = z.enum([
  'registering',
  'under_review',
  'decided',
  'closed',
  'withdrawn',
  'referred_to_court',
  'not_registered',
]);

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('machine-readable, e.g. `complaint_not_found`, `transition_not_allowed`'),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  })
  .meta({ id: 'Error', description: 'Every failure: SPEC "API", errors' });

export const filingReceiptSchema = z
  .looseObject({
    id: z.uuid(),
    status: caseStatus,
    complaintId: z.uuid(),
    stage: z.number().int(),
    bodyId: z.string(),
    incomingNumber: z.string().describe('`<bodyCode>-<YYYY>-<NNNNNN>` (R3)'),
    registeredOn: date,
    receivedBy: z.string().nullable(),
    deadline: instant,
    answerPlace: z.string(),
    filingPlace: z.string(),
    receiptUrl: z.string(),
  })
  .meta({ id: 'FilingReceipt' });

const caseLinks = z.looseObject({ self: z.string() });

export const complaintSummarySchema = z
  .looseObject({
    id: z.uuid(),
    status: caseStatus,
    channel: z.string(),
    form: z.string(),
    stage: z.number().int(),
    reviewingBodyId: z.string(),
    incomingNumber: z.string(),
    registeredOn: date,
    deadline: instant.nullable(),
    overdue: z.boolean(),
    calendarHasData: z
      .boolean()
      .describe("false: the term was counted without the year's official calendar and is recounted when it is loaded"),
    extendedDays: z.number().int(),
    assignedTo: z.string().nullable(),
    outcome: z.string().nullable(),
    decidedAt: instant.nullable(),
    closedAt: instant.nullable(),
    receivedAt: instant.nullable(),
    repeatOf: z
      .array(z.object({ id: z.uuid(), incomingNumber: z.string(), status: caseStatus, registeredOn: date }))
      .describe(
        'earlier open or answered cases of the same complainant against the same respondent with the same demands',
      ),
    links: caseLinks,
  })
  .meta({ id: 'ComplaintSummary' });

export const complaintPageSchema = z
  .object({ items: z.array(complaintSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ComplaintPage' });

const reviewStageSchema = z.looseObject({
  stage: z.number().int(),
  bodyId: z.string(),
  incomingNumber: z.string(),
  registeredOn: date,
  reviewTermDays: z.number().int(),
  deadline: instant.nullable(),
  receivedBy: z.string().nullable(),
  answerPlace: z.string(),
  extendedDays: z.number().int(),
  overdue: z.boolean(),
  calendarHasData: z.boolean(),
  decision: z.looseObject({}).nullable(),
  appeal: z
    .looseObject({
      escalatedAt: instant,
      fromStage: z.number().int(),
      reasons: z.string().optional(),
      demands: z.string().optional(),
      signature: z.looseObject({}).optional(),
      reason: z.string().optional().describe('an appeal sent before appeals carried reasons and demands'),
    })
    .nullable()
    .optional()
    .describe(
      'R7, R9: the appeal that opened this stage at the quality-control body; null for a stage no appeal opened',
    ),
  appealDeadline: date
    .nullable()
    .describe('R9, R13: the last day (Almaty) to escalate or go to court, once the answer is delivered'),
  appealWindowEndsAt: instant
    .nullable()
    .describe('R9, R13: the end of the appeal window (24:00 Almaty of its last day)'),
});

export const complaintViewSchema = complaintSummarySchema
  .extend({
    complaint: z.looseObject({}).describe('the complaint as filed'),
    stages: z.array(reviewStageSchema),
    appealDeadline: date
      .nullable()
      .describe(
        "R9, R13: the current stage's last day (Almaty) to escalate or go to court; null until its answer is delivered",
      ),
    appealWindowEndsAt: instant.nullable().describe("R9, R13: the end of the current stage's appeal window"),
  })
  .meta({ id: 'ComplaintCase' });

const timelineEventSchema = z.looseObject({
  stage: z.number().int(),
  kind: z.string(),
  mark: z.enum(['delivered', 'registered', 'in_execution', 'answered', 'refused']).nullable(),
  at: instant,
  data: z.looseObject({}),
});

export const timelineSchema = z
  .object({ complaintId: z.uuid(), events: z.array(timelineEventSchema) })
  .meta({ id: 'Timeline' });

export const historySchema = z
  .object({
    complaintId: z.uuid(),
    workflowId: z.string(),
    source: z.enum(['temporal', 'archive']),
    archivedAt: instant.nullable(),
    events: z.array(z.looseObject({})),
  })
  .meta({ id: 'CaseHistory' });

export const caseFileSchema = z
  .looseObject({
    generatedAt: instant,
    complaint: z.looseObject({ id: z.uuid() }),
    stages: z.array(reviewStageSchema),
    decisions: z.array(z.looseObject({})),
    timeline: z.array(timelineEventSchema),
    notifications: z.array(z.looseObject({})),
  })
  .meta({ id: 'CaseFile' });

/** What a workflow update answers: the case state, the extension, the decision or the new stage's receipt. */
export const actionResultSchema = z.looseObject({}).meta({ id: 'ActionResult' });

export const bodyViewSchema = z
  .looseObject({
    id: z.string(),
    code: z.string(),
    kind: z.string(),
    nameKk: z.string(),
    nameRu: z.string(),
    postalAddress: z.string(),
    head: z.looseObject({
      position: z.string(),
      surname: z.string(),
      initials: z.string(),
      email: z.string().nullable().optional().describe('officials, auditors and the admin only'),
      phone: z.string().nullable().optional().describe('officials, auditors and the admin only'),
    }),
    escalatesTo: z.string().nullable(),
    reviewTermDays: z.number().int(),
    canExtend: z.boolean(),
  })
  .meta({ id: 'BodyView' });

export const bodyListSchema = z.object({ items: z.array(bodyViewSchema) }).meta({ id: 'BodyList' });

export const deadlineSchema = z
  .object({
    bodyId: z.string(),
    from: instant,
    registeredOn: date,
    workingDays: z.number().int(),
    lastDay: date,
    endsAt: instant,
    calendarHasData: z.boolean(),
  })
  .meta({ id: 'ReviewDeadline' });

const calendarDaySchema = z.looseObject({
  date,
  kind: z.string(),
  name: z.string(),
  estimate: z.boolean().optional().describe('derived, not yet published: the day may be corrected'),
});

export const calendarYearViewSchema = z
  .looseObject({
    year: z.number().int(),
    hasData: z.boolean(),
    source: z.string().nullable().optional(),
    updatedAt: instant.nullable().optional(),
    days: z.array(calendarDaySchema),
    termsToRecount: z
      .number()
      .int()
      .optional()
      .describe('after PUT: open cases whose term was counted without this calendar and is now being recounted'),
  })
  .meta({ id: 'CalendarYearView' });

export const slaReportSchema = z
  .object({
    generatedAt: instant,
    registeredFrom: date.nullable(),
    registeredTo: date.nullable(),
    bodies: z.array(
      z.looseObject({
        bodyId: z.string(),
        reviewTermDays: z.number().int(),
        cases: z.number().int(),
        decided: z.number().int(),
        decidedOnTime: z.number().int(),
        onTimeRate: z.number().nullable(),
        overdueNow: z.number().int(),
        extended: z.number().int(),
        averageWorkingDaysToDecision: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'SlaReport' });

export const letterViewSchema = z
  .looseObject({
    id: z.string(),
    complaintId: z.uuid(),
    incomingNumber: z.string().nullable(),
    purpose: z.string(),
    language: z
      .enum(['kk', 'ru'])
      .nullable()
      .describe("the complaint's language the letter is printed in; null: not stated (Kazakh and Russian)"),
    status: z.enum(['pending', 'posted']),
    trackingNumber: z.string().nullable(),
    createdAt: instant,
    postedAt: instant.nullable(),
  })
  .meta({ id: 'Letter' });

export const letterPageSchema = z
  .object({ channel: z.literal('post'), items: z.array(letterViewSchema), nextAfter: z.string().nullable() })
  .meta({ id: 'LetterPage' });

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    temporal: z.enum(['ok', 'unavailable']),
    database: z.enum(['ok', 'unavailable']),
  })
  .meta({ id: 'Health' });
