import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { inject } from 'vitest';
import { closeAppServices, createAppServices, type AppServices } from '../server/app-services';
import type { AppConfig } from '../core/config/env.schema';
import { parseConfig } from '../core/config/load-config';
import { createApp } from '../server/http/app';

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
  const { server, baseUrl } = await new Promise<{ server: ReturnType<typeof serve>; baseUrl: string }>((resolve) => {
    const server = serve(
      { fetch: createApp(services, webDist ? { webDist } : {}).fetch, port, hostname: '127.0.0.1' },
      (info) => resolve({ server, baseUrl: `http://127.0.0.1:${info.port}` }),
    );
  });
  return {
    baseUrl,
    services,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await closeAppServices(services);
    },
  };
}
