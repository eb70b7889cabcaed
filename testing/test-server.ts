import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { closeAppServices, createAppServices, type AppServices } from '../server/app-services';
import type { AppConfig } from '../core/config/env.schema';
import { parseConfig } from '../core/config/load-config';
import { serveApi } from './serve-api';

/** A valid test configuration on the suite's real services; `overrides` win. */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_UI_URL: inject('temporalUiUrl'),
    APP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PUBLIC_URL: 'http://localhost:5173',
    ...overrides,
  });
}

export interface TestServer {
  baseUrl: string;
  services: AppServices;
  close(): Promise<void>;
}

/** The real API on a real HTTP server, on `port` (a free loopback one by default), serving `webDist` when given. */
export async function startTestServer(
  config: AppConfig,
  { port = 0, webDist }: { port?: number; webDist?: string } = {},
): Promise<TestServer> {
  const services = createAppServices(config);
  const api = await serveApi(services, { port, ...(webDist ? { webDist } : {}) });
  return {
    baseUrl: api.baseUrl,
    services,
    close: async () => {
      await api.close();
      await closeAppServices(services);
    },
  };
}
