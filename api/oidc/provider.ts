// The organisation's OpenID Connect provider through openid-client (a certified relying party):
// discovery, the authorization code flow with PKCE, refresh, and RP-initiated logout.
import type * as OidcClient from 'openid-client' with { 'resolution-mode': 'import' };
import type { ProviderTokens } from '../../db/person-sessions';
import { isLoopbackHttp, type OidcSettings } from './settings';

/** What the browser carries between the redirect to the provider and the callback. */
export interface SignInTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where to go after sign-in: a path of this site. */
  next?: string;
}

export interface ProviderAnswer {
  claims: Record<string, unknown>;
  tokens: ProviderTokens;
}

export interface IdentityProvider {
  readonly settings: OidcSettings;
  /** The provider's authorization URL for a new sign-in, and what the callback must check. */
  startSignIn(next?: string): Promise<{ url: URL; transaction: SignInTransaction }>;
  /** The callback: the code exchanged (PKCE, state, nonce, issuer checked), the ID token's claims. */
  completeSignIn(callbackUrl: URL, transaction: SignInTransaction): Promise<ProviderAnswer>;
  /** A refresh: the new ID token's claims, or 'refused' when the provider ended the grant (user disabled, logged out). */
  refresh(refreshToken: string): Promise<ProviderAnswer | 'refused'>;
  /** RP-initiated logout: the provider's end-session URL, or undefined if it offers none. */
  endSessionUrl(idToken: string | undefined, postLogoutRedirect: string): Promise<URL | undefined>;
  /** The provider's JWKS address (bearer tokens of systems). */
  jwksUri(): Promise<URL>;
  /** The provider's origin: forms may post to it (the sign-out redirect). */
  readonly origin: string;
}

const load = () => import('openid-client');

function tokensOf(
  response: OidcClient.TokenEndpointResponse & OidcClient.TokenEndpointResponseHelpers,
): ProviderAnswer {
  const claims = response.claims();
  if (!claims || !response.id_token) throw new Error('the provider answered without an ID token');
  return {
    claims: claims as Record<string, unknown>,
    tokens: {
      idToken: response.id_token,
      refreshToken: response.refresh_token ?? null,
      idTokenExpiresAt: new Date(claims.exp * 1000),
    },
  };
}

export function identityProvider(settings: OidcSettings): IdentityProvider {
  let discovered: Promise<OidcClient.Configuration> | undefined;
  // Discovered on first use and kept; a failure (the provider not up yet) is tried again next time.
  const configuration = () =>
    (discovered ??= (async () => {
      const oidc = await load();
      const config = await oidc.discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        undefined,
        { execute: isLoopbackHttp(settings.issuer) ? [oidc.allowInsecureRequests] : [], timeout: 10 },
      );
      config.timeout = 10;
      // The ID token's signature is checked too, though it came straight from the token endpoint.
      oidc.enableNonRepudiationChecks(config);
      return config;
    })().catch((err) => {
      discovered = undefined;
      throw err;
    }));

  return {
    settings,
    origin: new URL(settings.issuer).origin,
    async startSignIn(next) {
      const oidc = await load();
      const config = await configuration();
      const transaction: SignInTransaction = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
        ...(next ? { next } : {}),
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUrl,
        scope: 'openid profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(transaction.codeVerifier),
        code_challenge_method: 'S256',
        state: transaction.state,
        nonce: transaction.nonce,
      });
      return { url, transaction };
    },
    async completeSignIn(callbackUrl, transaction) {
      const oidc = await load();
      const response = await oidc.authorizationCodeGrant(
        await configuration(),
        callbackUrl,
        {
          pkceCodeVerifier: transaction.codeVerifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
          idTokenExpected: true,
        },
        { redirect_uri: settings.redirectUrl },
      );
      return tokensOf(response);
    },
    async refresh(refreshToken) {
      const oidc = await load();
      try {
        return tokensOf(await oidc.refreshTokenGrant(await configuration(), refreshToken, { scope: 'openid profile' }));
      } catch (err) {
        // The provider's own "no" (invalid_grant: the user disabled, the session ended there).
        if (err instanceof oidc.ResponseBodyError) return 'refused';
        throw err;
      }
    },
    async endSessionUrl(idToken, postLogoutRedirect) {
      const oidc = await load();
      const config = await configuration();
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      return oidc.buildEndSessionUrl(config, {
        post_logout_redirect_uri: postLogoutRedirect,
        ...(idToken ? { id_token_hint: idToken } : { client_id: settings.clientId }),
      });
    },
    async jwksUri() {
      const uri = (await configuration()).serverMetadata().jwks_uri;
      if (!uri) throw new Error('the provider publishes no jwks_uri');
      return new URL(uri);
    },
  };
}
