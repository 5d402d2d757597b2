// The SLA figures, from groups of review stages and the working-day calendar: the dashboard's per
// body and month of registration, the report's per body (R8, R10: the term; R11: its extension;
// R9: escalation). Pure: no I/O.
import { workingDaysBetween, type WorkingCalendar } from './calendar';

/**
 * Review stages that count alike: the same body and registration day, decided on the same Almaty
 * day (or not yet), and the same marks. The register groups them, so a year of a large register
 * is thousands of groups, not hundreds of thousands of stages.
 */
export interface StagesForSla {
  bodyId: string;
  registeredOn: string;
  /** The Almaty date of the answer; null while the stage is undecided. */
  decidedOn: string | null;
  /** Decided by the end of its term (R8, R10, with an extension R11). */
  decidedInTime: boolean;
  extended: boolean;
  /** Still open past its term, or answered after it. */
  overdue: boolean;
  /** Still the stage under review, past its term: the report's "overdue now". */
  openPastTerm: boolean;
  /** How many stages share all of the above. */
  count: number;
}

/** How many stages registered on a day at a body the complainant appealed (R9). */
export interface SlaEscalations {
  bodyId: string;
  registeredOn: string;
  count: number;
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

/**
 * Working days from registration to decision, computed once per pair of days: the groups of a year
 * share a few thousand pairs.
 */
function workingDaysMemo(calendar: WorkingCalendar): (registeredOn: string, decidedOn: string) => number {
  const spans = new Map<string, number>();
  return (registeredOn, decidedOn) => {
    const span = `${registeredOn} ${decidedOn}`;
    let days = spans.get(span);
    if (days === undefined) {
      days = workingDaysBetween(registeredOn, decidedOn, calendar);
      spans.set(span, days);
    }
    return days;
  };
}

/** The nearest-rank percentile of sorted values (p in 0..1). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

/** The same percentile of values given with how often each occurs. */
export function weightedPercentile(counts: ReadonlyMap<number, number>, p: number): number | null {
  const values = [...counts.keys()].sort((a, b) => a - b);
  const total = values.reduce((n, v) => n + counts.get(v)!, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const v of values) {
    seen += counts.get(v)!;
    if (seen >= rank) return v;
  }
  return values[values.length - 1];
}

export function slaByBodyAndMonth(
  stages: readonly StagesForSla[],
  calendar: WorkingCalendar,
  escalations: readonly SlaEscalations[] = [],
): SlaMonth[] {
  const groups = new Map<string, { month: SlaMonth; days: Map<number, number> }>();
  const workingDays = workingDaysMemo(calendar);
  const groupOf = (s: { bodyId: string; registeredOn: string }) => {
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
        days: new Map(),
      };
      groups.set(key, g);
    }
    return g;
  };
  for (const s of stages) {
    const g = groupOf(s);
    const m = g.month;
    m.received += s.count;
    if (s.decidedOn !== null) {
      m.answered += s.count;
      if (s.decidedInTime) m.answeredInTime += s.count;
      const days = workingDays(s.registeredOn, s.decidedOn);
      g.days.set(days, (g.days.get(days) ?? 0) + s.count);
    }
    if (s.extended) m.extended += s.count;
    if (s.overdue) m.overdue += s.count;
  }
  for (const e of escalations) groupOf(e).month.escalated += e.count;
  return [...groups.values()]
    .map(({ month, days }) => ({
      ...month,
      medianWorkingDays: weightedPercentile(days, 0.5),
      p90WorkingDays: weightedPercentile(days, 0.9),
    }))
    .sort((a, b) => a.month.localeCompare(b.month) || a.bodyId.localeCompare(b.bodyId));
}

/** One body's line of the SLA report (GET /reports/sla). */
export interface BodySla {
  cases: number;
  decided: number;
  decidedOnTime: number;
  overdueNow: number;
  extended: number;
  /** Over the decided stages; null when none is decided. */
  averageWorkingDays: number | null;
}

/** A body with no stage in the period: its line of the report. */
export const NO_STAGES: Readonly<BodySla> = {
  cases: 0,
  decided: 0,
  decidedOnTime: 0,
  overdueNow: 0,
  extended: 0,
  averageWorkingDays: null,
};

/**
 * The report's counts per body from the same groups the dashboard reads: a complaint escalated to
 * the quality-control body counts at both bodies, each against its own term (R8, R10).
 */
export function slaByBody(stages: readonly StagesForSla[], calendar: WorkingCalendar): Map<string, BodySla> {
  const bodies = new Map<string, BodySla & { workingDays: number }>();
  const workingDays = workingDaysMemo(calendar);
  for (const s of stages) {
    let b = bodies.get(s.bodyId);
    if (!b) {
      b = { ...NO_STAGES, workingDays: 0 };
      bodies.set(s.bodyId, b);
    }
    b.cases += s.count;
    if (s.decidedOn !== null) {
      b.decided += s.count;
      if (s.decidedInTime) b.decidedOnTime += s.count;
      b.workingDays += workingDays(s.registeredOn, s.decidedOn) * s.count;
    }
    if (s.openPastTerm) b.overdueNow += s.count;
    if (s.extended) b.extended += s.count;
  }
  return new Map(
    [...bodies].map(([id, { workingDays, ...b }]) => [
      id,
      { ...b, averageWorkingDays: b.decided > 0 ? workingDays / b.decided : null },
    ]),
  );
}
