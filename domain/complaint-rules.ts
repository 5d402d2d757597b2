// Rules of the complaint that workflow code needs, without zod: a workflow evaluates its imports
// once per cached execution, so zod and the schemas would cost every cached execution 1.2–1.7 MiB and 20 ms of CPU.
import type { Signature } from './complaint';

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
 * Before patch `appeal-window-to-end-of-last-working-day`: the window kept the clock time of the
 * delivery and counted months in UTC. Kept only so that histories recorded with it replay.
 */
export function appealWindowEndAtDeliveryTime(deliveredAt: Date, window: { months?: number; days: number }): Date {
  if (!window.months) return new Date(deliveredAt.getTime() + window.days * 86_400_000);
  const end = new Date(deliveredAt.getTime());
  const day = end.getUTCDate();
  end.setUTCDate(1);
  end.setUTCMonth(end.getUTCMonth() + window.months);
  const lastDay = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
  end.setUTCDate(Math.min(day, lastDay));
  return end;
}

/**
 * R8, R9, R13: a posted answer reaches the complainant some days after the post room posts it.
 * Until the post room records its receipt, the window runs from the posting plus these calendar
 * days (docs/DECISIONS.md, "The appeal window").
 */
export const POSTAL_ALLOWANCE_DAYS = 10;

const VIDEO_CHANNELS: readonly Channel[] = ['video_conference', 'video_appeal'];

/**
 * R2, R6: how a paper or electronic document of this channel is signed: by hand on paper, by the
 * EDS electronically, by the recording (or the EDS) on a video channel. Undefined when `signature`
 * fits; else why not (`what`: "complaint", "appeal").
 */
export function signatureMethodProblem(channel: Channel, signature: Signature, what: string): string | undefined {
  const form = formOf(channel);
  const isVideo = VIDEO_CHANNELS.includes(channel);
  const methods = form === 'paper' ? ['handwritten'] : isVideo ? ['video', 'digital'] : ['digital'];
  if (methods.includes(signature.method)) return undefined;
  const how =
    form === 'paper' ? 'by hand' : isVideo ? 'by the recording (video) or digitally (EDS)' : 'digitally (EDS)';
  return `a ${form} ${what} (channel ${channel}) must be signed ${how}`;
}
