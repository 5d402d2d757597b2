import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface OutgoingMessage {
  /** Unique per message: a retried delivery overwrites, never duplicates. */
  id: string;
  channel: 'email' | 'sms' | 'internal';
  to: string;
  subject: string;
  textKk: string;
  textRu: string;
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
      await mkdir(dir, { recursive: true });
      const name = `${message.id.replace(/[^a-zA-Z0-9._-]/g, '_')}.json`;
      await writeFile(join(dir, name), JSON.stringify(message, null, 2));
    },
  };
}
