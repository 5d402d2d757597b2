// One connection config for every Temporal client: environment variables and temporal.toml
// profiles, read by @temporalio/envconfig, become the options both connection kinds take.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTemporalProfile } from '../../platform/temporal-profile';

const noFile = { TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' };

describe('the Temporal connection profile', () => {
  it('with nothing set names no server (npm start runs its own) and the default namespace', () => {
    const profile = readTemporalProfile({ HOME: mkdtempSync(join(tmpdir(), 'home-')) });
    expect(profile.address).toBeUndefined();
    expect(profile.namespace).toBe('default');
  });

  it('treats an empty TEMPORAL_ADDRESS as unset', () => {
    expect(readTemporalProfile({ ...noFile, TEMPORAL_ADDRESS: '' }).address).toBeUndefined();
  });

  it('takes address and namespace from the environment, plaintext', () => {
    const profile = readTemporalProfile({
      ...noFile,
      TEMPORAL_ADDRESS: '10.0.0.5:7233',
      TEMPORAL_NAMESPACE: 'complaints-prod',
    });
    expect(profile.address).toBe('10.0.0.5:7233');
    expect(profile.namespace).toBe('complaints-prod');
    expect(profile.connectionOptions.tls).toBeUndefined();
    expect(profile.describe()).toBe('10.0.0.5:7233 namespace complaints-prod, plaintext');
  });

  it("expresses Temporal Cloud's API-key form: an API key turns TLS on", () => {
    const profile = readTemporalProfile({
      ...noFile,
      TEMPORAL_ADDRESS: 'eu-central-1.aws.api.temporal.io:7233',
      TEMPORAL_NAMESPACE: 'complaints.a1b2c',
      TEMPORAL_API_KEY: 'secret-key',
    });
    expect(profile.connectionOptions).toMatchObject({
      address: 'eu-central-1.aws.api.temporal.io:7233',
      apiKey: 'secret-key',
      tls: true,
    });
    expect(profile.describe()).not.toContain('secret-key');
    expect(profile.describe()).toContain('API key');
  });

  it('reads a temporal.toml profile with mutual TLS files, and the environment overrides it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profile-'));
    for (const f of ['ca.pem', 'client.pem', 'client.key']) writeFileSync(join(dir, f), `contents of ${f}`);
    const file = join(dir, 'temporal.toml');
    writeFileSync(
      file,
      `[profile.cluster]
address = "localhost:17233"
namespace = "default"
[profile.cluster.tls]
client_cert_path = "${join(dir, 'client.pem')}"
client_key_path = "${join(dir, 'client.key')}"
server_ca_cert_path = "${join(dir, 'ca.pem')}"
server_name = "localhost"
`,
    );
    const profile = readTemporalProfile({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'cluster' });
    expect(profile.address).toBe('localhost:17233');
    const tls = profile.connectionOptions.tls as {
      serverNameOverride?: string;
      serverRootCACertificate?: Buffer;
      clientCertPair?: { crt: Buffer; key: Buffer };
    };
    expect(tls.serverNameOverride).toBe('localhost');
    expect(Buffer.from(tls.serverRootCACertificate!).toString()).toBe('contents of ca.pem');
    expect(Buffer.from(tls.clientCertPair!.crt).toString()).toBe('contents of client.pem');
    expect(Buffer.from(tls.clientCertPair!.key).toString()).toBe('contents of client.key');
    expect(profile.describe()).toBe('localhost:17233 namespace default, mutual TLS');

    const overridden = readTemporalProfile({
      TEMPORAL_CONFIG_FILE: file,
      TEMPORAL_PROFILE: 'cluster',
      TEMPORAL_NAMESPACE: 'other',
    });
    expect(overridden.namespace).toBe('other');
  });

  it('refuses a profile that does not exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profile-'));
    writeFileSync(join(dir, 'temporal.toml'), '[profile.default]\naddress = "x:1"\n');
    expect(() =>
      readTemporalProfile({ TEMPORAL_CONFIG_FILE: join(dir, 'temporal.toml'), TEMPORAL_PROFILE: 'missing' }),
    ).toThrow(/missing/);
  });
});
