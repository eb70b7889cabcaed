import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { logLevelSchema, type AppConfig } from '../config/env.schema';

export type { Logger };

/**
 * Paths pino replaces with "[redacted]" wherever a line carries them: credentials a request or an
 * error object may hold. Code never logs a secret on purpose; this is the net under that rule.
 */
export const redactedPaths = [
  'authorization',
  'cookie',
  'password',
  'token',
  '*.authorization',
  '*.cookie',
  '*.password',
  '*.token',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'config.APP_ENCRYPTION_KEY',
  'config.APP_ENCRYPTION_KEYS_PREVIOUS',
  'config.OPENAI_API_KEY',
];

type Write = (line: string) => void;

const production = process.env.NODE_ENV === 'production';
// JSON lines in production, for a log pipeline; one readable line per entry everywhere else.
const format: (line: string) => string = production
  ? (line) => line
  : prettyFactory({ colorize: false, singleLine: true });
let write: Write = (line) => process.stdout.write(line);
const destination: DestinationStream = { write: (line) => write(format(line)) };

/**
 * The one logger of the API and the worker (and of core code they share). Its level is
 * `LOG_LEVEL` (info by default) until `configureLogger` applies the validated configuration;
 * `logger.child({ requestId })`, `({ runId, nodeId })` carry context on every line.
 */
export const logger: Logger = pino(
  {
    level: logLevelSchema.catch('info').parse(process.env.LOG_LEVEL),
    redact: { paths: redactedPaths, censor: '[redacted]' },
    base: { pid: process.pid },
  },
  destination,
);

/**
 * Applies the process's validated configuration: its LOG_LEVEL. Before making long-lived child
 * loggers: a child keeps the level its parent had when it was made.
 */
export function configureLogger(config: Pick<AppConfig, 'LOG_LEVEL'>): void {
  logger.level = config.LOG_LEVEL;
}

/**
 * Sends every formatted line to `target` instead of stdout, and returns the previous target; the
 * tests collect each test's lines and print them only when it fails (testing/log-capture.ts).
 */
export function redirectLogs(target: Write): Write {
  const previous = write;
  write = target;
  return previous;
}
