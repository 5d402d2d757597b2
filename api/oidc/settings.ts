import type { Config } from '../../platform/config';
import { DEFAULT_CLAIM_NAMES, type ClaimNames } from './claims';

/** The organisation's OpenID Connect provider, as OIDC_* configure it (README "Signing in"). */
export interface OidcSettings {
  /** OIDC_ISSUER: the provider's issuer URL; its discovery document names everything else. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** OIDC_REDIRECT_URL: this server's /auth/callback as the provider knows it. */
  redirectUrl: string;
  /** OIDC_AUDIENCE: the `aud` a system's bearer token must carry for /v1; unset = no bearer tokens. */
  audience?: string;
  claims: ClaimNames;
  /**
   * How often a page session asks the provider again (a refresh): a person disabled there loses
   * the pages within this (OIDC_RECHECK_SECONDS, 60 s by default).
   */
  recheckMs: number;
  /** Leeway on exp/nbf/iat of bearer tokens, for clocks a little apart (OIDC_CLOCK_TOLERANCE_SECONDS). */
  clockToleranceSeconds: number;
  /** At most one fetch of the provider's keys this often (30 s by default; tests of rotation shorten it). */
  jwksCooldownMs?: number;
}

export const DEFAULT_RECHECK_SECONDS = 60;
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;

/** The settings when OIDC_ISSUER is set (the other three then required), else undefined: keys only. */
export function oidcSettingsFrom(config: Config): OidcSettings | undefined {
  if (!config.OIDC_ISSUER) return undefined;
  const missing = (['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL'] as const).filter((k) => !config[k]);
  if (missing.length > 0) throw new Error(`invalid configuration: OIDC_ISSUER is set, so set ${missing.join(', ')}`);
  // Tokens and the client's secret cross this connection: plain http only to the machine itself.
  if (new URL(config.OIDC_ISSUER).protocol !== 'https:' && !isLoopbackHttp(config.OIDC_ISSUER))
    throw new Error('invalid configuration: OIDC_ISSUER must be https (plain http only on 127.0.0.1 or localhost)');
  return {
    issuer: config.OIDC_ISSUER,
    clientId: config.OIDC_CLIENT_ID!,
    clientSecret: config.OIDC_CLIENT_SECRET!,
    redirectUrl: config.OIDC_REDIRECT_URL!,
    audience: config.OIDC_AUDIENCE,
    claims: {
      role: config.OIDC_ROLE_CLAIM ?? DEFAULT_CLAIM_NAMES.role,
      body: config.OIDC_BODY_CLAIM ?? DEFAULT_CLAIM_NAMES.body,
      position: config.OIDC_POSITION_CLAIM ?? DEFAULT_CLAIM_NAMES.position,
      name: config.OIDC_NAME_CLAIM ?? DEFAULT_CLAIM_NAMES.name,
    },
    recheckMs: (config.OIDC_RECHECK_SECONDS ?? DEFAULT_RECHECK_SECONDS) * 1000,
    clockToleranceSeconds: config.OIDC_CLOCK_TOLERANCE_SECONDS ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
  };
}

/** Plain http only to the machine itself (a provider for development); anywhere else https. */
export function isLoopbackHttp(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}
