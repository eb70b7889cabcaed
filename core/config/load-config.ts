import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { alwaysRequired, envSchema, productionRequired, type AppConfig, type RawEnv } from './env.schema';
import { dotEnvPath } from './paths';
import { logger } from '../logging/logger';

type Env = Record<string, string | undefined>;

/** A configuration problem a person must fix before the process can start. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const hints: Partial<Record<keyof RawEnv, string>> = {
  DATABASE_URL:
    '`npm run dev` starts an embedded PostgreSQL and sets it for you; otherwise set DATABASE_URL=postgres://user:password@host:5432/dbname',
  APP_ENCRYPTION_KEY:
    'generate one with `openssl rand -base64 32` and keep it safe: secrets encrypted under it are unreadable without it',
  TEMPORAL_ADDRESS: 'the host:port of your Temporal frontend, for example temporal:7233',
  PUBLIC_URL: 'the https:// address people open the app at; sign-in cookies and the Origin check are bound to it',
};

/** Variables whose values a configuration error never repeats: they may be real keys. */
const secretVariables = new Set(['APP_ENCRYPTION_KEY', 'APP_ENCRYPTION_KEYS_PREVIOUS']);

/** Treats `VAR=` (as docker compose passes unset values) the same as an absent variable. */
function withoutEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

/** Validates an environment; throws a ConfigError naming every wrong variable and how to fix it. */
export function parseConfig(rawEnv: Env): AppConfig {
  const env = withoutEmpty(rawEnv);
  const problems: string[] = [];
  const result = envSchema.safeParse(env);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '(environment)');
      problems.push(`${secretVariables.has(key) ? key : `${key}=${JSON.stringify(env[key] ?? '')}`}: ${issue.message}`);
    }
  }
  const required =
    env.NODE_ENV === 'production' ? [...new Set([...productionRequired, ...alwaysRequired])] : alwaysRequired;
  for (const key of required) {
    if (env[key] !== undefined) continue;
    const when =
      env.NODE_ENV === 'production' && productionRequired.includes(key as never)
        ? ' (required when NODE_ENV=production)'
        : '';
    problems.push(`${key} is not set${when}: ${hints[key] ?? 'set it in the environment'}`);
  }
  if (problems.length > 0 || !result.success) {
    throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return result.data as AppConfig;
}

/** Fills variables the environment lacks from the git-ignored `.env` (development only). */
export function applyDotEnv(env: Env, path: string): void {
  if (!existsSync(path)) return;
  for (const [key, value] of Object.entries(parseEnv(readFileSync(path, 'utf8')))) {
    if (env[key] === undefined || env[key] === '') env[key] = value;
  }
}

/**
 * Development generates the secrets it needs into `.env` on first run, so a fresh clone starts
 * with no manual step; the values never leave this machine and are never printed.
 */
export function ensureDevSecrets(env: Env, path = dotEnvPath): void {
  if (env.APP_ENCRYPTION_KEY) return;
  const key = randomBytes(32).toString('base64');
  appendFileSync(
    path,
    `# Generated for development on ${new Date().toISOString()}; production sets its own.\nAPP_ENCRYPTION_KEY=${key}\n`,
    { mode: 0o600 },
  );
  env.APP_ENCRYPTION_KEY = key;
  logger.warn({ path }, `generated a development APP_ENCRYPTION_KEY into ${path}`);
}

/**
 * The configuration of this process, validated once at start. Outside production, `.env` fills
 * the gaps and missing development secrets are generated; production reads only its environment.
 */
export function loadConfig(source: Env = process.env, dotEnv = dotEnvPath): AppConfig {
  const env: Env = { ...source };
  if (env.NODE_ENV !== 'production') {
    applyDotEnv(env, dotEnv);
    ensureDevSecrets(env, dotEnv);
  }
  return parseConfig(env);
}

/** Loads the configuration or exits with the readable message; for process entry points. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.fatal(error.message);
    process.exit(78); // EX_CONFIG
  }
}
