import { listBodies } from '../../db/bodies';
import { loadWorkingCalendar } from '../../db/calendar';
import type { Db } from '../../db/database';
import { decidedStages, slaCountsByBody } from '../../db/reports';
import { workingDaysBetween } from '../../domain/calendar';
import type { ApiHandlers } from '../contract';

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * GET /reports/sla: per body, how review terms are kept (R8, R10, R11). Auditors and admins see
 * every body, an official only their own.
 */
export function reportHandlers(db: Db): ApiHandlers<'slaReport'> {
  return {
    slaReport: async ({ query: q, principal }) => {
      const bodyId = principal.role === 'official' ? (principal.bodyId ?? '') : q.bodyId;
      const period = { bodyId, registeredFrom: q.registeredFrom, registeredTo: q.registeredTo };
      const now = new Date();
      const [bodies, counts, decided, calendar] = await Promise.all([
        listBodies(db),
        slaCountsByBody(db, period, now),
        decidedStages(db, period),
        loadWorkingCalendar(db),
      ]);
      // Working days to each decision, summed per body with how many decisions share them.
      const workingDays = new Map<string, { total: number; count: number }>();
      for (const s of decided) {
        const days = workingDaysBetween(s.registeredOn, s.decidedOn, calendar);
        const sum = workingDays.get(s.bodyId) ?? { total: 0, count: 0 };
        sum.total += days * s.count;
        sum.count += s.count;
        workingDays.set(s.bodyId, sum);
      }
      const byBody = new Map(counts.map((c) => [c.bodyId, c]));
      const rows = bodies
        .filter((b) => !bodyId || b.id === bodyId)
        .map((b) => {
          const c = byBody.get(b.id) ?? { cases: 0, decided: 0, decidedOnTime: 0, overdueNow: 0, extended: 0 };
          const days = workingDays.get(b.id) ?? { total: 0, count: 0 };
          return {
            bodyId: b.id,
            nameKk: b.name_kk,
            nameRu: b.name_ru,
            reviewTermDays: b.review_term_days,
            cases: c.cases,
            decided: c.decided,
            decidedOnTime: c.decidedOnTime,
            onTimeRate: c.decided > 0 ? round(c.decidedOnTime / c.decided, 4) : null,
            overdueNow: c.overdueNow,
            extended: c.extended,
            averageWorkingDaysToDecision: days.count > 0 ? round(days.total / days.count, 2) : null,
          };
        });
      return {
        generatedAt: now.toISOString(),
        registeredFrom: q.registeredFrom ?? null,
        registeredTo: q.registeredTo ?? null,
        bodies: rows,
      };
    },
  };
}
