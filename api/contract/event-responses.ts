// The events back-office systems read from the feed and receive by webhook, and the webhook
// subscriptions, as zod schemas (the OpenAPI document's schemas and top-level `webhooks`).
import { z } from 'zod';
import { EVENT_TYPES, type EventType } from '../../domain/complaint-events';

const instant = z.iso.datetime({ offset: true });
const date = z.iso.date();

export const eventTypeSchema = z.enum(EVENT_TYPES as [EventType, ...EventType[]]).meta({ id: 'EventType' });

const common = {
  complaintId: z.uuid(),
  stage: z.number().int().describe('the review stage the event belongs to (1: the first body; later: appeals)'),
  bodyId: z.string().nullable().describe("the stage's reviewing body"),
  incomingNumber: z.string().nullable().describe("the stage's incoming number (R3)"),
  links: z.strictObject({
    complaint: z.string().describe('GET it with your key for everything else'),
    timeline: z.string(),
  }),
};

/** What each type's `data` carries besides the common fields; no personal data in any. */
const SPECIFIC: Record<EventType, Record<string, z.ZodType>> = {
  'complaint.registered': {
    status: z.literal('under_review'),
    registeredOn: date.optional(),
    deadline: instant.optional().describe('end of the review term (R3, R5)'),
  },
  'complaint.assigned': {},
  'complaint.extended': {
    workingDays: z.number().int().optional(),
    deadline: instant.optional().describe('the new end of the term (R11)'),
  },
  'complaint.redirected': {
    toBodyId: z.string().optional(),
    toStage: z.number().int().optional(),
    toIncomingNumber: z.string().optional(),
  },
  'complaint.decided': { status: z.literal('decided'), outcome: z.string().optional() },
  'complaint.answer_delivered': {
    deliveredAt: instant.optional(),
    basis: z.string().optional(),
    appealDeadline: date.optional(),
    appealWindowEndsAt: instant.optional().describe('R9, R13'),
  },
  'complaint.escalated': {
    fromStage: z.number().int().optional(),
    fromIncomingNumber: z.string().optional(),
  },
  'complaint.withdrawn': { status: z.literal('withdrawn') },
  'complaint.referred_to_court': { status: z.literal('referred_to_court') },
  'complaint.overdue': { deadline: instant.optional() },
  'complaint.closed': { status: z.literal('closed') },
};

const pascal = (type: EventType) =>
  type
    .replace(/^complaint\./, '')
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

/** One event of each type: `{id, type, timestamp, data}` in the feed; the webhook body omits `id` (it is `webhook-id`). */
export const eventSchemas = Object.fromEntries(
  EVENT_TYPES.map((type) => [
    type,
    z
      .strictObject({
        id: z.string().describe('the position-independent event id; also the `webhook-id` of its deliveries'),
        type: z.literal(type),
        timestamp: instant.describe('when the change happened'),
        data: z.strictObject({ ...common, ...SPECIFIC[type] }),
      })
      .meta({ id: `Complaint${pascal(type)}Event` }),
  ]),
) as unknown as Record<EventType, z.ZodObject>;

export const webhookBodySchemas = Object.fromEntries(
  EVENT_TYPES.map((type) => [
    type,
    eventSchemas[type].omit({ id: true }).meta({ id: `Complaint${pascal(type)}Webhook` }),
  ]),
) as unknown as Record<EventType, z.ZodObject>;

export const eventSchema = z
  .discriminatedUnion(
    'type',
    EVENT_TYPES.map((t) => eventSchemas[t]) as unknown as [z.ZodObject, z.ZodObject, ...z.ZodObject[]],
  )
  .meta({ id: 'Event' });

export const eventPageSchema = z
  .strictObject({
    items: z.array(eventSchema),
    nextCursor: z
      .string()
      .describe('pass it as `after` for the next page; the same cursor when nothing new was committed yet'),
  })
  .meta({ id: 'EventPage' });

export const webhookSchema = z
  .strictObject({
    id: z.uuid(),
    url: z.string(),
    events: z.array(eventTypeSchema).nullable().describe('null: every type'),
    scope: z
      .enum(['filed_by_me', 'body', 'all'])
      .describe("the complaints it hears: the intake key's own, one body's stages, or all"),
    bodyId: z.string().nullable(),
    status: z.enum(['active', 'disabled']),
    failingSince: instant.nullable().describe('deliveries have failed since then; disabled after 3 days'),
    disabledAt: instant.nullable(),
    disabledReason: z.string().nullable(),
    previousSecretValidUntil: instant.nullable().describe('after a rotation: the old secret still signs until then'),
    createdAt: instant,
    links: z.strictObject({ deliveries: z.string() }),
  })
  .meta({ id: 'Webhook' });

export const webhookCreatedSchema = webhookSchema
  .extend({ secret: z.string().describe('`whsec_…`: shown once; verify deliveries with it') })
  .meta({ id: 'WebhookCreated' });

export const webhookListSchema = z.strictObject({ items: z.array(webhookSchema) }).meta({ id: 'WebhookList' });

export const webhookSecretSchema = z
  .strictObject({
    secret: z.string().describe('the new `whsec_…` secret, shown once'),
    previousSecretValidUntil: instant.describe('the old secret signs too until then (both signatures sent)'),
  })
  .meta({ id: 'WebhookSecret' });

export const deliverySchema = z
  .strictObject({
    id: z.string(),
    eventId: z.string().describe('the `webhook-id`'),
    complaintId: z.uuid(),
    status: z.enum(['pending', 'delivered']),
    attempts: z.number().int(),
    nextAttemptAt: instant.nullable(),
    lastAttemptAt: instant.nullable(),
    lastStatus: z.number().int().nullable().describe("the receiver's HTTP status of the last attempt"),
    lastError: z.string().nullable(),
    deliveredAt: instant.nullable(),
    createdAt: instant,
  })
  .meta({ id: 'WebhookDelivery' });

export const deliveryPageSchema = z
  .strictObject({
    items: z.array(deliverySchema),
    nextBefore: z.string().nullable().describe('pass it as `before` for older deliveries'),
  })
  .meta({ id: 'WebhookDeliveryPage' });
