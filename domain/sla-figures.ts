// The SLA dashboard's figures per body and month of registration (R8, R10: the term; R11: its
// extension; R9: escalation), from review stages and the working-day calendar. Pure: no I/O.
import { almatyDate, workingDaysBetween, type WorkingCalendar } from './calendar';

export interface StageForSla {
  bodyId: string;
  registeredOn: string;
  deadline: Date;
  decidedAt: Date | null;
  extendedDays: number;
  overdue: boolean;
  escalated: boolean;
}

export interface SlaMonth {
  bodyId: string;
  /** YYYY-MM of registration. */
  month: string;
  received: number;
  answered: number;
  answeredInTime: number;
  extended: number;
  overdue: number;
  escalated: number;
  medianWorkingDays: number | null;
  p90WorkingDays: number | null;
}

/** The nearest-rank percentile of sorted values (p in 0..1). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

export function slaByBodyAndMonth(stages: readonly StageForSla[], calendar: WorkingCalendar): SlaMonth[] {
  const groups = new Map<string, { month: SlaMonth; days: number[] }>();
  for (const s of stages) {
    const month = s.registeredOn.slice(0, 7);
    const key = `${s.bodyId} ${month}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        month: {
          bodyId: s.bodyId,
          month,
          received: 0,
          answered: 0,
          answeredInTime: 0,
          extended: 0,
          overdue: 0,
          escalated: 0,
          medianWorkingDays: null,
          p90WorkingDays: null,
        },
        days: [],
      };
      groups.set(key, g);
    }
    const m = g.month;
    m.received++;
    if (s.decidedAt) {
      m.answered++;
      if (s.decidedAt <= s.deadline) m.answeredInTime++;
      g.days.push(workingDaysBetween(s.registeredOn, almatyDate(s.decidedAt), calendar));
    }
    if (s.extendedDays > 0) m.extended++;
    if (s.overdue || (s.decidedAt !== null && s.decidedAt > s.deadline)) m.overdue++;
    if (s.escalated) m.escalated++;
  }
  return [...groups.values()]
    .map(({ month, days }) => {
      days.sort((a, b) => a - b);
      return { ...month, medianWorkingDays: percentile(days, 0.5), p90WorkingDays: percentile(days, 0.9) };
    })
    .sort((a, b) => a.month.localeCompare(b.month) || a.bodyId.localeCompare(b.bodyId));
}
