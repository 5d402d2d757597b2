// Rules of the complaint that workflow code needs, without zod: a workflow evaluates its imports
// once per cached execution, so zod and the schemas would cost every cached execution 1.2–1.7 MiB and 20 ms of CPU.
export const CHANNELS = [
  'post',
  'provider_office',
  'state_corporation_office',
  'portal',
  'electronic_document',
  'video_conference',
  'video_appeal',
] as const;
export type Channel = (typeof CHANNELS)[number];
export type Form = 'paper' | 'electronic';

/** Channels where an employee accepts the complaint by hand and must be named (R3). */
export const OFFICE_CHANNELS: readonly Channel[] = ['provider_office', 'state_corporation_office'];

/** Paper for post and the office channels, electronic otherwise (R2). */
export function formOf(channel: Channel): Form {
  return channel === 'post' || OFFICE_CHANNELS.includes(channel) ? 'paper' : 'electronic';
}

/**
 * R1: a complaint addressed to a body not competent to review it is forwarded to the competent one
 * within 3 working days of its receipt (egov.kz guidance on appeals), and the complainant is told.
 */
export const REDIRECTION_WORKING_DAYS = 3;

/** R11: at most 10 working days of extension per review stage. */
export const MAX_EXTENSION_WORKING_DAYS = 10;

/**
 * The appeal window (R9, R13) runs from the delivery of the answer. The law's term for complaints
 * about administrative acts is counted in months (docs/DECISIONS.md); a term in days remains for
 * short windows in tests and demonstrations. Months are calendar months, clamped to a month's end
 * (delivered 30 November, three months → 28 February).
 */
export function appealWindowEnd(deliveredAt: Date, window: { months?: number; days: number }): Date {
  if (!window.months) return new Date(deliveredAt.getTime() + window.days * 86_400_000);
  const end = new Date(deliveredAt.getTime());
  const day = end.getUTCDate();
  end.setUTCDate(1);
  end.setUTCMonth(end.getUTCMonth() + window.months);
  const lastDay = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
  end.setUTCDate(Math.min(day, lastDay));
  return end;
}
