import { isIP } from 'node:net';
import { isNetwork, type WebhookAddressPolicy } from '../domain/webhook-address';
import { z } from 'zod';
import type { ProcedureSettings } from '../domain/procedure-settings';

/**
 * The API's rate limits unless configured: requests a minute per API key (shared by its JSON
 * requests and its pages, across replicas), and requests without a valid key a minute per client
 * address (also sign-in failures on the pages). Generous for an office's intake system, tight for
 * someone guessing keys.
 */
export const RATE_LIMITS = { perKeyPerMinute: 1200, authFailuresPerMinute: 120 } as const;

/**
 * Express's `trust proxy`: which proxies' X-Forwarded-For / -Proto the API believes. Off (false) by
 * default: the client is the socket's peer. A hop count, or addresses, subnets and the names
 * `loopback`, `linklocal`, `uniquelocal`. `true` (trust any sender) is refused: every client could
 * then choose its own address and escape the per-address limit on bad keys.
 */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (family === 4 && isIP(prefix) === 4) return true; // a netmask: 10.0.0.0/255.0.0.0
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

export const trustProxySchema = z
  .string()
  .optional()
  .transform((text, ctx): TrustProxy => {
    const value = (text ?? '').trim();
    if (value === '' || value === 'false') return false;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const entries = value.split(',').map((e) => e.trim());
    const wrong = entries.filter((e) => !isProxyAddress(e));
    if (value === 'true' || wrong.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message:
          value === 'true'
            ? 'true would trust every sender; give the number of proxies in front, or their addresses'
            : `not an address, subnet, loopback, linklocal or uniquelocal: ${wrong.join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** An optional setting where an empty value (`OIDC_ISSUER=`) means unset. */
const unsetWhenEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

// Read once at start and passed down; nothing deeper reads process.env.
const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('complaints'),
  /** Port of the dev server that npm start runs when TEMPORAL_ADDRESS is unset. */
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  /** npm start: the Temporal UI server's own port (127.0.0.1 only; browsers use the API's /temporal-ui/). */
  TEMPORAL_UI_PORT: z.coerce.number().int().optional(),
  /** npm start: the dev server's HTTP API port (loopback host names only); a free port when unset. */
  TEMPORAL_HTTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  /** The appeal window from the delivery of the answer, in calendar months (R9, R13; docs/DECISIONS.md). */
  APPEAL_WINDOW_MONTHS: z.coerce.number().int().min(1).max(12).default(3),
  /** A window in days instead of months (short windows for demonstrations and tests). */
  APPEAL_WINDOW_DAYS: z.coerce.number().positive().max(365).optional(),
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().optional(),
  SMS_GATEWAY_URL: z.string().optional(),
  /** `id:<base64 32 bytes>,…`: AES-256-GCM keys for Temporal payloads; unset = no encryption. */
  PAYLOAD_KEYS: z.string().optional(),
  PAYLOAD_KEY_ID: z.string().optional(),
  /** Origins of the Temporal UI that may call the API's /v1/codec from a browser (comma-separated). */
  TEMPORAL_UI_ORIGIN: z.string().optional(),
  /** host:port where the worker's Temporal runtime serves Prometheus metrics (workflow task failures, …). */
  WORKER_METRICS_ADDRESS: z.string().optional(),
  /** A workflow bundle built by `npm run build` (dist/workflow-bundle.js); unset = bundled at start. */
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  /** Requests a minute per API key, shared by replicas; 0 turns rate limiting off (the contract fuzz run in CI). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(RATE_LIMITS.perKeyPerMinute),
  /** Who may read the API's /metrics (it takes no key): only the machine itself, or anyone. */
  METRICS_FROM: z.enum(['loopback', 'any']).default('loopback'),
  /** Proxies in front of the API whose X-Forwarded-For and -Proto are believed (Express's `trust proxy`). */
  TRUST_PROXY: trustProxySchema,
  /**
   * Host names besides localhost, 127.0.0.1 and [::1] under which npm start's Temporal UI
   * (/temporal-ui/ on the API) answers, comma-separated, e.g. `cases.example.kz`.
   */
  TEMPORAL_UI_HOSTS: z.string().default(''),
  /**
   * The organisation's OpenID Connect provider (README "Signing in with your identity provider"):
   * people sign in there, systems present its bearer tokens; unset = API keys only.
   */
  OIDC_ISSUER: unsetWhenEmpty(z.url()),
  OIDC_CLIENT_ID: unsetWhenEmpty(z.string().min(1)),
  OIDC_CLIENT_SECRET: unsetWhenEmpty(z.string().min(1)),
  /** The callback, this server's /auth/callback as the browser reaches it. */
  OIDC_REDIRECT_URL: unsetWhenEmpty(z.url()),
  /** The `aud` of bearer tokens for /v1; unset = /v1 takes API keys only. */
  OIDC_AUDIENCE: unsetWhenEmpty(z.string().min(1)),
  /** Names of the claims that carry the role, the body, the position and the name. */
  OIDC_ROLE_CLAIM: unsetWhenEmpty(z.string().min(1)),
  OIDC_BODY_CLAIM: unsetWhenEmpty(z.string().min(1)),
  OIDC_POSITION_CLAIM: unsetWhenEmpty(z.string().min(1)),
  OIDC_NAME_CLAIM: unsetWhenEmpty(z.string().min(1)),
  /** How often a page session asks the provider again; a disabled person is out within this. */
  OIDC_RECHECK_SECONDS: unsetWhenEmpty(z.coerce.number().int().min(1).max(3600)),
  OIDC_CLOCK_TOLERANCE_SECONDS: unsetWhenEmpty(z.coerce.number().int().min(0).max(300)),
  /**
   * Networks (CIDR, comma-separated) webhooks may reach although private or reserved, e.g. a
   * ministry's document system at `10.20.0.0/16`; none by default (docs/DECISIONS.md).
   */
  WEBHOOK_ALLOWED_NETWORKS: z
    .string()
    .default('')
    .refine((v) => networksOf(v).every(isNetwork), 'comma-separated CIDR networks, e.g. 10.20.0.0/16'),
  /** Webhooks to loopback over http from a worker of its own (test rigs; npm start allows it anyway). */
  WEBHOOK_ALLOW_LOOPBACK: z.enum(['true', 'false']).default('false'),
  /** Seconds before the 1st, 2nd, … retry of a failed delivery; the last repeats until the subscription is disabled. */
  WEBHOOK_RETRY_SECONDS: z
    .string()
    .default('5,300,1800,7200,18000,36000')
    .refine(
      (v) => v.split(',').every((n) => /^\d+(\.\d+)?$/.test(n.trim()) && Number(n) > 0),
      'comma-separated positive seconds, e.g. 5,300,1800',
    ),
});

export type Config = z.infer<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}

const networksOf = (list: string) =>
  list
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);

/** Where webhooks may point; loopback (and http to it) for npm start or when configured. */
export function webhookPolicyOf(
  config: Pick<Config, 'WEBHOOK_ALLOWED_NETWORKS' | 'WEBHOOK_ALLOW_LOOPBACK'>,
  allowLoopback = false,
): WebhookAddressPolicy {
  return {
    allowLoopback: allowLoopback || config.WEBHOOK_ALLOW_LOOPBACK === 'true',
    allowedNetworks: networksOf(config.WEBHOOK_ALLOWED_NETWORKS),
  };
}

export const webhookRetryDelaysOf = (config: Pick<Config, 'WEBHOOK_RETRY_SECONDS'>): number[] =>
  config.WEBHOOK_RETRY_SECONDS.split(',').map((n) => Number(n) * 1000);

/** The procedure's settings as configured: the appeal window in days when APPEAL_WINDOW_DAYS is set, else in months. */
export function procedureSettingsOf(
  config: Pick<Config, 'APPEAL_WINDOW_DAYS' | 'APPEAL_WINDOW_MONTHS'>,
): ProcedureSettings {
  return config.APPEAL_WINDOW_DAYS !== undefined
    ? { appealWindowDays: config.APPEAL_WINDOW_DAYS }
    : { appealWindowDays: 0, appealWindowMonths: config.APPEAL_WINDOW_MONTHS };
}
