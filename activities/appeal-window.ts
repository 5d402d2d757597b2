import { loadWorkingCalendar } from '../db/calendar';
import type { Db } from '../db/database';
import { appendEvent } from '../db/timeline';
import { appealWindowEnd } from '../domain/calendar';

export interface OpenAppealWindowRequest {
  complaintId: string;
  stage: number;
  /** When the answer was delivered: handed over, in the cabinet, or its letters posted. */
  deliveredAt: string;
  /** The day the window runs from: the answer's receipt, or its presumed receipt (posting + allowance). */
  from: string;
  /** `delivered`: handed over or in the cabinet; `received`: the post room recorded the letter's receipt; `presumed`: posted, receipt not yet recorded. */
  basis: 'delivered' | 'received' | 'presumed';
  window: { months?: number; days: number };
  /** An end the complainant was already told: a later count never moves it earlier. */
  announced?: { appealDeadline: string; appealWindowEndsAt: string };
  /** Counted again after a calendar correction: written as its own entry when the end moves. */
  recount?: boolean;
  at: string;
}

export interface AppealWindow {
  /** The last day (Almaty date) on which the complainant may appeal. */
  appealDeadline: string;
  appealWindowEndsAt: string;
}

/**
 * R9, R13: the window for escalation or court, counted over the working calendar (its last day is
 * never a day off) and written to the timeline, where the case's JSON and the cabinet read it. A
 * recorded receipt of a posted answer counts it again; the complainant keeps the later end.
 */
export async function openAppealWindow(db: Db, req: OpenAppealWindowRequest): Promise<AppealWindow> {
  const calendar = await loadWorkingCalendar(db);
  const { lastDay, endsAt } = appealWindowEnd(new Date(req.from), req.window, calendar);
  let opened: AppealWindow = { appealDeadline: lastDay, appealWindowEndsAt: endsAt.toISOString() };
  if (req.announced && Date.parse(req.announced.appealWindowEndsAt) >= endsAt.getTime()) {
    opened = req.announced;
    if (req.recount) return opened; // the correction did not move the end: nothing to write
  }
  const key = req.recount
    ? `s${req.stage}-appeal-window-${opened.appealWindowEndsAt}`
    : `s${req.stage}-answer-${req.basis === 'received' ? 'received' : 'delivered'}`;
  await appendEvent(db, {
    complaintId: req.complaintId,
    stage: req.stage,
    key,
    kind: 'answer_delivered',
    at: req.at,
    data: {
      deliveredAt: req.deliveredAt,
      windowFrom: req.from,
      basis: req.basis,
      ...opened,
    },
  });
  return opened;
}
