import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>; // YYYY-MM-DD, parsed as text (see database.ts)
type Json<T> = ColumnType<T, string, string>;

export interface BodiesTable {
  id: string;
  code: string;
  kind: string;
  name_kk: string;
  name_ru: string;
  postal_address: string;
  head_position: string;
  head_surname: string;
  head_initials: string;
  /** Where the head is alerted of an overdue case (R1); null for bodies registered before. */
  head_email: string | null;
  head_phone: string | null;
  escalates_to: string | null;
  review_term_days: number;
  can_extend: boolean;
  created_at: GeneratedTimestamp;
}

export interface ComplaintsTable {
  id: string;
  workflow_id: string;
  channel: string;
  form: string;
  complainant_id: string;
  filed_by: string | null;
  input: Json<unknown>;
  received_at: Timestamp;
  status: string;
  stage: number;
  reviewing_body_id: string;
  incoming_number: string;
  registered_on: DateOnly;
  deadline: Timestamp;
  overdue: Generated<boolean>;
  extended_days: Generated<number>;
  assigned_to: string | null;
  outcome: string | null;
  decided_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ReviewStagesTable {
  complaint_id: string;
  stage: number;
  body_id: string;
  incoming_number: string;
  year: number;
  sequence: number;
  received_at: Timestamp;
  registered_on: DateOnly;
  review_term_days: number;
  deadline: Timestamp;
  received_by: string | null;
  answer_place: string;
  extended_days: Generated<number>;
  overdue: Generated<boolean>;
  decision: Json<unknown> | null;
  decided_at: Timestamp | null;
}

export interface RegistrationCountersTable {
  body_id: string;
  year: number;
  last_number: number;
}

export interface ComplaintEventsTable {
  id: Generated<string>;
  complaint_id: string;
  event_key: string;
  stage: number;
  kind: string;
  mark: string | null;
  at: Timestamp;
  data: Json<Record<string, unknown>>;
}

export interface NotificationsTable {
  id: Generated<string>;
  complaint_id: string;
  notification_key: string;
  purpose: string;
  channel: string;
  recipient: string;
  text_kk: string;
  text_ru: string;
  status: string;
  attempts: Generated<number>;
  /** Why the last delivery attempt failed (no personal data: the transport's error). */
  last_error: Generated<string | null>;
  tracking_number: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface CalendarYearsTable {
  year: number;
  source: string;
  updated_at: GeneratedTimestamp;
}

export interface CalendarDaysTable {
  date: DateOnly;
  year: number;
  kind: string;
  name: string;
}

export interface ApiKeysTable {
  id: string;
  key_hash: string;
  role: string;
  body_id: string | null;
  label: string | null;
  created_at: GeneratedTimestamp;
  revoked_at: Timestamp | null;
  /** The person an official's key is issued to (migration 0005). */
  person_surname: string | null;
  person_initials: string | null;
  person_position: string | null;
}

export interface WorkflowHistoriesTable {
  complaint_id: string;
  workflow_id: string;
  history: Buffer;
  sha256: string;
  event_count: number;
  archived_at: GeneratedTimestamp;
}

export interface Database {
  bodies: BodiesTable;
  complaints: ComplaintsTable;
  review_stages: ReviewStagesTable;
  registration_counters: RegistrationCountersTable;
  complaint_events: ComplaintEventsTable;
  notifications: NotificationsTable;
  calendar_years: CalendarYearsTable;
  calendar_days: CalendarDaysTable;
  api_keys: ApiKeysTable;
  workflow_histories: WorkflowHistoriesTable;
}

export type Body = Selectable<BodiesTable>;
export type NewBody = Insertable<BodiesTable>;
export type ComplaintRow = Selectable<ComplaintsTable>;
export type ReviewStageRow = Selectable<ReviewStagesTable>;
export type ComplaintEventRow = Selectable<ComplaintEventsTable>;
export type NotificationRow = Selectable<NotificationsTable>;
