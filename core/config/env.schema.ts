import { z } from 'zod';

const isBase64Key32 = (value: string) =>
  /^[A-Za-z0-9+/]{43}=$/.test(value) && Buffer.from(value, 'base64').length === 32;
const keyFormat = 'must be 32 random bytes in base64 (44 characters); generate one with `openssl rand -base64 32`';
const base64Key32 = z.string().refine(isBase64Key32, { message: keyFormat });

/** A comma list of keys; a bad entry is named by its position, since a key is never echoed. */
const base64Key32List = z.string().transform((value, ctx) => {
  const keys = value.split(',').map((key) => key.trim());
  keys.forEach((key, index) => {
    if (!isBase64Key32(key))
      ctx.addIssue({ code: 'custom', message: `entry ${index + 1} of ${keys.length} ${keyFormat}` });
  });
  return keys;
});

const hostPort = z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, {
  message: 'must be host:port, for example 127.0.0.1:7233',
});

/** pino's levels, quietest last; `silent` logs nothing. */
export const logLevelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

/** A TCP port to serve metrics on; 0 serves none. */
const metricsPort = z.coerce.number().int().min(0).max(65535);

/**
 * Every environment variable the server and the worker read. Development fills the gaps with
 * embedded defaults; `productionRules` lists what production must be given explicitly.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z
    .url({
      protocol: /^postgres(ql)?$/,
      error: 'must be a postgres:// URL, for example postgres://user:password@host:5432/db',
    })
    .optional(),
  TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('workflow-agent'),
  TEMPORAL_UI_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8233'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** How long one authoring call may take before the chat says the model timed out. */
  LLM_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(120),
  APP_ENCRYPTION_KEY: base64Key32.optional(),
  /**
   * Keys secrets were encrypted under before the current one, comma-separated: they still
   * decrypt, never encrypt, until `npm run secrets:rotate` has moved every secret to the current key.
   */
  APP_ENCRYPTION_KEYS_PREVIOUS: base64Key32List.default([]),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:5173'),
  /**
   * Address ranges workflow nodes may call besides the public internet: a comma list of
   * loopback, private, link-local. Empty (the default) refuses them all, so a spec cannot reach
   * internal services.
   */
  OUTBOUND_ALLOW_NETWORKS: z
    .string()
    .regex(/^\s*(loopback|private|link-local)(\s*,\s*(loopback|private|link-local))*\s*$/, {
      message: 'must be a comma-separated list of loopback, private, link-local',
    })
    .optional(),
  /**
   * Days a test run is kept after it ends, and the hidden workflow of a chat's proposals nobody
   * accepted once its test runs are gone; 0 keeps them for ever.
   */
  TEST_RUN_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(30),
  /** The least severe log lines written: JSON lines in production, one readable line each otherwise. */
  LOG_LEVEL: logLevelSchema.default('info'),
  /** The API's Prometheus metrics (`/metrics`), on a port of their own so they stay off the public one; 0: none. */
  METRICS_PORT: metricsPort.default(9464),
  /** The worker's Prometheus metrics (the Temporal SDK's and the runs'), on its own port; 0: none. */
  WORKER_METRICS_PORT: metricsPort.default(9465),
  /**
   * Whether the API runs a worker of its own and starts the runs it launches on it eagerly: Temporal
   * answers the start with the run's first workflow task instead of queueing it for a poller, about
   * a node's worth of time saved on every run (decision 7). `false` leaves runs to worker processes.
   */
  API_WORKER: z.stringbool().default(true),
  /** The metrics of the API's own worker, as WORKER_METRICS_PORT has the worker process's; 0: none. */
  API_WORKER_METRICS_PORT: metricsPort.default(9466),
  /**
   * An OpenTelemetry collector's OTLP/HTTP base URL (`http://collector:4318`): when set, the API and
   * the worker export traces of each request and run to `<url>/v1/traces`; unset, nothing is traced.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
});

/** Variables production refuses to start without: no embedded default is acceptable there. */
export const productionRequired = ['DATABASE_URL', 'APP_ENCRYPTION_KEY', 'TEMPORAL_ADDRESS', 'PUBLIC_URL'] as const;

/** Variables every process needs, in every environment, by the time it starts. */
export const alwaysRequired = ['DATABASE_URL', 'APP_ENCRYPTION_KEY'] as const;

export type RawEnv = z.input<typeof envSchema>;
export type AppConfig = z.output<typeof envSchema> & {
  DATABASE_URL: string;
  APP_ENCRYPTION_KEY: string;
};
