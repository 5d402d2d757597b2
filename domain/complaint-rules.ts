// Rules of the complaint that workflow code needs, without zod: a workflow evaluates its imports
// once per cached execution, so zod and the schemas would cost every cached execution 1.2–1.7 MiB and 20 ms of CPU.
export const CHANNELS = ['post', 'provider_office', 'state_corporation_office', 'portal',
  'electronic_document', 'video_conference', 'video_appeal'] as const;
export type Channel = (typeof CHANNELS)[number];
export type Form = 'paper' | 'electronic';

/** Channels where an employee accepts the complaint by hand and must be named (R3). */
export const OFFICE_CHANNELS: readonly Channel[] = ['provider_office', 'state_corporation_office'];

/** Paper for post and the office channels, electronic otherwise (R2). */
export function formOf(channel: Channel): Form {
  return channel === 'post' || OFFICE_CHANNELS.includes(channel) ? 'paper' : 'electronic';
}

/** R11: at most 10 working days of extension per review stage. */
export const MAX_EXTENSION_WORKING_DAYS = 10;
