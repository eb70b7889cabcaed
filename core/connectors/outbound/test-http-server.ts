// Test support only: a real node:http server on 127.0.0.1 that records what reached it, so tests
// can assert that a refused request never got as far as a socket.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one request that reached the server looked like. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A running loopback test server. */
export interface TestHttpServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  origin: string;
  port: number;
  seen: SeenRequest[];
  /** TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests). */
  connections(): number;
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 at a free port, recording each request before handing it over. */
export async function startTestHttpServer(
  handler: (request: IncomingMessage, response: ServerResponse, body: string) => void,
): Promise<TestHttpServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body });
      handler(request, response, body);
    });
  });
  let connections = 0;
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    seen,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive and hung test connections would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
