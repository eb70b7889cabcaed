import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppServices } from '../app-services';
import { authenticateApiToken } from '../auth/api-tokens.service';
import { bearerCredentials } from '../auth/bearer-header';
import { invalidApiTokenMessage } from '../trpc/context';
import type { AppEnv } from '../http/request-telemetry';
import { createMcpServer } from './mcp-server';

/** Largest JSON-RPC message accepted, as for tRPC requests. */
const MAX_MCP_BYTES = 1024 * 1024;

/** A JSON-RPC error answered outside of any MCP exchange (no request id is known). */
const jsonRpcError = (message: string, code = -32000) => ({ jsonrpc: '2.0', error: { code, message }, id: null });

/**
 * `/mcp`: the Model Context Protocol over Streamable HTTP, for AI agents (decision 0012).
 * Stateless: every POST gets a server and transport of its own, acting as the owner of the API
 * token it carries (`Authorization: Bearer wfa_…`, exactly as tRPC reads it; never a cookie, so a
 * web page cannot make a signed-in browser call tools). Answers are JSON, not SSE streams: a tool
 * call answers once. There is no session to stream to or end, so GET and DELETE answer 405.
 */
export function mcpRoute(services: AppServices) {
  return new Hono<AppEnv>()
    .post(
      '/',
      bodyLimit({
        maxSize: MAX_MCP_BYTES,
        onError: (c) => c.json(jsonRpcError(`Request bodies are limited to ${MAX_MCP_BYTES} bytes.`), 413),
      }),
      async (c) => {
        const token = bearerCredentials(c.req.header('authorization'));
        const user = token ? await authenticateApiToken(services.models, token) : null;
        if (!user) {
          c.header('www-authenticate', 'Bearer realm="mcp"');
          return c.json(
            jsonRpcError(token === null ? 'Send an API token: Authorization: Bearer wfa_…' : invalidApiTokenMessage),
            401,
          );
        }
        // One message per POST: a batch of tool calls would start up to a hundred runs, each
        // waiting for its result, from one request. MCP's current revision has no batches either.
        const body: unknown = await c.req.raw
          .clone()
          .json()
          .catch(() => null);
        if (Array.isArray(body))
          return c.json(jsonRpcError('Send one JSON-RPC message per request; batches are not accepted.', -32600), 400);
        const server = createMcpServer(services, user, c.var.log);
        const transport = new WebStandardStreamableHTTPServerTransport({
          sessionIdGenerator: undefined,
          enableJsonResponse: true,
        });
        await server.connect(transport);
        try {
          return await transport.handleRequest(c.req.raw);
        } finally {
          await server.close();
        }
      },
    )
    .on(['GET', 'DELETE'], '/', (c) => {
      c.header('allow', 'POST');
      return c.json(jsonRpcError('This MCP server is stateless: send each message with POST.'), 405);
    });
}
