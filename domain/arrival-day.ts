/**
 * The day a paper complaint arrived (R3, R8): an intake system that records a complaint after it
 * reached the body states when it arrived, and the register's date and the review term count
 * from that day. What it may state is bounded: not in the future, and not before the previous
 * working day (a complaint is registered on the day it arrives, or the next working day: a later
 * statement would let a term start long before the body had recorded anything).
 *
 * Pure module: the caller passes the clock's reading and the calendar.
 */
import { almatyDate, previousWorkingDay, type WorkingCalendar } from './calendar';

/** Why a stated arrival cannot be accepted now, or undefined when it can. */
export function arrivalProblem(receivedAt: Date, now: Date, cal: WorkingCalendar): string | undefined {
  if (receivedAt.getTime() > now.getTime()) return 'the arrival is in the future';
  const earliest = previousWorkingDay(almatyDate(now), cal);
  if (almatyDate(receivedAt) < earliest)
    return `the arrival is before the previous working day ${earliest}: a complaint is registered when it arrives`;
  return undefined;
}
