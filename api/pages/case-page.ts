// The case page of the workbench: the complaint, the receipt, the R4 marks, the timeline and the
// forms for the actions possible now; for auditors the decoded Temporal history.
import type { Client } from '@temporalio/client';
import type { Request } from 'express';
import { findBody, listBodies } from '../../db/bodies';
import type { ComplaintRecord } from '../../db/complaints';
import type { Db } from '../../db/database';
import type { Body } from '../../db/schema';
import { timelineOf } from '../../db/timeline';
import { answerPlaceText, answerRoute } from '../../domain/answer-place';
import { lastDayOfTerm } from '../../domain/calendar';
import { REFUSAL_GROUNDS, type Channel, type ComplaintInput, type Form } from '../../domain/complaint';
import { visibleComplaint } from '../access';
import { caseHistory } from '../history';
import { html, type Html } from '../html';
import { actionsNow, type PageAction } from './allowed-actions';
import { historySection } from './history-section';
import { termLastDay, csrfField, layoutPage, type PageContext } from './layout';
import { calendarNote, marksOf, marksList, repeatNote, timelineTable } from './case-parts';
import { complaintLanguageLine, filingWords, signerLine } from './filing-texts';
import { wordFor } from './texts';

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
  const { reasons, demands, reason, fromIncomingNumber } = appeal.data as Record<string, string | undefined>;
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

function actionForm(
  ctx: PageContext,
  caseId: string,
  action: PageAction,
  bodies: Body[],
  typed: Record<string, string> | undefined,
): Html {
  const { t, lang } = ctx;
  const typedValue = (name: string) => typed?.[name] ?? '';
  const selectedIf = (name: string, value: string) => (typed?.[name] === value ? html` selected` : '');
  const form = (title: string, fields: Html) =>
    html`<form class="action" method="post" action="/app/cases/${caseId}/actions/${action.kind}">
      <h3 id="h-${action.kind}">${title}</h3>
      ${csrfField(ctx)} ${fields}
      <button type="submit" aria-describedby="h-${action.kind}">${t.submit}</button>
    </form>`;
  switch (action.kind) {
    case 'assignComplaint':
      return form(
        t.assign,
        html`<label
          >${t.officialName}<input name="officialName" required maxlength="200" value="${typedValue('officialName')}"
        /></label>`,
      );
    case 'extendReview':
      return form(
        t.extend,
        html`<p>${t.extendLead(action.remainingDays)}</p>
          <label
            >${t.extensionReason}<select name="reason">
              <option value="additional_study_or_inspection">${t.reasonStudy}</option>
              <option value="additional_information" ${selectedIf('reason', 'additional_information')}>
                ${t.reasonInformation}
              </option>
            </select></label
          >
          <label
            >${t.workingDays}<input
              type="number"
              name="workingDays"
              min="1"
              max="${action.remainingDays}"
              required
              value="${typedValue('workingDays')}"
          /></label>
          <label
            >${t.explanation}<textarea name="explanation" rows="3" maxlength="2000">
${typedValue('explanation')}</textarea>
          </label>`,
      );
    case 'decideComplaint':
      return form(
        t.decide,
        html`<label
            >${t.outcome}<select name="outcome">
              ${['satisfied', 'partially_satisfied', 'rejected', 'refused_to_review'].map(
                (o) => html`<option value="${o}" ${selectedIf('outcome', o)}>${wordFor(lang, o)}</option>`,
              )}
            </select></label
          >
          <label
            >${t.refusalGround}<select name="refusalGround">
              <option value="">—</option>
              ${REFUSAL_GROUNDS.map(
                (g) => html`<option value="${g}" ${selectedIf('refusalGround', g)}>${wordFor(lang, g)}</option>`,
              )}
            </select></label
          >
          <label
            >${t.reasoning}<textarea name="reasoning" rows="6" required minlength="10">
${typedValue('reasoning')}</textarea>
          </label>`,
      );
    case 'redirectComplaint':
      // R1: to the competent body; the API refuses a quality-control body or the same one with its reason.
      return form(
        t.redirect,
        html`<p>${t.redirectLead}</p>
          <label
            >${t.competentBody}<select name="toBodyId" required>
              ${bodies.map(
                (b) =>
                  html`<option value="${b.id}" ${selectedIf('toBodyId', b.id)}>
                    ${lang === 'kk' ? b.name_kk : b.name_ru}
                  </option>`,
              )}
            </select></label
          >
          <label
            >${t.redirectReason}<textarea name="reason" rows="3" required minlength="10">
${typedValue('reason')}</textarea>
          </label>`,
      );
    case 'handOverAnswer':
      return form(
        t.handOver,
        html`<label
            >${t.handOverOutcome}<select name="outcome">
              <option value="handed_over">${t.handedOver}</option>
              <option value="refused_to_collect" ${selectedIf('outcome', 'refused_to_collect')}>
                ${t.refusedToCollect}
              </option>
            </select></label
          >
          <label
            >${t.recipientRole}<select name="recipient.role">
              <option value="">—</option>
              <option value="complainant" ${selectedIf('recipient.role', 'complainant')}>
                ${t.recipientComplainant}
              </option>
              <option value="representative" ${selectedIf('recipient.role', 'representative')}>
                ${t.recipientRepresentative}
              </option>
            </select></label
          >
          <label
            >${t.identityDocument}<input
              name="recipient.identityDocument"
              maxlength="200"
              value="${typedValue('recipient.identityDocument')}"
          /></label>
          <label>${t.note}<textarea name="note" rows="2" maxlength="2000">${typedValue('note')}</textarea></label>`,
      );
  }
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
  const c: ComplaintRecord = await visibleComplaint(db, req, String(req.params.id));
  const input = c.input as ComplaintInput;
  const role = ctx.principal!.role;
  const [timeline, reviewingBody, respondentBody, history, actions] = await Promise.all([
    timelineOf(db, c.id),
    findBody(db, c.reviewing_body_id),
    findBody(db, input.respondent.bodyId),
    role === 'auditor' ? caseHistory(client, db, c.id) : Promise.resolve(undefined),
    role === 'official' ? actionsNow(client, c.id, new Date()) : Promise.resolve([]),
  ]);
  const otherBodies = actions.some((a) => a.kind === 'redirectComplaint')
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
              actionForm(ctx, c.id, a, otherBodies, typed?.operation === a.kind ? typed.values : undefined),
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
