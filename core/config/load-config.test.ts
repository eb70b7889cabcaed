import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './load-config';
import { redirectLogs } from '../logging/logger';

const key = randomBytes(32).toString('base64');
const valid = { DATABASE_URL: 'postgres://app@127.0.0.1:5432/app', APP_ENCRYPTION_KEY: key };

function problems(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('parseConfig', () => {
  it('fills development defaults around the required values', () => {
    const config = parseConfig(valid);
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      PORT: 3000,
      PUBLIC_URL: 'http://localhost:5173',
      LLM_MODEL: 'gpt-4o-mini',
    });
    expect(config.OPENAI_API_KEY).toBeUndefined();
  });

  it('names each wrong variable and says how to fix it', () => {
    const message = problems({
      ...valid,
      DATABASE_URL: 'mysql://x',
      PORT: 'eighty',
      APP_ENCRYPTION_KEY: 'short',
      TEMPORAL_ADDRESS: 'nohostport',
    });
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toMatch(/DATABASE_URL="mysql:\/\/x": must be a postgres:\/\/ URL/);
    expect(message).toMatch(/PORT="eighty"/);
    // A key is never repeated, even a wrong one: it may be a real key with a typo.
    expect(message).toMatch(/APP_ENCRYPTION_KEY: must be 32 random bytes in base64.*openssl rand -base64 32/);
    expect(message).not.toContain('short');
    expect(message).toMatch(/TEMPORAL_ADDRESS="nohostport": must be host:port/);
  });

  it('reads previous encryption keys as a comma list, empty by default', () => {
    const older = randomBytes(32).toString('base64');
    expect(parseConfig(valid).APP_ENCRYPTION_KEYS_PREVIOUS).toEqual([]);
    expect(parseConfig({ ...valid, APP_ENCRYPTION_KEYS_PREVIOUS: older }).APP_ENCRYPTION_KEYS_PREVIOUS).toEqual([
      older,
    ]);
    expect(
      parseConfig({ ...valid, APP_ENCRYPTION_KEYS_PREVIOUS: ` ${older} , ${key}` }).APP_ENCRYPTION_KEYS_PREVIOUS,
    ).toEqual([older, key]);
  });

  it('names a malformed previous key by its position, repeating none of them', () => {
    const older = randomBytes(32).toString('base64');
    const message = problems({ ...valid, APP_ENCRYPTION_KEYS_PREVIOUS: `${older},,${older.slice(1)}` });
    expect(message).toMatch(/APP_ENCRYPTION_KEYS_PREVIOUS: entry 2 of 3 must be 32 random bytes in base64/);
    expect(message).toMatch(/APP_ENCRYPTION_KEYS_PREVIOUS: entry 3 of 3 must be 32 random bytes in base64/);
    expect(message).not.toContain(older.slice(1));
  });

  it('says where a missing database comes from', () => {
    expect(problems({ APP_ENCRYPTION_KEY: key })).toMatch(
      /DATABASE_URL is not set: `npm run dev` starts an embedded PostgreSQL/,
    );
  });

  it('treats empty values as unset, as docker compose passes them', () => {
    const config = parseConfig({ ...valid, OPENAI_API_KEY: '', PORT: '' });
    expect(config.OPENAI_API_KEY).toBeUndefined();
    expect(config.PORT).toBe(3000);
  });

  it('refuses to start production without its secrets and addresses', () => {
    const message = problems({ NODE_ENV: 'production' });
    for (const name of ['DATABASE_URL', 'APP_ENCRYPTION_KEY', 'TEMPORAL_ADDRESS', 'PUBLIC_URL']) {
      expect(message).toMatch(new RegExp(`${name} is not set \\(required when NODE_ENV=production\\)`));
    }
  });

  it('starts production when everything is given', () => {
    const config = parseConfig({
      ...valid,
      NODE_ENV: 'production',
      TEMPORAL_ADDRESS: 'temporal:7233',
      PUBLIC_URL: 'https://agent.example.com',
    });
    expect(config.NODE_ENV).toBe('production');
  });
});

describe('loadConfig', () => {
  const scratch = () => join(mkdtempSync(join(tmpdir(), 'wfa-config-')), '.env');

  it('generates a development encryption key into .env once, and reuses it', () => {
    const dotEnv = scratch();
    const lines: string[] = [];
    const previous = redirectLogs((line) => void lines.push(line));
    const first = loadConfig({ DATABASE_URL: valid.DATABASE_URL }, dotEnv);
    const second = loadConfig({ DATABASE_URL: valid.DATABASE_URL }, dotEnv);
    redirectLogs(previous);
    expect(Buffer.from(first.APP_ENCRYPTION_KEY, 'base64')).toHaveLength(32);
    expect(second.APP_ENCRYPTION_KEY).toBe(first.APP_ENCRYPTION_KEY);
    expect(readFileSync(dotEnv, 'utf8').match(/APP_ENCRYPTION_KEY=/g)).toHaveLength(1);
    expect(statSync(dotEnv).mode & 0o777).toBe(0o600);
    // Said once, and the value itself is never printed.
    expect(lines.join('')).toMatch(/generated a development APP_ENCRYPTION_KEY/);
    expect(lines).toHaveLength(1);
    expect(lines.join('')).not.toContain(first.APP_ENCRYPTION_KEY);
  });

  it('lets the environment win over .env', () => {
    const dotEnv = scratch();
    writeFileSync(dotEnv, `APP_ENCRYPTION_KEY=${key}\nPORT=4000\n`);
    expect(loadConfig({ ...valid, PORT: '5000' }, dotEnv).PORT).toBe(5000);
    expect(loadConfig({ DATABASE_URL: valid.DATABASE_URL }, dotEnv).PORT).toBe(4000);
  });

  it('in production reads neither .env nor generates anything', () => {
    const dotEnv = scratch();
    writeFileSync(dotEnv, `APP_ENCRYPTION_KEY=${key}\n`);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: valid.DATABASE_URL }, dotEnv)).toThrow(
      /APP_ENCRYPTION_KEY is not set/,
    );
    expect(readFileSync(dotEnv, 'utf8')).toBe(`APP_ENCRYPTION_KEY=${key}\n`);
  });
});
