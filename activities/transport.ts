import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface OutgoingMessage {
  /** Unique per message: a retried delivery overwrites, never duplicates. */
  id: string;
  channel: 'email' | 'sms' | 'internal';
  to: string;
  subject: string;
  /** The complaint's language when stated: only its text is sent (Law on Languages art. 11). */
  language?: 'kk' | 'ru';
  /** Both when no language is stated; otherwise only the one in `language`. */
  textKk?: string;
  textRu?: string;
}

/**
 * A refusal that retrying cannot change (an SMTP 5xx reply, an SMS gateway's 4xx): the notice
 * moves on to the complainant's next channel, finally a posted letter (R12), instead of being
 * retried for ever.
 */
export class PermanentDeliveryFailure extends Error {
  override name = 'PermanentDeliveryFailure';
}

export interface MessageTransport {
  send(message: OutgoingMessage): Promise<void>;
}

/**
 * The embedded default with no SMTP server or SMS gateway configured: each message becomes a file
 * under the outbox directory, so a demo shows what would be sent. Nothing is logged here: the
 * messages carry personal data.
 */
export function fileTransport(dir: string): MessageTransport {
  return {
    async send(message) {
      // Messages carry names, addresses and IINs: readable by the owner only.
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const name = `${message.id.replace(/[^a-zA-Z0-9._-]/g, '_')}.json`;
      const file = join(dir, name);
      await writeFile(file, JSON.stringify(message, null, 2), { mode: 0o600 });
      await chmod(file, 0o600); // a retried delivery overwrites a file that may predate the rule
    },
  };
}
