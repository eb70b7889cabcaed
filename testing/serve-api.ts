import { serve } from '@hono/node-server';
import type { AppServices } from '../server/app-services';
import { createApp } from '../server/http/app';

export interface ServedApi {
  /** http://127.0.0.1:PORT, no trailing slash. */
  baseUrl: string;
  /** Stops the HTTP server; the services stay open (their owner closes them). */
  close(): Promise<void>;
}

/**
 * The real Hono app on a real HTTP server on loopback, `port` (a free one by default), serving
 * `webDist` when given. Free of vitest, so scripts (the bench) serve the API as the tests do.
 */
export async function serveApi(
  services: AppServices,
  { port = 0, webDist }: { port?: number; webDist?: string } = {},
): Promise<ServedApi> {
  return new Promise((resolve) => {
    const server = serve(
      { fetch: createApp(services, webDist ? { webDist } : {}).fetch, port, hostname: '127.0.0.1' },
      (info) =>
        resolve({
          baseUrl: `http://127.0.0.1:${info.port}`,
          close: () => new Promise<void>((done) => server.close(() => done())),
        }),
    );
  });
}
