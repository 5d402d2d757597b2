// The events back-office systems hear (the feed and webhooks): made from the register's timeline,
// so an event exists exactly when the change it tells of was committed. A payload carries ids,
// numbers, statuses, dates and links, never personal data (no IIN, names, addresses, texts): the
// timeline's `data` is read field by field, and nothing not named here passes.

/** Timeline kinds (db/timeline.ts) that are public events, and the type each is published as. */
export const EVENT_TYPE_OF_KIND = {
  registered: 'complaint.registered',
  assigned: 'complaint.assigned',
  extended: 'complaint.extended',
  redirected: 'complaint.redirected',
  decided: 'complaint.decided',
  answer_delivered: 'complaint.answer_delivered',
  escalated: 'complaint.escalated',
  withdrawn: 'complaint.withdrawn',
  referred_to_court: 'complaint.referred_to_court',
  overdue: 'complaint.overdue',
  closed: 'complaint.closed',
} as const;

export type PublicKind = keyof typeof EVENT_TYPE_OF_KIND;
export type EventType = (typeof EVENT_TYPE_OF_KIND)[PublicKind];

export const PUBLIC_KINDS = Object.keys(EVENT_TYPE_OF_KIND) as PublicKind[];
export const EVENT_TYPES = Object.values(EVENT_TYPE_OF_KIND) as EventType[];

export const kindOfEventType = (type: EventType): PublicKind =>
  PUBLIC_KINDS.find((kind) => EVENT_TYPE_OF_KIND[kind] === type)!;

/** A timeline row as the feed reads it, with its stage's body and number. */
export interface TimelineRow {
  id: string;
  complaintId: string;
  stage: number;
  kind: string;
  at: Date;
  data: Record<string, unknown>;
  bodyId: string | null;
  incomingNumber: string | null;
}

export interface EventData {
  complaintId: string;
  stage: number;
  bodyId: string | null;
  incomingNumber: string | null;
  [field: string]: unknown;
  links: { complaint: string; timeline: string };
}

export type ComplaintEvent = {
  id: string;
  type: EventType;
  timestamp: string;
  data: EventData;
};

/** Fields each kind's `data` may pass on, and what each must look like; everything else stays. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[a-z][a-z0-9_]{0,63}$/;
const BODY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const NUMBER_TEXT = /^[\p{L}\d./-]{1,40}$/u;
type Check = 'instant' | 'day' | 'code' | 'bodyId' | 'number' | 'integer';

const PASSED: Record<PublicKind, Record<string, [string, Check]>> = {
  registered: { registeredOn: ['registeredOn', 'day'], deadline: ['deadline', 'instant'] },
  assigned: {},
  extended: { workingDays: ['workingDays', 'integer'], deadline: ['deadline', 'instant'] },
  redirected: {
    toBodyId: ['toBodyId', 'bodyId'],
    toStage: ['toStage', 'integer'],
    incomingNumber: ['toIncomingNumber', 'number'],
  },
  decided: { outcome: ['outcome', 'code'] },
  answer_delivered: {
    deliveredAt: ['deliveredAt', 'instant'],
    basis: ['basis', 'code'],
    appealDeadline: ['appealDeadline', 'day'],
    appealWindowEndsAt: ['appealWindowEndsAt', 'instant'],
  },
  escalated: { fromStage: ['fromStage', 'integer'], fromIncomingNumber: ['fromIncomingNumber', 'number'] },
  withdrawn: {},
  referred_to_court: {},
  overdue: { deadline: ['deadline', 'instant'] },
  closed: {},
};

function passes(value: unknown, check: Check): boolean {
  switch (check) {
    case 'instant':
      return typeof value === 'string' && DATE_TIME.test(value);
    case 'day':
      return typeof value === 'string' && DAY.test(value);
    case 'code':
      return typeof value === 'string' && CODE.test(value);
    case 'bodyId':
      return typeof value === 'string' && BODY_ID.test(value);
    case 'number':
      return typeof value === 'string' && NUMBER_TEXT.test(value);
    case 'integer':
      return Number.isInteger(value);
  }
}

/** The case's status an event leaves it in, where the event itself says so. */
const STATUS_AFTER: Partial<Record<PublicKind, string>> = {
  registered: 'under_review',
  decided: 'decided',
  withdrawn: 'withdrawn',
  referred_to_court: 'referred_to_court',
  closed: 'closed',
};

export const isPublicKind = (kind: string): kind is PublicKind => Object.hasOwn(EVENT_TYPE_OF_KIND, kind);

/** The public event a timeline row is, or undefined for a row back-office systems do not hear. */
export function eventOf(row: TimelineRow): ComplaintEvent | undefined {
  if (!isPublicKind(row.kind)) return undefined;
  const data: EventData = {
    complaintId: row.complaintId,
    stage: row.stage,
    bodyId: row.bodyId,
    incomingNumber: row.incomingNumber,
    links: {
      complaint: `/v1/complaints/${row.complaintId}`,
      timeline: `/v1/complaints/${row.complaintId}/timeline`,
    },
  };
  const status = STATUS_AFTER[row.kind];
  if (status) data.status = status;
  for (const [field, [name, check]] of Object.entries(PASSED[row.kind])) {
    const value = row.data[field];
    if (value !== undefined && passes(value, check)) data[name] = value;
  }
  return { id: row.id, type: EVENT_TYPE_OF_KIND[row.kind], timestamp: new Date(row.at).toISOString(), data };
}

/** The body a webhook carries (Standard Webhooks: `{type, timestamp, data}`). */
export const webhookBody = (event: ComplaintEvent): string =>
  JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });
