// Parts of a case that the workbench and the complainant's view both show: the R4 marks, the
// timeline, the answer.
import type { Mark } from '../../db/schema';
import { html, type Html } from '../html';
import { almatyDateTime, type PageContext } from './layout';
import { roleWord, wordFor, type PageLanguage } from './texts';

export interface TimelineEntry {
  stage: number;
  kind: string;
  mark: string | null;
  at: Date | string;
  data: Record<string, unknown>;
}

/** R4: delivery, registration, execution, and the answer or the refusal to review. */
const MARK_ORDER: readonly Mark[] = ['delivered', 'registered', 'in_execution', 'answered'];

export function marksOf(timeline: readonly TimelineEntry[], stage: number): { mark: Mark; at?: Date | string }[] {
  const seen = new Map<string, Date | string>();
  for (const e of timeline) if (e.stage === stage && e.mark && !seen.has(e.mark)) seen.set(e.mark, e.at);
  const order = seen.has('refused') ? (['delivered', 'registered', 'refused'] as Mark[]) : MARK_ORDER;
  return order.map((mark) => ({ mark, at: seen.get(mark) }));
}

export function marksList(ctx: PageContext, marks: { mark: Mark; at?: Date | string }[]): Html {
  return html`<ol class="marks">
    ${marks.map(
      (m) =>
        html`<li class="${m.at ? 'done' : ''}">
          ${m.at ? '✓ ' : ''}${wordFor(ctx.lang, m.mark)}${m.at ? html` <span class="muted">${almatyDateTime(m.at)}</span>` : ''}
        </li>`,
    )}
  </ol>`;
}

/** Who acted, as the register recorded it: an official's name, or the system in words (never its role slug). */
function actorOf(lang: PageLanguage, data: Record<string, unknown>): string {
  const by = (data.by ?? data.signedBy) as
    { role?: string; person?: { surname: string; initials: string } } | undefined;
  if (!by) return '';
  if (by.person) return `${by.person.surname} ${by.person.initials}`;
  return by.role ? roleWord(lang, by.role) : '';
}

/**
 * What the complainant's cabinet shows of the timeline (R4): the course of their case, not the
 * body's internal alerts (a head's overdue alert that failed is the body's matter).
 */
export function complainantTimeline<T extends TimelineEntry>(timeline: readonly T[]): T[] {
  return timeline.filter((e) => e.kind !== 'notice:head_alert' && e.data?.purpose !== 'head_alert');
}

function detailsOf(ctx: PageContext, e: TimelineEntry): string {
  const d = e.data ?? {};
  return [
    typeof d.officialName === 'string' ? d.officialName : '',
    typeof d.workingDays === 'number' ? `+${d.workingDays}` : '',
    typeof d.outcome === 'string' ? wordFor(ctx.lang, d.outcome) : '',
    actorOf(ctx.lang, d),
  ]
    .filter(Boolean)
    .join(' · ');
}

export function timelineTable(ctx: PageContext, timeline: readonly TimelineEntry[]): Html {
  const { t, lang } = ctx;
  return html`<table>
    <thead>
      <tr>
        <th scope="col">${t.time}</th>
        <th scope="col">${t.stage}</th>
        <th scope="col">${t.event}</th>
        <th scope="col">${t.mark}</th>
        <th scope="col">—</th>
      </tr>
    </thead>
    <tbody>
      ${timeline.map(
        (e) =>
          html`<tr>
            <td>${almatyDateTime(e.at)}</td>
            <td>${e.stage}</td>
            <td>${wordFor(lang, e.kind)}</td>
            <td>${wordFor(lang, e.mark)}</td>
            <td>${detailsOf(ctx, e)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The answers of each stage, as the complainant reads them. */
export function answersOf(ctx: PageContext, timeline: readonly TimelineEntry[]): Html {
  const { t, lang } = ctx;
  const decided = timeline.filter((e) => e.kind === 'decided');
  if (decided.length === 0) return html`<p>${t.noAnswer}</p>`;
  return html`${decided.map(
    (e) =>
      html`<article class="answer">
        <h3>${t.stage} ${e.stage}: ${wordFor(lang, String(e.data.outcome ?? ''))}</h3>
        <p>${String(e.data.reasoning ?? '')}</p>
        ${e.data.refusalGround ? html`<p>${wordFor(lang, String(e.data.refusalGround))}</p>` : ''}
        <p class="muted">
          ${t.decidedBy}: ${String(e.data.decidedBy ?? actorOf(lang, e.data))} · ${almatyDateTime(e.at)}
        </p>
      </article>`,
  )}`;
}

/** An earlier case of the same complainant on the same matter, as the register links it. */
export interface RepeatedCase {
  id: string;
  incomingNumber: string;
  status: string;
  registeredOn: string;
}

/**
 * A repeated complaint is shown to the official with the earlier cases it repeats (never a
 * reason to refuse by itself): as the JSON's `repeatOf` gives them, each a link to its page.
 */
export function repeatNote(ctx: PageContext, repeatOf: readonly RepeatedCase[]): Html {
  const { t, lang } = ctx;
  if (repeatOf.length === 0) return html``;
  return html`<dt>${t.repeatOf}</dt>
    <dd class="repeat">
      ${t.repeatLead}
      ${repeatOf.map(
        (e, i) =>
          html`${i > 0 ? ', ' : ''}<a href="/app/cases/${e.id}"
              >${t.repeatCase(e.incomingNumber, e.registeredOn, wordFor(lang, e.status))}</a
            >`,
      )}
    </dd>`;
}

/** A term counted without the year's official calendar says so, and that it will be recounted. */
export function calendarNote(ctx: PageContext, calendarHasData: boolean, lastDay: string): Html {
  return calendarHasData
    ? html``
    : html`<span class="flag provisional">${ctx.t.withoutCalendar(lastDay.slice(0, 4))}</span>`;
}
