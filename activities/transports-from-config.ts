import { join } from 'node:path';
import { channelTransport, smsGatewayTransport, smtpTransport } from './network-transports';
import { fileTransport, type MessageTransport } from './transport';

export interface TransportSettings {
  SMTP_URL?: string;
  SMTP_FROM?: string;
  SMS_GATEWAY_URL?: string;
  dataDir: string;
}

/** SMTP and the SMS gateway when configured; the rest (and the embedded default) to ./data/outbox files. */
export function transportFromConfig(settings: TransportSettings): MessageTransport {
  return channelTransport(
    {
      ...(settings.SMTP_URL
        ? { email: smtpTransport(settings.SMTP_URL, settings.SMTP_FROM ?? 'complaints@localhost') }
        : {}),
      ...(settings.SMS_GATEWAY_URL ? { sms: smsGatewayTransport(settings.SMS_GATEWAY_URL) } : {}),
    },
    fileTransport(join(settings.dataDir, 'outbox')),
  );
}
