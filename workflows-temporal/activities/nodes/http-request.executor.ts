import { connectorHeaders } from '../../../core/connectors/http-connector-headers';
import type { HttpRequestConfig } from '../../../core/spec/node-configs';
import { loadConnector } from '../../../core/connectors/load-connector';
import type { NodeContext, NodeRunResult } from '../node-context';
import { NodeError, outboundNodeError } from '../../../core/run/node-error';
import { safeFetch } from '../../../core/connectors/outbound/safe-fetch';
import { isUnderBaseUrl } from '../../../core/connectors/outbound/base-url';

const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/** Retrying cannot fix a 4xx, except a timeout (408) or rate limit (429). */
const retryableStatus = (status: number) => status >= 500 || status === 408 || status === 429;

/** GET and HEAD change nothing (RFC 9110, 9.2.1): a repeat has nothing to apply twice, so they carry no key. */
const safeMethods = new Set<HttpRequestConfig['method']>(['GET', 'HEAD']);

async function connectorParts(config: HttpRequestConfig, ctx: NodeContext) {
  if (!config.connectorId) return { base: null, headers: {} as Record<string, string> };
  const { config: connector, secret } = await loadConnector(
    ctx.deps.models,
    ctx.deps.encryptionKeys,
    ctx.ownerId,
    config.connectorId,
    'http',
  );
  return { base: new URL(connector.baseUrl), headers: connectorHeaders(connector, secret) };
}

/** Resolves the node's URL; with a connector it must stay under the connector's base URL. */
function targetUrl(rendered: string, base: URL | null): string {
  let url: URL;
  try {
    // "/invoices" is relative to the connector's base path, not to the host's root.
    const joined = base && rendered.startsWith('/') ? `${base.pathname.replace(/\/$/, '')}${rendered}` : rendered;
    url = base ? new URL(joined, base) : new URL(rendered);
  } catch {
    throw new NodeError(
      `url "${rendered}" is not a valid ${base ? 'path or URL' : 'absolute URL'}`,
      'NodeConfigError',
      false,
    );
  }
  // The connector's credentials go only where the connector points, never where a template says.
  if (base && !isUnderBaseUrl(url, base))
    throw new NodeError(
      `url ${url.origin}${url.pathname} is outside the connector's base URL ${base.href}`,
      'NodeConfigError',
      false,
    );
  return url.toString();
}

function requestBody(config: HttpRequestConfig, ctx: NodeContext, headers: Record<string, string>): string | undefined {
  if (config.body === null || config.body === undefined || config.method === 'GET' || config.method === 'HEAD')
    return undefined;
  const value = ctx.templates.render(config.body, 'body');
  if (typeof value === 'string') return value;
  headers['content-type'] ??= 'application/json';
  return JSON.stringify(value);
}

function parseBody(bytes: Uint8Array, contentType: string | undefined): unknown {
  const text = Buffer.from(bytes).toString('utf8');
  if (contentType && /\bjson\b/i.test(contentType) && text.length > 0) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Calls an HTTP API through the outbound guard; answers are classified retryable or not. */
export async function runHttpRequest(config: HttpRequestConfig, ctx: NodeContext): Promise<NodeRunResult> {
  const { base, headers } = await connectorParts(config, ctx);
  for (const header of config.headers)
    headers[header.name.toLowerCase()] = ctx.templates.renderText(header.value, `header ${header.name}`);
  // A key the node or its connector sets is the user's to choose, whatever its letter case.
  if (!safeMethods.has(config.method)) headers['idempotency-key'] ??= ctx.idempotencyKey;
  const url = targetUrl(ctx.templates.renderText(config.url, 'url'), base);
  const body = requestBody(config, ctx, headers);
  const where = new URL(url);
  ctx.log(`${config.method} ${where.origin}${where.pathname}`);
  let response;
  try {
    response = await safeFetch(
      {
        url,
        method: config.method,
        headers,
        body,
        timeoutMs: config.timeoutSeconds * 1000,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        redirectsStayUnder: base ?? undefined,
      },
      ctx.deps.outbound,
    );
  } catch (error) {
    throw outboundNodeError(error) ?? error;
  }
  const { 'set-cookie': _dropped, ...responseHeaders } = response.headers;
  const output = {
    status: response.status,
    headers: responseHeaders,
    body: parseBody(response.body, response.headers['content-type']),
  };
  if (response.status >= 400) {
    throw new NodeError(
      `HTTP ${response.status} from ${where.origin}${where.pathname}`,
      retryableStatus(response.status) ? 'HttpServerError' : 'HttpClientError',
      retryableStatus(response.status),
    );
  }
  ctx.log(`answered ${response.status}`);
  return { output };
}
