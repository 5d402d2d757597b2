import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, webhookHeaders } from '../../domain/webhook-signature';

describe('Standard Webhooks signatures', () => {
  const body = JSON.stringify({ type: 'complaint.closed', timestamp: '2026-03-02T09:00:00.000Z', data: {} });

  it('verify with the reference library', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const headers = webhookHeaders([secret], '42', new Date(), body);
    expect(headers['webhook-id']).toBe('42');
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    // The library's own signature is ours, byte for byte.
    const at = new Date(Number(headers['webhook-timestamp']) * 1000);
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign('42', at, body));
  });

  it('fail with another secret, another body, another id or an old timestamp', () => {
    const secret = newWebhookSecret();
    const headers = webhookHeaders([secret], '42', new Date(), body);
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body.replace('closed', 'decided'), headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': '43' })).toThrow();
    const old = webhookHeaders([secret], '42', new Date(Date.now() - 10 * 60_000), body);
    expect(() => new Webhook(secret).verify(body, old)).toThrow(/too old/i);
  });

  it('carry both signatures while a rotated secret is honoured: a receiver with either verifies', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = webhookHeaders([current, previous], '7', new Date(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy();
  });
});
