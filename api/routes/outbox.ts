import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../../db/database';
import { findLetter, listLetters, markLetterPosted, recordLetterDelivered, type Letter } from '../../db/outbox';
import { complaintWorkflowId, letterDelivered, letterPosted } from '../../workflows/complaint-messages';
import { boundedInstantSchema } from '../dates';
import type { Handlers } from '../contract/route';
import { ApiError } from '../errors';
import { HTML_CSP, html, page } from '../html';
import { parseBody, parseParams, parseQuery } from '../validation';

export const outboxQuerySchema = z.strictObject({
  channel: z
    .literal('post')
    .default('post')
    .describe('letters for the post room; the other channels leave by themselves'),
  status: z.enum(['pending', 'posted']).default('pending'),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  after: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .describe('nextAfter of the previous page'),
});
export const letterParamsSchema = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'a letter id is a number') });
export const postedSchema = z.strictObject({
  trackingNumber: z
    .string()
    .trim()
    .min(4)
    .max(40)
    .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and hyphens'),
});
export const deliveredSchema = z.strictObject({
  deliveredAt: boundedInstantSchema.describe(
    'when the letter reached the complainant (return receipt or tracking); not before its posting, not in the future',
  ),
});
export const letterQuerySchema = z.strictObject({
  lang: z
    .enum(['kk', 'ru'])
    .optional()
    .describe(
      "when the complaint stated no language (default ru); otherwise the letter is in the complaint's language",
    ),
});

const letterView = (l: Letter) => ({
  id: l.id,
  complaintId: l.complaintId,
  incomingNumber: l.incomingNumber,
  purpose: l.purpose,
  notificationKey: l.notificationKey,
  recipientAddress: l.recipientAddress,
  textKk: l.textKk,
  textRu: l.textRu,
  language: l.language,
  status: l.status,
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
): Handlers<'listLetters' | 'getLetter' | 'markLetterPosted' | 'recordLetterDelivered'> {
  const letterOr404 = async (id: string) => {
    const letter = await findLetter(db, id);
    if (!letter) throw new ApiError(404, 'letter_not_found', `no letter ${id} for the post room`);
    return letter;
  };

  return {
    listLetters: async (req, res) => {
      const q = parseQuery(outboxQuerySchema, req.query);
      const { letters, nextAfterId } = await listLetters(db, { status: q.status, limit: q.limit, afterId: q.after });
      res.json({ channel: q.channel, items: letters.map(letterView), nextAfter: nextAfterId });
    },

    // The printable letter itself, in Kazakh or Russian.
    getLetter: async (req, res) => {
      const { id } = parseParams(letterParamsSchema, req.params);
      const query = parseQuery(letterQuerySchema, req.query);
      const l = await letterOr404(id);
      // Law on Languages art. 11: the answer goes in the language of the complaint, when stated.
      const lang = l.language === 'kk' || l.language === 'ru' ? l.language : (query.lang ?? 'ru');
      res
        .set('Content-Security-Policy', HTML_CSP)
        .type('html')
        .send(
          page(
            lang,
            l.incomingNumber ?? l.id,
            LETTER_STYLE,
            html` <div class="address">${l.recipientAddress}</div>
              <p class="ref">${lang === 'kk' ? 'Шағым' : 'Жалоба'} № ${l.incomingNumber ?? ''}</p>
              <p>${lang === 'kk' ? l.textKk : l.textRu}</p>`,
          ),
        );
    },

    // R12: the written notice counts as sent when the post room has posted it; the workflow is told.
    markLetterPosted: async (req, res) => {
      const { id } = parseParams(letterParamsSchema, req.params);
      const { trackingNumber } = parseBody(postedSchema, req.body);
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
      res.json(letterView(letter));
    },

    // R9, R13: a posted answer's appeal window runs from its receipt; the workflow counts it again.
    recordLetterDelivered: async (req, res) => {
      const { id } = parseParams(letterParamsSchema, req.params);
      const body = parseBody(deliveredSchema, req.body);
      const at = new Date(body.deliveredAt);
      if (at.getTime() > Date.now())
        throw new ApiError(422, 'validation_failed', 'the receipt cannot be in the future', [
          { path: 'deliveredAt', message: 'the receipt cannot be in the future' },
        ]);
      const result = await recordLetterDelivered(db, id, at);
      if (result.outcome === 'not_found')
        throw new ApiError(404, 'letter_not_found', `no letter ${id} for the post room`);
      if (result.outcome === 'not_posted') throw new ApiError(409, 'not_posted', `letter ${id} has not been posted`);
      if (result.outcome === 'before_posting') {
        throw new ApiError(422, 'validation_failed', 'the receipt cannot be before the posting', [
          { path: 'deliveredAt', message: 'the receipt cannot be before the posting' },
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
      res.json({ ...letterView(letter), deliveredAt: deliveredAt.toISOString() });
    },
  };
}

const LETTER_STYLE = `
body { font-family: "Times New Roman", serif; max-width: 40em; margin: 2em auto; }
.address { margin-left: 55%; margin-bottom: 3em; white-space: pre-line; }
.ref { font-weight: bold; }
`;
