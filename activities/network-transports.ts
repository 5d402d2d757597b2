import nodemailer from 'nodemailer';
import { PermanentDeliveryFailure, type MessageTransport, type OutgoingMessage } from './transport';

/** SMTP 5xx: the server refused for good (no such mailbox, policy). Only the code is kept: the reply may quote the address. */
function smtpRefusal(err: unknown): PermanentDeliveryFailure | undefined {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600
    ? new PermanentDeliveryFailure(`mail server refused the message (${code})`)
    : undefined;
}

/** E-mail through SMTP (`SMTP_URL`, e.g. smtp://user:pass@mail.gov.kz:587). Kazakh first, then Russian; only one when the complaint's language is stated. */
export function smtpTransport(smtpUrl: string, from: string): Pick<MessageTransport, 'send'> {
  const mailer = nodemailer.createTransport(smtpUrl);
  return {
    async send(message: OutgoingMessage) {
      try {
        await mailer.sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: [message.textKk, message.textRu].filter((t) => t !== undefined).join('\n\n---\n\n'),
          // The same message id on a retry lets the receiving side drop a duplicate.
          messageId: `<${message.id}@complaints>`,
        });
      } catch (err) {
        throw smtpRefusal(err) ?? err;
      }
    },
  };
}

/** SMS through an HTTP gateway (`SMS_GATEWAY_URL`): POST { id, to, text } as JSON; 2xx means accepted. */
export function smsGatewayTransport(gatewayUrl: string): Pick<MessageTransport, 'send'> {
  return {
    async send(message: OutgoingMessage) {
      const res = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': message.id },
        body: JSON.stringify({ id: message.id, to: message.to, text: message.textKk ?? message.textRu }),
        signal: AbortSignal.timeout(10_000),
      });
      // A 4xx other than timeout/throttling refuses this message for good; anything else is
      // thrown to be retried by Temporal until the gateway accepts.
      const refused = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      if (refused) throw new PermanentDeliveryFailure(`SMS gateway refused the message (${res.status})`);
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    },
  };
}

/** Each channel its own way out: e-mail and SMS over the network where configured, files otherwise. */
export function channelTransport(
  routes: Partial<Record<OutgoingMessage['channel'], Pick<MessageTransport, 'send'>>>,
  fallback: MessageTransport,
): MessageTransport {
  return { send: (message) => (routes[message.channel] ?? fallback).send(message) };
}
