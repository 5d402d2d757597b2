// The case page of the workbench: the complaint, the receipt, the R4 marks, the timeline and the
// forms for the actions possible now; for auditors the decoded Temporal history.
import { principalOf } from '../auth';
import type { Client } from '@temporalio/client';
import type { Request } from 'express';
import { findBody, listBodies } from '../../db/bodies';
import type { ComplaintRecord } from '../../db/complaints';
import type { Db } from '../../db/database';
import type { Body } from '../../db/schema';
import { timelineOf } from '../../db/timeline';
import { answerPlaceText, answerRoute } from '../../domain/answer-place';
import { lastDayOfTerm } from '../../domain/calendar';
import { CASE_ACTION_DECLARATIONS, type FormField } from '../../domain/case-actions';
import type { Channel, ComplaintInput, Form } from '../../domain/complaint';
import { visibleComplaint } from '../access';
import { caseHistory } from '../history';
import { html, type Html } from '../html';
import { actionsNow, type PageAction } from './allowed-actions';
import { historySection } from './history-section';
import { termLastDay, csrfField, layoutPage, type PageContext } from './layout';
import { calendarNote, marksOf, marksList, repeatNote, timelineTable } from './case-parts';
import { complaintLanguageLine, filingWords, signerLine } from './filing-texts';
import { wordFor, type ActionFormWords, type FormFacts } from './texts';

export interface CasePageOptions {
  /** Base address of the Temporal UI, for the auditor's link. */
  temporalUiUrl?: string;
  namespace: string;
}

/** What the page says above the case: a done action, or a refusal with the API's message. */
export type PageNotice = { kind: 'ok' | 'error'; text: string } | undefined;

/** A refused form's fields as they were sent, so the official does not type them again. */
export interface TypedForm {
  operation: string;
  values: Record<string, string>;
}

function complainantLine(input: ComplaintInput): string {
  const c = input.complainant;
  return c.kind === 'individual' ? [c.surname, c.firstName, c.patronymic].filter(Boolean).join(' ') : c.name;
}

/**
 * R7, R9: the appeal that brought the case to this stage, as the quality-control body's official
 * reviews it: its reasons and demands, beside the complaint it appeals.
 */
function appealSection({ t }: PageContext, c: ComplaintRecord): Html | string {
  const appeal = c.appeals.find((a) => a.stage === c.stage);
  if (!appeal) return '';
  const { reasons, demands, reason, fromIncomingNumber } = appeal.data;
  return html`<h2>${t.appeal}</h2>
    <dl class="fields">
      ${
        fromIncomingNumber
          ? html`<dt>${t.appealedFrom}</dt>
              <dd>№ ${fromIncomingNumber}</dd>`
          : ''
      }
      <dt>${t.reasons}</dt>
      <dd>${reasons ?? reason ?? '—'}</dd>
      <dt>${t.demands}</dt>
      <dd>${demands ?? '—'}</dd>
    </dl>`;
}

const attribute = (name: string, value: string | number | boolean | undefined): Html | string =>
  value === undefined || value === false ? '' : value === true ? html` ${name}` : html` ${name}="${value}"`;

/** One field of an action's form, as its declaration says (domain/case-actions.ts). */
function formField(
  ctx: PageContext,
  words: ActionFormWords,
  f: FormField,
  facts: FormFacts,
  bodies: Body[],
  typed: Record<string, string> | undefined,
): Html {
  const label = words.labels[f.name];
  const value = typed?.[f.name] ?? '';
  switch (f.kind) {
    case 'text':
      return html`<label
        >${label}<input
          name="${f.name}"
          ${attribute('required', f.required)}${attribute('maxlength', f.maxLength)}
          value="${value}"
      /></label>`;
    case 'textarea':
      return html`<label
        >${label}<textarea
          name="${f.name}"
          rows="${f.rows}"
          ${attribute('required', f.required)}${attribute('minlength', f.minLength)}${attribute('maxlength', f.maxLength)}
        >
${value}</textarea>
      </label>`;
    case 'extensionDays':
      return html`<label
        >${label}<input
          type="number"
          name="${f.name}"
          min="1"
          max="${facts.extensionDaysLeft}"
          required
          value="${value}"
      /></label>`;
    case 'select': {
      const options =
        f.options === 'bodies'
          ? bodies.map((b) => ({ value: b.id, word: ctx.lang === 'kk' ? b.name_kk : b.name_ru }))
          : f.options.map((o) => ({ value: o, word: words.options?.[o] ?? wordFor(ctx.lang, o) }));
      return html`<label
        >${label}<select name="${f.name}" ${attribute('required', f.required)}>
          ${f.blank ? html`<option value="">—</option>` : ''}
          ${options.map(
            (o) =>
              html`<option value="${o.value}" ${typed?.[f.name] === o.value ? html` selected` : ''}>${o.word}</option>`,
          )}
        </select></label
      >`;
    }
  }
}

/** An official's action on the case page: its form posts to the action of the same name. */
function actionForm(
  ctx: PageContext,
  caseId: string,
  action: PageAction,
  bodies: Body[],
  typed: Record<string, string> | undefined,
): Html {
  const words = ctx.t.forms[action.name];
  const facts: FormFacts = { extensionDaysLeft: action.extensionDaysLeft };
  const fields = CASE_ACTION_DECLARATIONS[action.name].form ?? [];
  return html`<form class="action" method="post" action="/app/cases/${caseId}/actions/${action.name}">
    <h3 id="h-${action.name}">${words.title}</h3>
    ${words.lead ? html`<p>${words.lead(facts)}</p>` : ''} ${csrfField(ctx)}
    ${fields.map((f) => formField(ctx, words, f, facts, bodies, typed))}
    <button type="submit" aria-describedby="h-${action.name}">${ctx.t.submit}</button>
  </form>`;
}

/** The page for a case the signed-in reader may see (404 otherwise, as the API answers). */
export async function renderCasePage(
  db: Db,
  client: Client,
  req: Request,
  ctx: PageContext,
  options: CasePageOptions,
  notice: PageNotice,
  typed?: TypedForm,
): Promise<string> {
  const { t, lang } = ctx;
  const c: ComplaintRecord = await visibleComplaint(db, principalOf(req), String(req.params.id));
  const input = c.input as ComplaintInput;
  const role = ctx.principal!.role;
  const [timeline, reviewingBody, respondentBody, history, actions] = await Promise.all([
    timelineOf(db, c.id),
    findBody(db, c.reviewing_body_id),
    findBody(db, input.respondent.bodyId),
    role === 'auditor' ? caseHistory(client, db, c.id) : Promise.resolve(undefined),
    role === 'official' ? actionsNow(client, c.id, new Date()) : Promise.resolve([]),
  ]);
  const otherBodies = actions.some((a) => a.name === 'redirect')
    ? (await listBodies(db)).filter((b) => b.id !== c.reviewing_body_id && b.kind !== 'quality_control_body')
    : [];
  const late = c.status === 'under_review' && (c.overdue || new Date(c.deadline) <= new Date());
  const workflowId = c.workflow_id;
  const nameOf = (b: Body | undefined, id: string) => (b ? (lang === 'kk' ? b.name_kk : b.name_ru) : id);
  const answerPlace = reviewingBody
    ? answerPlaceText(
        answerRoute(c.channel as Channel, c.form as Form),
        { name: nameOf(reviewingBody, c.reviewing_body_id), postalAddress: reviewingBody.postal_address },
        lang,
      )
    : '';

  const body = html`${
      notice
        ? html`<p class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">
            ${notice.kind === 'error' ? `${t.refused}: ` : ''}${notice.text}
          </p>`
        : ''
    }
    <dl class="fields">
      <dt>${t.status}</dt>
      <dd>${wordFor(lang, c.status)}</dd>
      <dt>${t.deadline}</dt>
      <dd>
        ${termLastDay(c.deadline)} ${late ? html`<span class="flag late">${t.overdue}</span>` : ''}
        ${c.extended_days > 0 ? html`<span class="muted">(+${c.extended_days})</span>` : ''}
        ${calendarNote(ctx, c.calendar_has_data, lastDayOfTerm(c.deadline))}
      </dd>
      ${repeatNote(ctx, c.repeatOf)}
      <dt>${t.body}</dt>
      <dd>${nameOf(reviewingBody, c.reviewing_body_id)}</dd>
      <dt>${t.answerPlace}</dt>
      <dd>${answerPlace}</dd>
      <dt>${t.assignedTo}</dt>
      <dd>${c.assigned_to ?? '—'}</dd>
    </dl>
    <h2>${t.marks}</h2>
    ${marksList(ctx, marksOf(timeline, c.stage))}
    <h2>${t.actions}</h2>
    ${
      role !== 'official'
        ? ''
        : actions.length === 0
          ? html`<p>${t.noActions}</p>`
          : actions.map((a) =>
              actionForm(ctx, c.id, a, otherBodies, typed?.operation === a.name ? typed.values : undefined),
            )
    }
    <h2>${t.complaint}</h2>
    <dl class="fields">
      <dt>${t.complainant}</dt>
      <dd>${complainantLine(input)}</dd>
      <dt>${t.channel}</dt>
      <dd>${wordFor(lang, c.channel)}</dd>
      <dt>${filingWords(lang).language}</dt>
      <dd>${complaintLanguageLine(lang, input)}</dd>
      <dt>${filingWords(lang).signedBy}</dt>
      <dd>${signerLine(lang, input, complainantLine(input))}</dd>
      <dt>${t.respondent}</dt>
      <dd>
        ${[
          nameOf(respondentBody, input.respondent.bodyId),
          input.respondent.officialPosition,
          input.respondent.officialSurname,
          input.respondent.officialInitials,
        ]
          .filter(Boolean)
          .join(', ')}
      </dd>
      <dt>${t.reasons}</dt>
      <dd>${input.reasons}</dd>
      <dt>${t.demands}</dt>
      <dd>${input.demands}</dd>
      <dt>${t.receipt}</dt>
      <dd>
        <a href="/app/cases/${c.id}/receipt?lang=kk" hreflang="kk">${t.receiptKk}</a> ·
        <a href="/app/cases/${c.id}/receipt?lang=ru" hreflang="ru">${t.receiptRu}</a>
      </dd>
    </dl>
    ${appealSection(ctx, c)}
    <h2>${t.timeline}</h2>
    ${timelineTable(ctx, timeline)}
    ${role === 'auditor' ? historySection(ctx, history, options.temporalUiUrl, options.namespace, workflowId) : ''}`;
  return layoutPage(ctx, `${t.caseTitle} ${c.incoming_number}`, body);
}
