import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema, productionRequired } from './env.schema';
import { parseConfig } from './load-config';
import { repoRoot } from './paths';

// No Docker engine runs here, so this reads docker-compose.yml and checks it against the app's
// configuration schema: names, ports and variables must agree.

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string | number>;
  ports?: string[];
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;

/** What `docker compose` would pass: `${X:?…}` and `${X}` take `given`, `${X:-d}` takes d. */
function interpolate(value: string | number, given: Record<string, string>): string {
  return String(value).replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    if (given[name] !== undefined) return given[name];
    if (kind === '-') return rest ?? '';
    throw new Error(`docker compose would refuse to start: ${name} is required (${rest})`);
  });
}

const given = { POSTGRES_PASSWORD: 'pw0123456789', APP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') };
const environmentOf = (name: string) =>
  Object.fromEntries(
    Object.entries(services[name]!.environment ?? {}).map(([key, value]) => [key, interpolate(value, given)]),
  );
const containerPorts = (name: string) => (services[name]!.ports ?? []).map((p) => Number(p.split(':').at(-1)));
const hostPorts = (name: string) => (services[name]!.ports ?? []).map((p) => Number(p.split(':').at(-2)));

describe('docker-compose.yml', () => {
  it('describes PostgreSQL, Temporal, its Web UI, the server and the worker', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'temporal', 'temporal-ui', 'server', 'worker']),
    );
    expect(services.server!.build).toBe('.');
    expect(services.worker!.build).toBe('.');
  });

  it.each(['server', 'worker'])(
    'gives the %s only variables the config schema knows, and a valid production config',
    (name) => {
      const env = environmentOf(name);
      const known = Object.keys(envSchema.shape);
      expect(Object.keys(env).filter((key) => !known.includes(key))).toEqual([]);
      expect(env.NODE_ENV).toBe('production');
      for (const key of productionRequired) expect(env[key], key).toBeTruthy();
      expect(() => parseConfig(env)).not.toThrow();
    },
  );

  it('refuses to start without the production secrets', () => {
    expect(() => environmentOf('server')).not.toThrow();
    expect(() => Object.values(services.server!.environment!).map((v) => interpolate(v, {}))).toThrow(
      /POSTGRES_PASSWORD|APP_ENCRYPTION_KEY/,
    );
    expect(String(services.server!.environment!.APP_ENCRYPTION_KEY)).toMatch(/^\$\{APP_ENCRYPTION_KEY:\?/);
  });

  it('points DATABASE_URL at the postgres service and its database and user', () => {
    const url = new URL(parseConfig(environmentOf('server')).DATABASE_URL);
    const postgres = environmentOf('postgres');
    expect(url.hostname).toBe('postgres');
    expect(url.port || '5432').toBe('5432');
    expect(url.pathname).toBe(`/${postgres.POSTGRES_DB}`);
    expect(url.username).toBe(postgres.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(postgres.POSTGRES_PASSWORD);
  });

  it('runs Temporal on that same PostgreSQL', () => {
    const temporal = environmentOf('temporal');
    expect(temporal.DB).toBe('postgres12');
    expect(temporal.POSTGRES_SEEDS).toBe('postgres');
    expect(temporal.POSTGRES_USER).toBe(environmentOf('postgres').POSTGRES_USER);
  });

  it('points TEMPORAL_ADDRESS at the temporal service port, as the Web UI does', () => {
    const config = parseConfig(environmentOf('worker'));
    const [host, port] = config.TEMPORAL_ADDRESS.split(':');
    expect(host).toBe('temporal');
    expect(containerPorts('temporal')).toContain(Number(port));
    expect(environmentOf('temporal-ui').TEMPORAL_ADDRESS).toBe(config.TEMPORAL_ADDRESS);
  });

  it('links TEMPORAL_UI_URL to the published Web UI port', () => {
    const config = parseConfig(environmentOf('server'));
    expect(hostPorts('temporal-ui')).toContain(Number(new URL(config.TEMPORAL_UI_URL).port));
  });

  it("publishes the server on its PORT, which PUBLIC_URL names by default, its METRICS_PORT and its worker's", () => {
    const config = parseConfig(environmentOf('server'));
    expect(config.API_WORKER).toBe(true);
    expect(containerPorts('server')).toEqual([config.PORT, config.METRICS_PORT, config.API_WORKER_METRICS_PORT]);
    expect(Number(new URL(config.PUBLIC_URL).port)).toBe(hostPorts('server')[0]);
  });

  it("publishes the worker's WORKER_METRICS_PORT, and the metrics ports on the host's loopback only", () => {
    const config = parseConfig(environmentOf('worker'));
    expect(containerPorts('worker')).toEqual([config.WORKER_METRICS_PORT]);
    const metricsPorts = [...services.server!.ports!.slice(1), ...services.worker!.ports!];
    for (const port of metricsPorts) expect(port).toMatch(/^127\.0\.0\.1:/);
  });
});
