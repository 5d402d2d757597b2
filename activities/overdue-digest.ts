import type { Db } from '../db/database';
import {
  bodiesForDigests,
  claimOverdueStages,
  countDigestAttempt,
  insertDigest,
  markDigestSent,
  markDigestUndeliverable,
  pendingDigests,
  recordDigestFailure,
  type ClaimedStage,
} from '../db/head-digests';
import { almatyDate, lastDayOfTerm } from '../domain/calendar';
import { headDigestText } from '../domain/head-digest-text';
import { headRecipients } from './notifications';
import { PermanentDeliveryFailure, type MessageTransport } from './transport';

export interface OverdueDigestRun {
  day: string;
  /** Bodies whose head got a digest of this day in this run. */
  bodies: number;
  /** Overdue cases those digests named. */
  cases: number;
  /** Digests (one per body and channel) delivered in this run, any day's. */
  sent: number;
}

/**
 * R1: the head of each body is told once a day of the body's cases gone overdue since the last
 * digest, one message per channel listing them, instead of one message per case: every case
 * registered on one day goes overdue at the same instant (terms are counted in days). Writing the
 * digests is one transaction (idempotent by body and day); sending them goes on until every
 * channel has accepted or refused for good (thrown: retried by Temporal).
 */
export async function sendOverdueDigests(
  db: Db,
  transport: MessageTransport,
  req: { at: string },
): Promise<OverdueDigestRun> {
  const day = almatyDate(new Date(req.at));
  const claimed = await db.transaction().execute(async (trx) => {
    const stages = await claimOverdueStages(trx, day);
    const byBody = new Map<string, ClaimedStage[]>();
    for (const s of stages) byBody.set(s.body_id, [...(byBody.get(s.body_id) ?? []), s]);
    for (const body of await bodiesForDigests(trx, [...byBody.keys()])) {
      const cases = byBody
        .get(body.id)!
        .map((s) => ({ incomingNumber: s.incoming_number, lastDay: lastDayOfTerm(s.deadline) }))
        .sort((a, b) => a.lastDay.localeCompare(b.lastDay) || a.incomingNumber.localeCompare(b.incomingNumber));
      for (const r of headRecipients(body)) {
        const text = headDigestText({
          day,
          bodyNameKk: body.name_kk,
          bodyNameRu: body.name_ru,
          channel: r.channel,
          cases,
        });
        await insertDigest(trx, {
          bodyId: body.id,
          day,
          channel: r.channel,
          recipient: r.to,
          caseCount: cases.length,
          textKk: text.kk,
          textRu: text.ru,
          at: req.at,
        });
      }
    }
    return { bodies: byBody.size, cases: stages.length };
  });
  const sent = await deliverDigests(db, transport);
  return { day, ...claimed, sent };
}

/** Sends every pending digest; a channel refused for good is given up, others are retried. */
async function deliverDigests(db: Db, transport: MessageTransport): Promise<number> {
  const failures: string[] = [];
  let sent = 0;
  for (const row of await pendingDigests(db)) {
    if (row.channel === 'internal') {
      // A body with neither the head's e-mail nor phone: said so, never called sent.
      await markDigestUndeliverable(db, row.id, 'no e-mail or phone for the recipient');
      continue;
    }
    await countDigestAttempt(db, row.id);
    try {
      await transport.send({
        id: `digest-${row.body_id}-${row.day}-${row.channel}`,
        channel: row.channel as 'email' | 'sms',
        to: row.recipient,
        subject: 'head_digest',
        textKk: row.text_kk,
        textRu: row.text_ru,
      });
    } catch (err) {
      const reason = String((err as Error)?.message ?? err).slice(0, 500);
      if (err instanceof PermanentDeliveryFailure) await markDigestUndeliverable(db, row.id, reason);
      else {
        await recordDigestFailure(db, row.id, reason);
        failures.push(`${row.channel}: ${reason}`);
      }
      continue;
    }
    await markDigestSent(db, row.id);
    sent++;
  }
  if (failures.length > 0) throw new Error(`${failures.length} digest(s) not delivered: ${failures.join('; ')}`);
  return sent;
}
