// Bearer JWTs of systems on /v1 (OAuth 2.0 client credentials at the organisation's provider),
// checked with jose: the signature against the provider's JWKS (kept, and fetched again when a
// token names a key it lacks: rotation), the issuer, the audience OIDC_AUDIENCE, exp and nbf with
// a small leeway. Only asymmetric algorithms: `alg: none` and HMAC tokens are refused.
import type { JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import type { Principal } from '../auth';
import { placeByClaims, type ClaimRefusal } from './claims';
import type { IdentityProvider } from './provider';

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** How long a fetched key set is used before it is fetched again; a token naming an unknown key fetches sooner. */
const JWKS_KEPT_MS = 10 * 60_000;
/** At most one fetch of the key set this often, whatever unknown keys tokens name (a flood costs nothing). */
const JWKS_COOLDOWN_MS = 30_000;

export type BearerCheck =
  | { principal: Principal }
  /** Not a token this API accepts (signature, issuer, audience, time, algorithm): 401 invalid_token. */
  | { invalid: string }
  /** A valid token whose claims grant nothing here: 403 insufficient_scope. */
  | { refused: ClaimRefusal }
  /** The provider's keys could not be fetched: 503, try again. */
  | { unavailable: string };

/** Whether a bearer credential is a JWT (three dot-separated parts); API keys have no dots. */
export const looksLikeJwt = (credential: string) => credential.split('.').length === 3;

export function bearerTokenChecker(
  provider: IdentityProvider,
  bodyExists: (bodyId: string) => Promise<boolean>,
): (token: string) => Promise<BearerCheck> {
  const { issuer, audience, clockToleranceSeconds, claims: names } = provider.settings;
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const keySet = () =>
    (keys ??= (async () => {
      const jose = await import('jose');
      return jose.createRemoteJWKSet(await provider.jwksUri(), {
        cacheMaxAge: JWKS_KEPT_MS,
        cooldownDuration: provider.settings.jwksCooldownMs ?? JWKS_COOLDOWN_MS,
        timeoutDuration: 5_000,
      });
    })().catch((err) => {
      keys = undefined;
      throw err;
    }));

  return async (token) => {
    const jose = await import('jose');
    if (!audience) return { invalid: 'this API takes no bearer tokens (OIDC_AUDIENCE is not set)' };
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jose.jwtVerify(token, await keySet(), {
        issuer,
        audience,
        clockTolerance: clockToleranceSeconds,
        algorithms: ALGORITHMS,
      }));
    } catch (err) {
      if (err instanceof jose.errors.JOSEError && !(err instanceof jose.errors.JWKSTimeout))
        return { invalid: invalidReason(err, jose.errors) };
      return { unavailable: "the identity provider's keys could not be fetched" };
    }
    const bodyId = typeof payload[names.body] === 'string' ? (payload[names.body] as string) : undefined;
    const known = bodyId !== undefined && (await bodyExists(bodyId));
    const placed = placeByClaims(payload, names, 'system', (id) => id === bodyId && known);
    return 'principal' in placed ? placed : { refused: placed.refused };
  };
}

/** Words for the error_description: which check failed, never the token's content. */
function invalidReason(
  err: Error,
  errors: typeof import('jose', { with: { 'resolution-mode': 'import' } }).errors,
): string {
  if (err instanceof errors.JWTExpired) return 'the token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `the token's ${err.claim} claim is not accepted`;
  if (err instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with an accepted algorithm';
  if (err instanceof errors.JWSSignatureVerificationFailed) return "the token's signature does not verify";
  if (err instanceof errors.JWKSNoMatchingKey) return 'the token is signed with a key the provider does not publish';
  return 'the token is not a valid signed JWT';
}
