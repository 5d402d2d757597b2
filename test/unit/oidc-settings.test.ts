// The identity provider's settings (api/oidc/settings.ts): unset means API keys only; set, they
// are complete, and the provider is reached over https unless it runs on this machine.
import { oidcSettingsFrom } from '../../api/oidc/settings';
import { readConfig } from '../../platform/config';

const complete = {
  OIDC_ISSUER: 'https://idp.example.kz/realms/gov',
  OIDC_CLIENT_ID: 'complaints-workbench',
  OIDC_CLIENT_SECRET: 'secret',
  OIDC_REDIRECT_URL: 'https://complaints.example.kz/auth/callback',
};
const settings = (env: Record<string, string>) => oidcSettingsFrom(readConfig(env));

describe('the identity provider settings', () => {
  it('none, or empty values, mean API keys only', () => {
    expect(settings({})).toBeUndefined();
    expect(settings({ OIDC_ISSUER: '', OIDC_AUDIENCE: '' })).toBeUndefined();
  });

  it('the defaults: the complaints_* claims, a recheck every 60 s, 30 s of leeway', () => {
    expect(settings(complete)).toMatchObject({
      issuer: complete.OIDC_ISSUER,
      claims: { role: 'complaints_role', body: 'complaints_body', position: 'complaints_position', name: 'name' },
      recheckMs: 60_000,
      clockToleranceSeconds: 30,
    });
  });

  it('claim names and the recheck interval are configurable', () => {
    expect(settings({ ...complete, OIDC_ROLE_CLAIM: 'cce_role', OIDC_RECHECK_SECONDS: '15' })).toMatchObject({
      claims: { role: 'cce_role' },
      recheckMs: 15_000,
    });
  });

  it('an issuer without its client is refused at start', () => {
    expect(() => settings({ OIDC_ISSUER: complete.OIDC_ISSUER })).toThrow(
      'set OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL',
    );
  });

  it('plain http only to this machine', () => {
    expect(() => settings({ ...complete, OIDC_ISSUER: 'http://idp.example.kz/realms/gov' })).toThrow('must be https');
    expect(settings({ ...complete, OIDC_ISSUER: 'http://127.0.0.1:8180/realms/complaints' })?.issuer).toBe(
      'http://127.0.0.1:8180/realms/complaints',
    );
  });
});
