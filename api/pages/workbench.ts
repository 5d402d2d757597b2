// The officials' workbench (/app): the body's queue by deadline, overdue and "due within 3
// working days" marked, the list API's filters, counts; a repeated complaint and a term
// counted without the year's calendar are flagged on their row.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { listBodies } from '../../db/bodies';
import { earlierCasesOnSameMatter } from '../../db/complaints';
import { loadWorkingCalendar } from '../../db/calendar';
import type { Db } from '../../db/database';
import type { ComplaintRow } from '../../db/schema';
import { queueByDeadline, queueCounts, type QueuePosition } from '../../db/workbench-queue';
import { addWorkingDays, almatyDate, endOfAlmatyDay } from '../../domain/calendar';
import { documentDate } from '../../domain/document-words';
import { CHANNELS } from '../../domain/complaint-rules';
import { readScope } from '../access';
import { boundedInstantSchema } from '../dates';
import { ApiError } from '../errors';
import { html } from '../html';
import { CASE_STATUSES, complaintListQuerySchema } from '../contract/queries';
import { listFilters } from '../routes/complaint-list';
import { parseQuery } from '../validation';
import { termLastDay, layoutPage, type PageContext } from './layout';
import { pageContext } from './session';
import { wordFor } from './texts';

const QUEUE_PAGE_SIZE = 50;
/** R8 and R10 count terms in working days; the queue warns three of them ahead. */
const DUE_SOON_WORKING_DAYS = 3;

const queueQuerySchema = complaintListQuerySchema.omit({ limit: true, cursor: true }).extend({
  after: z.string().max(200).optional(),
  lang: z.enum(['kk', 'ru']).optional(),
});

// A deadline in the register's years: year 0000 would reach PostgreSQL and fail there (22008).
const positionSchema = z.strictObject({ deadline: boundedInstantSchema, id: z.uuid() });
const encodePosition = (p: QueuePosition) => Buffer.from(JSON.stringify(p)).toString('base64url');
/** The position after which the page starts; one this page did not give out is a 400, as the list API's cursor. */
function decodePosition(text: string): QueuePosition {
  try {
    return positionSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new ApiError(400, 'invalid_request', 'the page position is not one this page gave out', [
      { path: 'query.after', message: 'follow the link to the next page' },
    ]);
  }
}

/** A form's empty fields are "any"; the queue shows cases under review unless a status is asked. */
function queryOf(raw: Record<string, unknown>) {
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
  return { status: 'status' in raw ? undefined : 'under_review', ...given };
}

/** The queue page's HTML for the signed-in reader: one query for the rows, one for the counts. */
export async function renderQueue(db: Db, ctx: PageContext, rawQuery: Record<string, unknown>, now: Date) {
  const { t, lang } = ctx;
  const principal = ctx.principal!;
  const q = parseQuery(queueQuerySchema, queryOf(rawQuery));
  const scope = readScope(principal);
  const calendar = await loadWorkingCalendar(db);
  const soon = endOfAlmatyDay(addWorkingDays(almatyDate(now), DUE_SOON_WORKING_DAYS, calendar));
  const after = q.after ? decodePosition(q.after) : undefined;
  const [page, counts, bodies] = await Promise.all([
    queueByDeadline(db, scope, listFilters(q), QUEUE_PAGE_SIZE, after),
    queueCounts(db, scope, q.bodyId, now, soon),
    listBodies(db),
  ]);
  const repeats = await earlierCasesOnSameMatter(
    db,
    page.rows.map((c) => c.id),
  );
  const bodyName = new Map(bodies.map((b) => [b.id, lang === 'kk' ? b.name_kk : b.name_ru]));

  const flagOf = (c: ComplaintRow) => {
    if (c.status !== 'under_review') return undefined;
    const deadline = new Date(c.deadline);
    if (deadline <= now || c.overdue) return 'late' as const;
    return deadline <= soon ? ('soon' as const) : undefined;
  };
  const row = (c: ComplaintRow) => {
    const flag = flagOf(c);
    return html`<tr class="${flag ?? ''}">
      <td>
        <a href="/app/cases/${c.id}">${c.incoming_number}</a>
        ${repeats.has(c.id) ? html`<span class="flag repeat">${t.repeatFlag}</span>` : ''}
      </td>
      <td>
        ${termLastDay(c.deadline)}
        ${flag ? html`<span class="flag ${flag}">${flag === 'late' ? t.overdue : t.dueSoon}</span>` : ''}
        ${c.calendar_has_data ? '' : html`<span class="flag provisional">${t.withoutCalendarFlag}</span>`}
      </td>
      <td>${wordFor(lang, c.status)}</td>
      <td>${bodyName.get(c.reviewing_body_id) ?? c.reviewing_body_id}</td>
      <td>${wordFor(lang, c.channel)}</td>
      <td>${documentDate(c.registered_on)}</td>
      <td>${c.assigned_to ?? ''}</td>
    </tr>`;
  };
  const option = (value: string, label: string, selected: string | undefined) =>
    html`<option value="${value}" ${selected === value ? html`selected` : ''}>${label}</option>`;
  const select = (
    name: string,
    label: string,
    values: readonly string[],
    selected: string | undefined,
    words: (v: string) => string = (v) => wordFor(lang, v),
  ) =>
    html`<label
      >${label}<select name="${name}">
        ${option('', t.any, selected)} ${values.map((v) => option(v, words(v), selected))}
      </select></label
    >`;
  const nextQuery = new URLSearchParams(
    Object.entries({ ...rawQuery, after: page.next ? encodePosition(page.next) : '' }).map(
      ([k, v]): [string, string] => [k, String(v)],
    ),
  );

  const body = html`<ul class="counts" aria-label="${t.queueTitle}">
      <li><strong>${counts.underReview}</strong>${t.underReview}</li>
      <li><strong>${counts.overdue}</strong>${t.overdue}</li>
      <li><strong>${counts.dueSoon}</strong>${t.dueSoon}</li>
    </ul>
    <form
      class="filters"
      method="get"
      action="/app"
      hx-get="/app"
      hx-target="#queue"
      hx-select="#queue"
      hx-swap="outerHTML"
      hx-push-url="true"
      aria-label="${t.filters}"
    >
      ${select('status', t.status, CASE_STATUSES, q.status)}
      ${
        principal.role !== 'official'
          ? select(
              'bodyId',
              t.body,
              bodies.map((b) => b.id),
              q.bodyId,
              (id) => bodyName.get(id) ?? id,
            )
          : ''
      }
      ${select('channel', t.channel, CHANNELS, q.channel)}
      <label
        >${t.overdueOnly}<select name="overdue">
          ${option('', t.any, q.overdue)} ${option('true', t.yes, q.overdue)} ${option('false', t.no, q.overdue)}
        </select></label
      >
      <label
        >${t.deadlineBefore}<input type="date" name="deadlineBefore" value="${q.deadlineBefore?.slice(0, 10) ?? ''}"
      /></label>
      <label>${t.registeredFrom}<input type="date" name="registeredFrom" value="${q.registeredFrom ?? ''}" /></label>
      <label>${t.registeredTo}<input type="date" name="registeredTo" value="${q.registeredTo ?? ''}" /></label>
      <button type="submit">${t.apply}</button>
    </form>
    <div id="queue">
      ${
        page.rows.length === 0
          ? html`<p>${t.noCases}</p>`
          : html`<table>
              <caption class="muted">
                ${t.queueTitle}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t.number}</th>
                  <th scope="col">${t.deadline}</th>
                  <th scope="col">${t.status}</th>
                  <th scope="col">${t.body}</th>
                  <th scope="col">${t.channel}</th>
                  <th scope="col">${t.registered}</th>
                  <th scope="col">${t.assignedTo}</th>
                </tr>
              </thead>
              <tbody>
                ${page.rows.map(row)}
              </tbody>
            </table>`
      }
      ${page.next ? html`<p><a href="/app?${nextQuery.toString()}">${t.next} →</a></p>` : ''}
    </div>`;
  return layoutPage(ctx, t.queueTitle, body);
}

export function workbenchHandler(db: Db): RequestHandler {
  return async (req, res) => {
    res.type('html').send(await renderQueue(db, pageContext(res), req.query as Record<string, unknown>, new Date()));
  };
}
