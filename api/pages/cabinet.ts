// The complainant's view as the portal embeds it (R4): the cases of the complainant the portal
// session acts for, each with its marks, its answer and its course, in Kazakh or Russian.
import { principalOf } from '../auth';
import type { Request, RequestHandler } from 'express';
import { findBody } from '../../db/bodies';
import { listComplaints } from '../../db/complaints';
import type { Db } from '../../db/database';
import { timelineOf } from '../../db/timeline';
import { answerPlaceText, answerRoute } from '../../domain/answer-place';
import type { Channel, Form } from '../../domain/complaint';
import { readScope, visibleComplaint } from '../access';
import { documentDate, html } from '../html';
import { answersOf, complainantTimeline, marksList, marksOf, timelineTable } from './case-parts';
import { termLastDay, layoutPage } from './layout';
import { pageContext } from './session';
import { wordFor } from './texts';

export function cabinetHandlers(db: Db): { list: RequestHandler; case: RequestHandler } {
  return {
    list: async (req: Request, res) => {
      const ctx = pageContext(res);
      const { t, lang } = ctx;
      const page = await listComplaints(db, readScope(principalOf(req)), {}, 100);
      const body =
        page.rows.length === 0
          ? html`<p>${t.noCases}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">${t.number}</th>
                  <th scope="col">${t.status}</th>
                  <th scope="col">${t.deadline}</th>
                </tr>
              </thead>
              <tbody>
                ${page.rows.map(
                  (c) =>
                    html`<tr>
                      <td><a href="/cabinet/cases/${c.id}">${c.incoming_number}</a></td>
                      <td>${wordFor(lang, c.status)}</td>
                      <td>${termLastDay(c.deadline)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`;
      res.type('html').send(layoutPage(ctx, t.cabinetTitle, body));
    },

    case: async (req, res) => {
      const ctx = pageContext(res);
      const { t, lang } = ctx;
      const c = await visibleComplaint(db, principalOf(req), String(req.params.id));
      const [events, reviewingBody] = await Promise.all([timelineOf(db, c.id), findBody(db, c.reviewing_body_id)]);
      const timeline = complainantTimeline(events);
      // R3, R8: where the answer is obtained, in the reader's language (the register keeps it in English).
      const answerPlace = reviewingBody
        ? answerPlaceText(
            answerRoute(c.channel as Channel, c.form as Form),
            {
              name: lang === 'kk' ? reviewingBody.name_kk : reviewingBody.name_ru,
              postalAddress: reviewingBody.postal_address,
            },
            lang,
          )
        : '';
      // R9, R13: the last day to escalate or go to court, once the answer is delivered.
      const appeal = c.status === 'decided' ? c.appealWindows.get(c.stage) : undefined;
      const body = html`<dl class="fields">
          <dt>${t.status}</dt>
          <dd>${wordFor(lang, c.status)}</dd>
          <dt>${t.deadline}</dt>
          <dd>${termLastDay(c.deadline)}</dd>
          <dt>${t.answerPlace}</dt>
          <dd>${answerPlace}</dd>
          ${
            appeal
              ? html`<dt>${t.appealDeadline}</dt>
                  <dd>${documentDate(appeal.appealDeadline)}</dd>`
              : ''
          }
          <dt>${t.receipt}</dt>
          <dd>
            <a href="/app/cases/${c.id}/receipt?lang=kk" hreflang="kk">${t.receiptKk}</a> ·
            <a href="/app/cases/${c.id}/receipt?lang=ru" hreflang="ru">${t.receiptRu}</a>
          </dd>
        </dl>
        <h2>${t.marks}</h2>
        ${marksList(ctx, marksOf(timeline, c.stage))}
        <h2>${t.answer}</h2>
        ${answersOf(ctx, timeline)}
        <h2>${t.timeline}</h2>
        ${timelineTable(ctx, timeline)}`;
      res.type('html').send(layoutPage(ctx, `${t.cabinetTitle} ${c.incoming_number}`, body));
    },
  };
}
