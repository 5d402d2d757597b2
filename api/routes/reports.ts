import { listBodies } from '../../db/bodies';
import { loadWorkingCalendar } from '../../db/calendar';
import type { Db } from '../../db/database';
import { slaStages } from '../../db/sla-stages';
import { NO_STAGES, slaByBody } from '../../domain/sla-figures';
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
      const [bodies, stages, calendar] = await Promise.all([
        listBodies(db),
        slaStages(db, period, now),
        loadWorkingCalendar(db),
      ]);
      const byBody = slaByBody(stages, calendar);
      const rows = bodies
        .filter((b) => !bodyId || b.id === bodyId)
        .map((b) => {
          const c = byBody.get(b.id) ?? NO_STAGES;
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
            averageWorkingDaysToDecision: c.averageWorkingDays === null ? null : round(c.averageWorkingDays, 2),
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
