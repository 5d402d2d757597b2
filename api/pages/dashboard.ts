// The SLA dashboard: per body and month of registration, complaints received, answered in time,
// extended, overdue, escalated, and the median and 90th percentile of working days to the answer
// (R8, R10, R11, R9); charts as server-rendered SVG and a CSV export.
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { listBodies } from '../../db/bodies';
import { loadWorkingCalendar } from '../../db/calendar';
import type { Db } from '../../db/database';
import { escalatedStages, slaStages } from '../../db/sla-stages';
import { almatyDate } from '../../domain/calendar';
import { bodyIdSchema } from '../../domain/complaint';
import { slaByBodyAndMonth, type SlaMonth } from '../../domain/sla-figures';
import { boundedDateSchema } from '../dates';
import { Html, html } from '../html';
import { parseQuery } from '../validation';
import { countsChart, workingDaysChart, type ChartLabels } from './charts';
import { layoutPage, type PageContext } from './layout';
import { pageContext } from './session';

const dashboardQuerySchema = z.strictObject({
  bodyId: bodyIdSchema.optional(),
  registeredFrom: boundedDateSchema.optional(),
  registeredTo: boundedDateSchema.optional(),
  lang: z.enum(['kk', 'ru']).optional(),
});

/** Twelve months back from the first of this month, unless a period is asked. */
function defaultFrom(now: Date): string {
  const today = almatyDate(now);
  const d = new Date(Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 12, 1));
  return d.toISOString().slice(0, 10);
}

async function figures(db: Db, req: Request) {
  const raw = Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== ''));
  const q = parseQuery(dashboardQuerySchema, raw);
  const principal = req.principal!;
  // An official sees their own body; auditors and admins every body (as GET /reports/sla).
  const bodyId = principal.role === 'official' ? (principal.bodyId ?? '') : q.bodyId;
  const now = new Date();
  const period = { bodyId, registeredFrom: q.registeredFrom ?? defaultFrom(now), registeredTo: q.registeredTo };
  const [stages, escalations, calendar] = await Promise.all([
    slaStages(db, period, now),
    escalatedStages(db, period),
    loadWorkingCalendar(db),
  ]);
  return { q, period, months: slaByBodyAndMonth(stages, calendar, escalations) };
}

const COLUMNS: Array<[keyof SlaMonth, (ctx: PageContext) => string]> = [
  ['bodyId', (c) => c.t.body],
  ['month', (c) => c.t.month],
  ['received', (c) => c.t.received],
  ['answeredInTime', (c) => c.t.answeredInTime],
  ['extended', (c) => c.t.extended],
  ['overdue', (c) => c.t.overdueCount],
  ['escalated', (c) => c.t.escalated],
  ['medianWorkingDays', (c) => c.t.median],
  ['p90WorkingDays', (c) => c.t.p90],
];

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // A cell starting with = + - @ would be a formula in a spreadsheet: quoted and prefixed.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n;']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function dashboardHandlers(db: Db): { page: RequestHandler; csv: RequestHandler } {
  return {
    page: async (req, res) => {
      const ctx = pageContext(res);
      const { t, lang } = ctx;
      const [{ q, period, months }, allBodies] = await Promise.all([figures(db, req), listBodies(db)]);
      // Bodies by name on the page; the CSV keeps the ids (machine names, as its header).
      const bodyName = new Map(allBodies.map((b) => [b.id, lang === 'kk' ? b.name_kk : b.name_ru]));
      const bodies = req.principal!.role === 'official' ? [] : allBodies;
      const named = months.map((m) => ({ ...m, bodyId: bodyName.get(m.bodyId) ?? m.bodyId }));
      const labels: ChartLabels = {
        month: t.month,
        body: t.body,
        received: t.received,
        answeredInTime: t.answeredInTime,
        overdue: t.overdueCount,
        median: t.median,
        p90: t.p90,
        title: '',
      };
      const [counts, days] =
        months.length === 0
          ? ['', '']
          : await Promise.all([
              countsChart(named, { ...labels, title: t.chartCounts }),
              workingDaysChart(named, { ...labels, title: t.chartDays }),
            ]);
      const csvQuery = new URLSearchParams(
        Object.entries({
          bodyId: period.bodyId ?? '',
          registeredFrom: period.registeredFrom,
          registeredTo: period.registeredTo ?? '',
        }).filter(([, v]) => v),
      );
      const body = html`<form class="filters" method="get" action="/app/dashboard" aria-label="${t.filters}">
          ${
            bodies.length
              ? html`<label
                  >${t.body}<select name="bodyId">
                    <option value="">${t.any}</option>
                    ${bodies.map((b) => html`<option value="${b.id}" ${q.bodyId === b.id ? html`selected` : ''}>${bodyName.get(b.id)}</option>`)}
                  </select></label
                >`
              : ''
          }
          <label>${t.registeredFrom}<input type="date" name="registeredFrom" value="${period.registeredFrom}" /></label>
          <label>${t.registeredTo}<input type="date" name="registeredTo" value="${period.registeredTo ?? ''}" /></label>
          <button type="submit">${t.apply}</button>
        </form>
        <p><a href="/app/dashboard.csv?${csvQuery.toString()}" download>${t.csv}</a></p>
        ${
          months.length === 0
            ? html`<p>${t.noData}</p>`
            : html`<figure class="chart" role="img" aria-label="${t.chartCounts}">${new Html(counts)}</figure>
                <figure class="chart" role="img" aria-label="${t.chartDays}">${new Html(days)}</figure>
                <table>
                  <thead>
                    <tr>
                      ${COLUMNS.map(([, label]) => html`<th scope="col">${label(ctx)}</th>`)}
                    </tr>
                  </thead>
                  <tbody>
                    ${months.map(
                      (m) =>
                        html`<tr>
                          ${COLUMNS.map(
                            ([key]) =>
                              html`<td>
                                ${key === 'bodyId' ? (bodyName.get(m.bodyId) ?? m.bodyId) : (m[key] ?? '—')}
                              </td>`,
                          )}
                        </tr>`,
                    )}
                  </tbody>
                </table>`
        }`;
      res.type('html').send(layoutPage(ctx, t.dashboardTitle, body));
    },

    csv: async (req, res) => {
      const { months } = await figures(db, req);
      const header = COLUMNS.map(([key]) => key).join(',');
      const lines = months.map((m) => COLUMNS.map(([key]) => csvCell(m[key])).join(','));
      res
        .type('text/csv; charset=utf-8')
        .attachment('sla-by-body-and-month.csv')
        .send(`${[header, ...lines].join('\r\n')}\r\n`);
    },
  };
}
