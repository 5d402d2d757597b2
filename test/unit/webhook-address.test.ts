import { refusedAddress, refusedUrl, STRICT_POLICY, type WebhookAddressPolicy } from '../../domain/webhook-address';
import { readConfig, webhookPolicyOf, webhookRetryDelaysOf } from '../../platform/config';

const LOOPBACK: WebhookAddressPolicy = { allowLoopback: true, allowedNetworks: [] };

describe('webhook URLs', () => {
  it('take https to a public host', () => {
    expect(refusedUrl('https://receiver.example.kz/hooks', STRICT_POLICY)).toBeUndefined();
    expect(refusedUrl('https://93.184.216.34:8443/x', STRICT_POLICY)).toBeUndefined();
  });

  it('refuse other schemes, credentials and plain http', () => {
    expect(refusedUrl('ftp://receiver.example.kz/', STRICT_POLICY)).toMatch(/http and https/);
    expect(refusedUrl('file:///etc/passwd', STRICT_POLICY)).toMatch(/http and https/);
    expect(refusedUrl('https://user:pw@receiver.example.kz/', STRICT_POLICY)).toMatch(/password/);
    expect(refusedUrl('http://receiver.example.kz/', STRICT_POLICY)).toMatch(/https is required/);
    expect(refusedUrl('not a url', STRICT_POLICY)).toMatch(/not a URL/);
  });

  it('refuse loopback unless npm start allows it, and then take http there only', () => {
    for (const url of ['https://localhost/', 'https://127.0.0.1/', 'https://[::1]/', 'https://127.1.2.3/'])
      expect(refusedUrl(url, STRICT_POLICY)).toBeDefined();
    expect(refusedUrl('http://127.0.0.1:9999/hook', LOOPBACK)).toBeUndefined();
    expect(refusedUrl('http://localhost:9999/hook', LOOPBACK)).toBeUndefined();
    expect(refusedUrl('http://receiver.example.kz/', LOOPBACK)).toMatch(/https is required/);
  });

  it('refuse private, link-local, metadata and reserved addresses, also written as IPv6', () => {
    for (const url of [
      'https://10.1.2.3/',
      'https://172.16.0.1/',
      'https://192.168.1.1/',
      'https://169.254.169.254/latest/meta-data/',
      'https://100.64.0.1/',
      'https://0.0.0.0/',
      'https://[fd00:ec2::254]/',
      'https://[fe80::1]/',
      'https://[::ffff:169.254.169.254]/',
      'https://[::ffff:10.0.0.1]/',
      'https://[::]/',
      'https://224.0.0.1/',
    ])
      expect([url, refusedUrl(url, LOOPBACK)]).toEqual([url, expect.stringMatching(/range|loopback/)]);
  });

  it('let through a network the operator lists', () => {
    const policy = webhookPolicyOf(readConfig({ WEBHOOK_ALLOWED_NETWORKS: '10.20.0.0/16, fd12::/16' }));
    expect(refusedAddress('10.20.3.4', policy)).toBeUndefined();
    expect(refusedAddress('10.21.3.4', policy)).toMatch(/range/);
    expect(refusedAddress('fd12::5', policy)).toBeUndefined();
    expect(refusedAddress('169.254.169.254', policy)).toMatch(/range/);
    expect(() => readConfig({ WEBHOOK_ALLOWED_NETWORKS: '10.0.0.0/40' })).toThrow(/WEBHOOK_ALLOWED_NETWORKS/);
    expect(() => readConfig({ WEBHOOK_ALLOWED_NETWORKS: 'intranet' })).toThrow(/WEBHOOK_ALLOWED_NETWORKS/);
  });

  it('judge resolved addresses the same way (delivery time)', () => {
    expect(refusedAddress('8.8.8.8', STRICT_POLICY)).toBeUndefined();
    expect(refusedAddress('2a00:1450:4001::1', STRICT_POLICY)).toBeUndefined();
    expect(refusedAddress('127.0.0.1', STRICT_POLICY)).toMatch(/loopback/);
    expect(refusedAddress('::ffff:7f00:1', STRICT_POLICY)).toMatch(/loopback/);
    expect(refusedAddress('127.0.0.1', LOOPBACK)).toBeUndefined();
  });
});

describe('webhook configuration', () => {
  it('reads the retry schedule in seconds, and loopback only when asked', () => {
    expect(webhookRetryDelaysOf(readConfig({}))).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000,
    ]);
    expect(webhookRetryDelaysOf(readConfig({ WEBHOOK_RETRY_SECONDS: '0.5, 2,10' }))).toEqual([500, 2_000, 10_000]);
    expect(() => readConfig({ WEBHOOK_RETRY_SECONDS: '5,soon' })).toThrow(/WEBHOOK_RETRY_SECONDS/);
    expect(() => readConfig({ WEBHOOK_RETRY_SECONDS: '0' })).toThrow(/WEBHOOK_RETRY_SECONDS/);
    expect(webhookPolicyOf(readConfig({})).allowLoopback).toBe(false);
    expect(webhookPolicyOf(readConfig({}), true).allowLoopback).toBe(true);
    expect(webhookPolicyOf(readConfig({ WEBHOOK_ALLOW_LOOPBACK: 'true' })).allowLoopback).toBe(true);
  });
});
