import { z } from 'zod';

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
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
  /** Who may read the API's /metrics (it takes no key): only the machine itself, or anyone. */
  METRICS_FROM: z.enum(['loopback', 'any']).default('loopback'),
  /**
   * Host names besides localhost, 127.0.0.1 and [::1] under which npm start's Temporal UI
   * (/temporal-ui/ on the API) answers, comma-separated, e.g. `cases.example.kz`.
   */
  TEMPORAL_UI_HOSTS: z.string().default(''),
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

/** The appeal window as the API passes it to each new complaint: days when configured, else months. */
export function appealWindowOf(config: Pick<Config, 'APPEAL_WINDOW_DAYS' | 'APPEAL_WINDOW_MONTHS'>) {
  return config.APPEAL_WINDOW_DAYS !== undefined
    ? { appealWindowDays: config.APPEAL_WINDOW_DAYS }
    : { appealWindowDays: 0, appealWindowMonths: config.APPEAL_WINDOW_MONTHS };
}
