import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../../db/database';
import { findLetter, listLetters, markLetterPosted, recordLetterDelivered, type Letter } from '../../db/outbox';
import { complaintWorkflowId, letterDelivered, letterPosted } from '../../workflows/complaint-messages';
import type { z } from 'zod';
import type { ApiHandlers } from '../contract';
import type { letterViewSchema } from '../contract/responses';
import { Answer } from '../contract/route';
import { ApiError } from '../errors';
import { HTML_CSP, html, page } from '../html';

const letterView = (l: Letter): z.input<typeof letterViewSchema> => ({
  id: l.id,
  complaintId: l.complaintId,
  incomingNumber: l.incomingNumber,
  purpose: l.purpose,
  notificationKey: l.notificationKey,
  recipientAddress: l.recipientAddress,
  textKk: l.textKk,
  textRu: l.textRu,
  language: l.language as 'kk' | 'ru' | null,
  status: l.status as 'pending' | 'posted',
  trackingNumber: l.trackingNumber,
  createdAt: l.createdAt.toISOString(),
  postedAt: l.postedAt ? new Date(l.postedAt).toISOString() : null,
  links: { letter: `/v1/outbox/${l.id}/letter` },
});

/**
 * The post room (SPEC "Notifications"): letters to paper complainants wait here until the post
 * room posts them. Decision: the post room uses an `admin` key — the roles of the SPEC are fixed,
 * and of them only the system operators may both read complainants' addresses across bodies and
 * change delivery records; officials, the portal and auditors may not.
 */
export function outboxHandlers(
  db: Db,
  client: Client,
): ApiHandlers<'listLetters' | 'getLetter' | 'markLetterPosted' | 'recordLetterDelivered'> {
  const letterOr404 = async (id: string) => {
    const letter = await findLetter(db, id);
    if (!letter) throw new ApiError(404, 'letter_not_found', `no letter ${id} for the post room`);
    return letter;
  };

  return {
    listLetters: async ({ query: q }) => {
      const { letters, nextAfterId } = await listLetters(db, { status: q.status, limit: q.limit, afterId: q.after });
      return { channel: q.channel, items: letters.map(letterView), nextAfter: nextAfterId };
    },

    // The printable letter itself, in Kazakh or Russian.
    getLetter: async ({ params: { id }, query }) => {
      const l = await letterOr404(id);
      // Law on Languages art. 11: the answer goes in the language of the complaint, when stated.
      const lang = l.language === 'kk' || l.language === 'ru' ? l.language : (query.lang ?? 'ru');
      const letter = page(
        lang,
        l.incomingNumber ?? l.id,
        LETTER_STYLE,
        html` <div class="address">${l.recipientAddress}</div>
          <p class="ref">${lang === 'kk' ? 'Шағым' : 'Жалоба'} № ${l.incomingNumber ?? ''}</p>
          <p>${lang === 'kk' ? l.textKk : l.textRu}</p>`,
      );
      return new Answer(200, letter, { contentType: 'html', headers: { 'Content-Security-Policy': HTML_CSP } });
    },

    // R12: the written notice counts as sent when the post room has posted it; the workflow is told.
    markLetterPosted: async ({ params: { id }, body: { trackingNumber } }) => {
      const result = await markLetterPosted(db, id, trackingNumber, new Date());
      if (result.outcome === 'not_found')
        throw new ApiError(404, 'letter_not_found', `no letter ${id} for the post room`);
      if (result.outcome === 'posted_with_other_tracking_number') {
        throw new ApiError(409, 'already_posted', `letter ${id} was already posted with another tracking number`);
      }
      const { letter } = result;
      // Signalled again on a repeat, so a signal lost to an outage reaches the workflow; the
      // workflow keeps a set of posted letters, so a second signal changes nothing.
      try {
        await client.workflow.getHandle(complaintWorkflowId(letter.complaintId)).signal(letterPosted, {
          notificationKey: letter.notificationKey,
          postedAt: new Date(letter.postedAt!).toISOString(),
        });
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err; // a closed case needs no signal
      }
      return letterView(letter);
    },

    // R9, R13: a posted answer's appeal window runs from its receipt; the workflow counts it again.
    recordLetterDelivered: async ({ params: { id }, body }) => {
      const at = new Date(body.deliveredAt);
      if (at.getTime() > Date.now())
        throw new ApiError(422, 'validation_failed', 'the receipt cannot be in the future', [
          { path: 'body.deliveredAt', message: 'the receipt cannot be in the future' },
        ]);
      const result = await recordLetterDelivered(db, id, at);
      if (result.outcome === 'not_found')
        throw new ApiError(404, 'letter_not_found', `no letter ${id} for the post room`);
      if (result.outcome === 'not_posted') throw new ApiError(409, 'not_posted', `letter ${id} has not been posted`);
      if (result.outcome === 'before_posting') {
        throw new ApiError(422, 'validation_failed', 'the receipt cannot be before the posting', [
          { path: 'body.deliveredAt', message: 'the receipt cannot be before the posting' },
        ]);
      }
      if (result.outcome === 'delivered_at_another_time') {
        throw new ApiError(409, 'already_delivered', `letter ${id} was recorded as delivered at another time`);
      }
      const { letter, deliveredAt } = result;
      // Signalled again on a repeat, so a signal lost to an outage reaches the workflow.
      try {
        await client.workflow.getHandle(complaintWorkflowId(letter.complaintId)).signal(letterDelivered, {
          notificationKey: letter.notificationKey,
          deliveredAt: deliveredAt.toISOString(),
        });
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err; // a closed case needs no signal
      }
      return { ...letterView(letter), deliveredAt: deliveredAt.toISOString() };
    },
  };
}

const LETTER_STYLE = `
body { font-family: "Times New Roman", serif; max-width: 40em; margin: 2em auto; }
.address { margin-left: 55%; margin-bottom: 3em; white-space: pre-line; }
.ref { font-weight: bold; }
`;
